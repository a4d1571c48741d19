package dev.agentops.fitness;

/**
 * Told when a goal keeps failing, so that the pattern is extracted (by the knowledge module's
 * failure harvesting, or the host's own) instead of only retried.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Called on the thread that ends the cycle, after the cycle's report is stored, once per
 *       recurring failure: when a goal's streak reaches the threshold, and again each time it grows
 *       by the threshold once more.
 *   <li>An exception it raises is logged and otherwise ignored: it never breaks the cycle or loses
 *       the report.
 * </ul>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RecurringFailureListener {

  /**
   * Handles a recurring failure.
   *
   * @param failure the goal and its streak
   * @throws Exception if extraction failed; logged
   */
  void onRecurringFailure(RecurringFailure failure) throws Exception;
}
