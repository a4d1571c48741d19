package dev.agentops.context;

import dev.agentops.llm.ModelProfile;
import java.util.List;
import java.util.Random;

/** Small, deterministic helpers shared by the context tests. */
final class ContextFixtures {

  /** A 2,000-token window with 200 reserved for the reply: a capacity of 1,800, often hit. */
  static final ModelProfile SMALL =
      ModelProfile.builder("test", "small").contextWindow(2_000).maxOutputTokens(200).build();

  /**
   * Counts words separated by spaces and control characters: deterministic and easy to reason
   * about. The budget is the caller of the counter SPI, so a counter of our own is a fair stand-in
   * for most properties.
   */
  static final TokenCounter WORDS =
      new TokenCounter() {
        @Override
        public int count(String text) {
          int words = 0;
          boolean inWord = false;
          for (int i = 0; i < text.length(); i++) {
            boolean space = text.charAt(i) <= ' ';
            if (!space && !inWord) {
              words++;
            }
            inWord = !space;
          }
          return words;
        }

        @Override
        public String toString() {
          return "words";
        }
      };

  private static final List<String> VOCABULARY =
      List.of(
          "the",
          "build",
          "test",
          "order",
          "service",
          "returns",
          "null",
          "when",
          "cart",
          "is",
          "empty",
          "we",
          "retry",
          "request",
          "timeout",
          "config",
          "value",
          "parser",
          "line",
          "column",
          "module",
          "payment",
          "gateway",
          "stack",
          "trace",
          "shows",
          "lock",
          "queue",
          "worker",
          "thread",
          "commit",
          "branch",
          "diff",
          "patch",
          "schema",
          "field",
          "index",
          "cache",
          "entry",
          "OrderService.java:42",
          "assertEquals(3,",
          "size())",
          "{\"id\":",
          "7}",
          "ünïcode",
          "naïve",
          "日本語",
          "emoji🙂",
          "x->y",
          "a_b_c");

  private static final List<String> SIGNALS =
      List.of(
          "We decided to keep the retry because the gateway drops one request in ten.",
          "The build fails on the parser module.",
          "Should the cache be cleared on every commit?",
          "We found the lock held by the worker thread.",
          "Next we must patch the schema field.",
          "This is blocked on the payment gateway.");

  private ContextFixtures() {}

  /** Returns the id an admitted item has in the budget. */
  static String idOf(Admission a) {
    if (a instanceof Admission.Admitted ok) {
      return ok.itemId();
    }
    if (a instanceof Admission.AdmittedAfterCompaction ok) {
      return ok.itemId();
    }
    throw new AssertionError("not admitted: " + a);
  }

  /** Returns prose of about {@code words} words: plain sentences, some carrying signals. */
  static String prose(Random random, int words) {
    StringBuilder text = new StringBuilder(words * 8);
    int written = 0;
    while (written < words) {
      if (text.length() > 0) {
        text.append(' ');
      }
      if (random.nextInt(6) == 0 && words - written >= 12) {
        String signal = SIGNALS.get(random.nextInt(SIGNALS.size()));
        text.append(signal);
        written += signal.split(" ").length;
        continue;
      }
      int length = Math.min(words - written, 3 + random.nextInt(12));
      for (int i = 0; i < length; i++) {
        if (i > 0) {
          text.append(' ');
        }
        String word = VOCABULARY.get(random.nextInt(VOCABULARY.size()));
        if (i == 0) {
          text.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        } else {
          text.append(word);
        }
      }
      text.append('.');
      written += length;
    }
    return text.toString();
  }
}
