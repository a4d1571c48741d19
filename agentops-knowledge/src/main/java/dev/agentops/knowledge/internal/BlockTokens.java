package dev.agentops.knowledge.internal;

import dev.agentops.context.ModelTokenCounter;
import dev.agentops.context.TokenCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Counts the tokens of a block of lines joined by newlines as the sum of its lines' counts, each
 * line but the last counted with its newline, and each line as the sum of its words' counts, so
 * that a block made of words the counter has seen costs a lookup per word instead of a
 * tokenization.
 *
 * <p>The sums are exact for a {@link ModelTokenCounter}: its raw count is o200k_base or
 * cl100k_base, whose pre-tokenizers split text into pieces that BPE encodes independently, and the
 * counts of two texts add up whenever no piece of their concatenation spans the joint and the
 * pieces after the joint are those of the second text alone (the pre-tokenizers have no
 * look-behind, so scanning resumes at a piece boundary as it starts on a new text).
 *
 * <ul>
 *   <li><b>Lines.</b> When every line starts and ends with a character that is not whitespace (and
 *       does not start with a slash), no piece spans a line's newline and the next line's first
 *       character: a newline after a non-whitespace character is either its own piece or ends the
 *       punctuation piece before it, and stops at the next line's first character.
 *   <li><b>Words.</b> Within a line, a solid character (one that is whitespace under no definition:
 *       not whitespace, not a space or control character, not half of a surrogate pair) followed by
 *       a space always ends a piece: the piece holding it is a word piece (an optional leading
 *       non-letter, then letters and marks, then an optional contraction), a number piece (digits)
 *       or a punctuation piece (non-space symbols, then newlines or slashes), and a space extends
 *       none of those. So a line is split before every space that follows a solid character, and
 *       the chunks ({@code "- Pin"}, {@code " the"}, {@code " JDK."}, …) are counted one by one,
 *       each cached by its text. (Cutting after letters only, as this class first did, left a
 *       word's trailing punctuation joined to the next word, and so far more distinct chunks.)
 * </ul>
 *
 * <p>The family's factor is applied to the sum as it is to a whole count. Other counters, or lines
 * that do not meet the condition, are counted whole. The word cache is this object's own, one per
 * encoding, bounded ({@value #MAX_CACHED_CHUNKS} chunks in two generations, keeping those used
 * again), and does not touch the counter's cache; chunks longer than {@value
 * #MAX_CACHED_CHUNK_CHARS} characters are counted without caching. Thread-safe.
 */
public final class BlockTokens {

  static final int MAX_CACHED_CHUNKS = 1 << 16;
  static final int MAX_CACHED_CHUNK_CHARS = 48;

  /** Per encoding name: a counter of the same encoding without a cache, and the chunks' counts. */
  private final Map<String, Chunks> byEncoding = new ConcurrentHashMap<>();

  private static final class Chunks {
    final ModelTokenCounter raw;

    /**
     * Two generations of counts: new chunks go to the young one; when it is full it becomes the old
     * one and the one before is dropped, and a chunk found in the old one is copied back to the
     * young. So chunks used again survive a turnover, where clearing one map when full, as this
     * cache first did, made every chunk miss again after each clear; and a lookup stays a plain map
     * read, cheaper than a cache that records every read.
     */
    volatile ConcurrentHashMap<String, Integer> young = new ConcurrentHashMap<>();

    volatile ConcurrentHashMap<String, Integer> old = new ConcurrentHashMap<>();

    Chunks(ModelTokenCounter model) {
      this.raw = ModelTokenCounter.builder(model.family()).cacheSize(0).build();
    }

    @Nullable Integer get(String chunk) {
      Integer count = young.get(chunk);
      if (count == null) {
        count = old.get(chunk);
        if (count != null) {
          put(chunk, count);
        }
      }
      return count;
    }

    void put(String chunk, int count) {
      ConcurrentHashMap<String, Integer> y = young;
      if (y.size() >= MAX_CACHED_CHUNKS / 2) {
        synchronized (this) {
          if (young == y) {
            old = y;
            young = new ConcurrentHashMap<>();
          }
        }
        y = young;
      }
      y.put(chunk, count);
    }

    int size() {
      return young.size() + old.size();
    }
  }

  /**
   * Counts {@code String.join("\n", lines)} with a counter.
   *
   * @param counter the counter
   * @param lines the lines, without newlines
   * @return what {@code counter.count(String.join("\n", lines))} returns
   */
  public int count(TokenCounter counter, List<String> lines) {
    if (!(counter instanceof ModelTokenCounter model) || !additive(lines)) {
      return counter.count(String.join("\n", lines));
    }
    Chunks chunks = chunks(model);
    long raw = 0;
    int last = lines.size() - 1;
    for (int i = 0; i <= last; i++) {
      raw += rawCount(chunks, i < last ? lines.get(i) + "\n" : lines.get(i));
    }
    return scale(raw, model.factor());
  }

  /**
   * Counts {@code String.join("\n", lines)} with a counter as {@link #count(TokenCounter, List)}
   * does, taking the raw count of each line but the last from a memo that {@link
   * #countLine(TokenCounter, String, Map)} filled with the same counter, and adding those it
   * counts: a block whose entries were counted one by one is then not counted a second time.
   *
   * @param counter the counter
   * @param lines the lines, without newlines
   * @param memo raw counts of lines with their newline, by line, for this counter only; not
   *     thread-safe
   * @return what {@code counter.count(String.join("\n", lines))} returns
   */
  public int count(TokenCounter counter, List<String> lines, Map<String, Long> memo) {
    if (!(counter instanceof ModelTokenCounter model) || !additive(lines)) {
      return counter.count(String.join("\n", lines));
    }
    Chunks chunks = chunks(model);
    long raw = 0;
    int last = lines.size() - 1;
    for (int i = 0; i < last; i++) {
      raw += memo.computeIfAbsent(lines.get(i), l -> rawCount(chunks, l + "\n"));
    }
    raw += rawCount(chunks, lines.get(last));
    return scale(raw, model.factor());
  }

  /**
   * Counts one line of a block as {@link #count(TokenCounter, List)} counts it when it is not the
   * last: with its newline.
   *
   * @param counter the counter
   * @param line the line, without a newline
   * @return the count of the line and its newline
   */
  public int countLine(TokenCounter counter, String line) {
    return countLine(counter, line, new HashMap<>());
  }

  /**
   * Counts one line of a block as {@link #countLine(TokenCounter, String)} does, and keeps its raw
   * count in a memo for {@link #count(TokenCounter, List, Map)}.
   *
   * @param counter the counter
   * @param line the line, without a newline
   * @param memo raw counts of lines with their newline, by line, for this counter only
   * @return the count of the line and its newline
   */
  public int countLine(TokenCounter counter, String line, Map<String, Long> memo) {
    if (!(counter instanceof ModelTokenCounter model)) {
      return counter.count(line + "\n");
    }
    Chunks chunks = chunks(model);
    long raw = memo.computeIfAbsent(line, l -> rawCount(chunks, l + "\n"));
    return scale(raw, model.factor());
  }

  /**
   * Counts a text with a model's encoding, before its factor, as the sum of the counts of its
   * chunks: what {@code model.rawCount(text)} returns.
   *
   * @param model the counter whose encoding counts
   * @param text any text
   * @return the raw count
   */
  public int rawCount(ModelTokenCounter model, String text) {
    return (int) Math.min(Integer.MAX_VALUE, rawCount(chunks(model), text));
  }

  /** How many chunks' counts are cached, over every encoding. */
  int cachedChunks() {
    return byEncoding.values().stream().mapToInt(Chunks::size).sum();
  }

  /** Tells whether a chunk's count is cached for a model's encoding, without using it. */
  boolean isCached(ModelTokenCounter model, String chunk) {
    Chunks c = byEncoding.get(model.encodingName());
    return c != null && (c.young.containsKey(chunk) || c.old.containsKey(chunk));
  }

  private Chunks chunks(ModelTokenCounter model) {
    return byEncoding.computeIfAbsent(model.encodingName(), k -> new Chunks(model));
  }

  private static long rawCount(Chunks chunks, String text) {
    long raw = 0;
    for (int start = 0, n = text.length(); start < n; ) {
      int end = chunkEnd(text, start);
      raw += chunkCount(chunks, start == 0 && end == n ? text : text.substring(start, end));
      start = end;
    }
    return raw;
  }

  /**
   * Where the chunk of a text that starts at an index ends: before the next space that follows a
   * solid character (not whitespace, not a space or control character, not half of a surrogate
   * pair), or at the text's end.
   */
  static int chunkEnd(String text, int start) {
    for (int i = start + 1, n = text.length(); i < n; i++) {
      if (text.charAt(i) == ' ' && solid(text.charAt(i - 1))) {
        return i;
      }
    }
    return text.length();
  }

  /** The chunks a text is counted as, in order: they join to the text. */
  static List<String> chunks(String text) {
    List<String> out = new ArrayList<>();
    for (int start = 0, n = text.length(); start < n; ) {
      int end = chunkEnd(text, start);
      out.add(text.substring(start, end));
      start = end;
    }
    return out;
  }

  private static int chunkCount(Chunks chunks, String chunk) {
    if (chunk.length() > MAX_CACHED_CHUNK_CHARS) {
      return chunks.raw.rawCount(chunk);
    }
    Integer cached = chunks.get(chunk);
    if (cached != null) {
      return cached;
    }
    int count = chunks.raw.rawCount(chunk);
    chunks.put(chunk, count);
    return count;
  }

  /** Applies a factor to a raw count as {@link ModelTokenCounter#count(String)} does. */
  private static int scale(long raw, double factor) {
    long scaled = factor == 1.0 ? raw : (long) Math.ceil(raw * factor);
    return (int) Math.min(Integer.MAX_VALUE, scaled);
  }

  /** Tells whether every line is non-empty and starts and ends with a non-whitespace character. */
  static boolean additive(List<String> lines) {
    if (lines.isEmpty()) {
      return false;
    }
    for (String line : lines) {
      // o200k's punctuation piece takes the newlines and slashes after it: a line starting with a
      // slash would join the piece ending the line before.
      if (line.isEmpty()
          || !solid(line.charAt(0))
          || line.charAt(0) == '/'
          || !solid(line.charAt(line.length() - 1))) {
        return false;
      }
    }
    return true;
  }

  private static boolean solid(char c) {
    return !Character.isWhitespace(c)
        && !Character.isSpaceChar(c)
        && !Character.isISOControl(c)
        && !Character.isSurrogate(c);
  }
}
