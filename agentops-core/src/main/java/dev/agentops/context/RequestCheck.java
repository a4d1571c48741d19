package dev.agentops.context;

/**
 * Whether a request fits a model's window: its prompt plus the output it may produce.
 *
 * @param promptTokens the counted prompt
 * @param outputTokens the output the request may produce: its own limit, or the budget's reserved
 *     output
 * @param contextWindow the model's window
 * @since 0.1.0
 */
public record RequestCheck(long promptTokens, long outputTokens, long contextWindow) {

  /**
   * Checks the numbers.
   *
   * @param promptTokens the counted prompt
   * @param outputTokens the output allowed
   * @param contextWindow the window
   * @throws IllegalArgumentException if a count is negative or the window is not positive
   */
  public RequestCheck {
    if (promptTokens < 0 || outputTokens < 0 || contextWindow <= 0) {
      throw new IllegalArgumentException(
          "a request check needs prompt >= 0, output >= 0, window > 0, but was "
              + promptTokens
              + ", "
              + outputTokens
              + ", "
              + contextWindow);
    }
  }

  /**
   * Tells whether the request fits.
   *
   * @return {@code true} if prompt plus output is within the window
   */
  public boolean fits() {
    return tokensOver() == 0;
  }

  /**
   * Returns by how much the request is too large.
   *
   * @return prompt plus output minus window, or 0 if it fits
   */
  public long tokensOver() {
    return Math.max(0, promptTokens + outputTokens - contextWindow);
  }
}
