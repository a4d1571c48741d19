package dev.agentops.knowledge.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic text signals the quality rubric is computed from. Every function here is pure,
 * and documented in {@code QualityRubric}; changing one changes scores and must be a conscious act.
 */
public final class TextSignals {

  private TextSignals() {}

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern HAS_WORD_CHAR = Pattern.compile("[\\p{L}\\p{N}]");
  private static final Pattern BACKTICK_SPAN = Pattern.compile("`[^`\\n]+`");
  private static final Pattern NUMBER = Pattern.compile(".*\\d.*");
  private static final Pattern IDENTIFIER =
      Pattern.compile(".*(\\p{L}[._/:]\\p{L}|\\p{Ll}\\p{Lu}|^--?\\p{L}|\\p{L}_\\p{L}|\\(\\)).*");
  private static final Pattern ACRONYM = Pattern.compile("\\p{Lu}{2,}[\\p{Lu}\\d]*s?");
  private static final Pattern CAPITALIZED = Pattern.compile("\\p{Lu}\\p{Ll}+.*");
  private static final Pattern TRIM_PUNCT =
      Pattern.compile("^[\\p{Punct}“”‘’«»]+|[\\p{Punct}“”‘’«»]+$");
  private static final Pattern SENTENCE_START =
      Pattern.compile("(?:^|[.!?]\\s+|\\n\\s*(?:[-*]\\s+|\\d+\\.\\s+)?)(\\S+)");
  private static final Pattern CODE_WORD = Pattern.compile(".*[\\d._/()=-].*");

  private static final List<String> VAGUE =
      List.of(
          "things",
          "stuff",
          "something",
          "somehow",
          "various",
          "etc",
          "in general",
          "be careful",
          "it depends",
          "learned about",
          "some issues",
          "good practice",
          "properly",
          "as needed",
          "kind of",
          "sort of");

  /** Imperative verbs that open a directive sentence ("Use …", "Pin …"). */
  private static final Set<String> IMPERATIVES =
      Set.of(
          "add",
          "always",
          "ask",
          "avoid",
          "call",
          "cap",
          "check",
          "commit",
          "configure",
          "count",
          "create",
          "define",
          "delete",
          "document",
          "don't",
          "do",
          "ensure",
          "escape",
          "fence",
          "fix",
          "give",
          "include",
          "inject",
          "keep",
          "lead",
          "let",
          "limit",
          "lock",
          "make",
          "measure",
          "name",
          "never",
          "pass",
          "pin",
          "prefer",
          "push",
          "put",
          "quote",
          "read",
          "record",
          "remove",
          "replace",
          "retry",
          "run",
          "set",
          "skip",
          "split",
          "start",
          "stop",
          "store",
          "tag",
          "test",
          "treat",
          "use",
          "validate",
          "verify",
          "wrap",
          "write");

  private static final Pattern DIRECTIVE_MARKER =
      Pattern.compile(
          "\\b(should|must|always|never|don't|do not|avoid|prefer|instead of|rather than|make sure"
              + "|ensure)\\b",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern FAILURE_MARKER =
      Pattern.compile(
          "\\b(fails?|failed|breaks?|broke|doesn't work|does not work|did not work|caused|loses?"
              + "|lost|corrupts?|hangs?)\\b",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern CONDITION =
      Pattern.compile(
          "\\b(when|whenever|if|unless|before|after|once|until|while|during)\\b",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern NARRATION =
      Pattern.compile(
          "(?:^|[.!?]\\s+|\\n)(?:Let me|Let's|I'll|I will|I'm|I am going|Now let|Waiting for)\\b"
              + "|ARGUMENTS:|<command-|\\[Request interrupted",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern MARKUP_TAG = Pattern.compile("</?[a-z][a-z0-9_-]*>");
  private static final Pattern HEADING = Pattern.compile("(?m)^\\s{0,3}#{1,6}\\s");
  private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\s*\\|.*\\|");

  /** Counts words: whitespace-separated tokens that hold a letter or digit. */
  public static int words(String text) {
    int n = 0;
    for (String token : WHITESPACE.split(text.strip())) {
      if (HAS_WORD_CHAR.matcher(token).find()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Returns the distinct concrete tokens of a text: numbers, code spans, identifiers (dotted,
   * slashed, snake or camel case, flags), acronyms, and capitalized words that do not open a
   * sentence (names).
   */
  public static Set<String> concreteTokens(String text) {
    Set<String> found = new LinkedHashSet<>();
    Matcher spans = BACKTICK_SPAN.matcher(text);
    while (spans.find()) {
      found.add(spans.group());
    }
    String withoutSpans = BACKTICK_SPAN.matcher(text).replaceAll(" ");
    Set<String> sentenceStarts = new LinkedHashSet<>();
    Matcher starts = SENTENCE_START.matcher(withoutSpans);
    while (starts.find()) {
      sentenceStarts.add(trim(starts.group(1)));
    }
    for (String raw : WHITESPACE.split(withoutSpans.strip())) {
      String token = trim(raw);
      if (token.isEmpty()) {
        continue;
      }
      if (NUMBER.matcher(token).matches()
          || IDENTIFIER.matcher(raw).matches()
          || ACRONYM.matcher(token).matches()) {
        found.add(token);
      } else if (CAPITALIZED.matcher(token).matches() && !sentenceStarts.contains(token)) {
        found.add(token);
      }
    }
    return found;
  }

  /** Counts vague phrases ("things", "stuff", "be careful", …), each occurrence once. */
  public static int vaguePhrases(String text) {
    String lower = " " + text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]", " ") + " ";
    int n = 0;
    for (String phrase : VAGUE) {
      int from = 0;
      String needle = " " + phrase + " ";
      while ((from = lower.indexOf(needle, from)) >= 0) {
        n++;
        from += needle.length() - 1;
      }
    }
    return n;
  }

  /** Tells whether a text opens a sentence with an imperative verb, or holds a directive word. */
  public static boolean directive(String text) {
    Matcher starts = SENTENCE_START.matcher(text);
    while (starts.find()) {
      if (IMPERATIVES.contains(trim(starts.group(1)).toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return DIRECTIVE_MARKER.matcher(text).find();
  }

  /** Tells whether a text says what fails ("X fails when Y", "breaks", "lost"). */
  public static boolean failureStatement(String text) {
    return FAILURE_MARKER.matcher(text).find();
  }

  /** Tells whether a text states a condition (when, if, unless, before, after, …). */
  public static boolean condition(String text) {
    return CONDITION.matcher(text).find();
  }

  /** Tells whether a text ends mid-thought. */
  public static boolean truncated(String text) {
    String t = text.strip();
    if (t.endsWith("..") || t.endsWith("…")) {
      return true;
    }
    char last = t.isEmpty() ? '.' : t.charAt(t.length() - 1);
    return ":,;(-|".indexOf(last) >= 0;
  }

  /** Tells whether a text begins inside a sentence: a lower-case first word that is not code. */
  public static boolean startsMidSentence(String text) {
    String t = text.strip();
    if (t.isEmpty() || !Character.isLowerCase(t.codePointAt(0))) {
      return false;
    }
    String first = WHITESPACE.split(t, 2)[0];
    return !CODE_WORD.matcher(first).matches();
  }

  /** Tells whether a text holds Markdown or markup cut apart. */
  public static boolean markupDebris(String text) {
    return count(text, "**") % 2 != 0
        || count(text, "```") % 2 != 0
        || HEADING.matcher(text).find()
        || TABLE_ROW.matcher(text).find()
        || MARKUP_TAG.matcher(text).find();
  }

  /** Tells whether a text is an agent's narration or a tool's echo. */
  public static boolean narration(String text) {
    return NARRATION.matcher(text).find();
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  private static String trim(String token) {
    return TRIM_PUNCT.matcher(token).replaceAll("");
  }
}
