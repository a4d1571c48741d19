package dev.agentops.llm;

/**
 * The tokens a call consumed, as the provider reported them.
 *
 * <p>{@code promptTokens} counts every input token, including those served from the provider's
 * prompt cache; {@code cachedTokens} is the part of them that was. A provider that reports no usage
 * yields {@link #NONE}.
 *
 * @param promptTokens input tokens, including cached ones; {@code >= 0}
 * @param completionTokens output tokens; {@code >= 0}
 * @param cachedTokens input tokens read from the provider's cache; between 0 and {@code
 *     promptTokens}
 * @since 0.1.0
 */
public record TokenUsage(long promptTokens, long completionTokens, long cachedTokens) {

  /** No usage: what a response carries when the provider reported none. */
  public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

  /**
   * Checks the counts.
   *
   * @param promptTokens input tokens, including cached ones
   * @param completionTokens output tokens
   * @param cachedTokens input tokens read from the provider's cache
   * @throws IllegalArgumentException if a count is negative or more tokens are cached than were
   *     sent
   */
  public TokenUsage {
    if (promptTokens < 0) {
      throw new IllegalArgumentException("promptTokens must be >= 0, but was " + promptTokens);
    }
    if (completionTokens < 0) {
      throw new IllegalArgumentException(
          "completionTokens must be >= 0, but was " + completionTokens);
    }
    if (cachedTokens < 0 || cachedTokens > promptTokens) {
      throw new IllegalArgumentException(
          "cachedTokens must be between 0 and promptTokens ("
              + promptTokens
              + "), but was "
              + cachedTokens);
    }
  }

  /**
   * Creates a usage with no cached tokens.
   *
   * @param promptTokens input tokens
   * @param completionTokens output tokens
   * @return the usage
   */
  public static TokenUsage of(long promptTokens, long completionTokens) {
    return new TokenUsage(promptTokens, completionTokens, 0);
  }

  /**
   * Returns input plus output tokens.
   *
   * @return the total
   */
  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  /**
   * Tells whether the provider reported any usage at all.
   *
   * @return {@code false} for {@link #NONE}
   */
  public boolean isReported() {
    return promptTokens > 0 || completionTokens > 0;
  }

  /**
   * Adds another usage to this one, for totals over several calls.
   *
   * @param other the usage to add
   * @return the sum
   */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        promptTokens + other.promptTokens,
        completionTokens + other.completionTokens,
        cachedTokens + other.cachedTokens);
  }
}
