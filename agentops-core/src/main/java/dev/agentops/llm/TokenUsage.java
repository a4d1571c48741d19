package dev.agentops.llm;

/**
 * The tokens a call consumed, as the provider reported them.
 *
 * <p>{@code promptTokens} counts every input token, including those served from the provider's
 * prompt cache; {@code cachedTokens} is the part of them that was. A provider that reports no usage
 * yields {@link #NONE}.
 *
 * <p>Sums ({@link #plus(TokenUsage)}, {@link #totalTokens()}) saturate at {@link Long#MAX_VALUE}
 * instead of overflowing: the counts come from providers, and a wild report must not make the
 * bookkeeping of a call fail after the call was made.
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
   * @return the total, or {@link Long#MAX_VALUE} if it would be larger
   */
  public long totalTokens() {
    return saturatedSum(promptTokens, completionTokens);
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
   * Adds another usage to this one, for totals over several calls. Each count saturates at {@link
   * Long#MAX_VALUE}, so the sum is always a valid usage.
   *
   * @param other the usage to add
   * @return the sum
   */
  public TokenUsage plus(TokenUsage other) {
    // Saturating keeps cached <= prompt: both sums are monotone in their (ordered) terms.
    return new TokenUsage(
        saturatedSum(promptTokens, other.promptTokens),
        saturatedSum(completionTokens, other.completionTokens),
        saturatedSum(cachedTokens, other.cachedTokens));
  }

  /** Adds two counts that are never negative, stopping at {@link Long#MAX_VALUE}. */
  private static long saturatedSum(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
