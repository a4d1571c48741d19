package dev.agentops.knowledge.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The text analysis the index and the quality gate share: Lucene's English analysis (Unicode word
 * breaks, lower case, English stop words, Porter stemming), so that "retries" in a task matches
 * "retry" in a learning, and near-duplicates are compared on the same terms the index searches.
 */
public final class Analysis {

  /** Thread-safe: Lucene analyzers keep per-thread token streams. */
  private static final Analyzer ENGLISH = new EnglishAnalyzer();

  private Analysis() {}

  /** Returns the shared analyzer. */
  public static Analyzer analyzer() {
    return ENGLISH;
  }

  /**
   * Distinct terms beyond this many are not compared for near-duplicates; a learning's title and
   * lesson have far fewer.
   */
  public static final int MAX_COMPARED_TERMS = 512;

  /**
   * Returns every term of a text, repeats included, in order: what Lucene indexes when it analyzes
   * the text with {@link #analyzer()}.
   */
  public static List<String> tokens(String text) {
    // about a term per six characters of English text
    List<String> tokens = new ArrayList<>(text.length() / 6 + 4);
    try (TokenStream ts = ENGLISH.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        tokens.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      // Analysis of an in-memory string does no I/O.
      throw new UncheckedIOException(e);
    }
    return tokens;
  }

  /** Returns the distinct terms of a text, in order of first appearance, at most {@code max}. */
  public static Set<String> terms(String text, int max) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream ts = ENGLISH.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (terms.size() < max && ts.incrementToken()) {
        terms.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      // Analysis of an in-memory string does no I/O.
      throw new UncheckedIOException(e);
    }
    return terms;
  }

  /** Jaccard similarity of two term sets: shared terms over all terms, 0 when both are empty. */
  public static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 0.0;
    }
    Set<String> small = a.size() <= b.size() ? a : b;
    Set<String> large = small == a ? b : a;
    int shared = 0;
    for (String t : small) {
      if (large.contains(t)) {
        shared++;
      }
    }
    return (double) shared / (a.size() + b.size() - shared);
  }
}
