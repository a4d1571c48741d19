package dev.agentops.knowledge.internal;

import dev.agentops.context.ModelTokenCounter;
import dev.agentops.context.TokenCounter;
import java.util.List;

/**
 * Counts the tokens of a block of lines joined by newlines as the sum of its lines' counts, each
 * line but the last counted with its newline, so that a block made of lines the counter has seen
 * costs a cache lookup per line instead of a tokenization of the whole block.
 *
 * <p>The sum is exact for a {@link ModelTokenCounter}: its raw count is o200k_base or cl100k_base,
 * whose pre-tokenizers split text into pieces that BPE encodes independently, and when every line
 * starts and ends with a character that is not whitespace (and does not start with a slash), no
 * piece spans a line's newline and the next line's first character (a newline after a
 * non-whitespace character is either its own piece or ends the punctuation piece before it, and
 * stops at the next line's first character). So the pieces of the block are those of its lines, and
 * the counts add up. Its factor is applied to the sum as it is to a whole count. Other counters, or
 * lines that do not meet the condition, are counted whole.
 */
public final class BlockTokens {

  private BlockTokens() {}

  /**
   * Counts {@code String.join("\n", lines)} with a counter.
   *
   * @param counter the counter
   * @param lines the lines, without newlines
   * @return what {@code counter.count(String.join("\n", lines))} returns
   */
  public static int count(TokenCounter counter, List<String> lines) {
    if (!(counter instanceof ModelTokenCounter model) || !additive(lines)) {
      return counter.count(String.join("\n", lines));
    }
    long raw = 0;
    int last = lines.size() - 1;
    for (int i = 0; i <= last; i++) {
      raw += model.rawCount(i < last ? lines.get(i) + "\n" : lines.get(i));
    }
    double factor = model.factor();
    // ModelTokenCounter.count scales a raw count so.
    long scaled = factor == 1.0 ? raw : (long) Math.ceil(raw * factor);
    return (int) Math.min(Integer.MAX_VALUE, scaled);
  }

  /**
   * Counts one line of a block as {@link #count(TokenCounter, List)} counts it when it is not the
   * last: with its newline.
   *
   * @param counter the counter
   * @param line the line, without a newline
   * @return the count of the line and its newline
   */
  public static int countLine(TokenCounter counter, String line) {
    return counter.count(line + "\n");
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
