package dev.agentops.fitness;

import java.util.Objects;

/**
 * How one goal fared in one cycle.
 *
 * @param goalId the goal
 * @param weight its weight in that cycle
 * @param passed whether it was met
 * @param summary what its check said, in a line (bounded and redacted by {@link
 *     dev.agentops.gate.GateResult})
 * @since 0.1.0
 */
public record GoalResult(String goalId, double weight, boolean passed, String summary) {

  /**
   * Checks the components.
   *
   * @param goalId the goal
   * @param weight the weight
   * @param passed whether it passed
   * @param summary the summary
   * @throws IllegalArgumentException if the weight is not finite and above 0
   */
  public GoalResult {
    Objects.requireNonNull(goalId, "goalId");
    Objects.requireNonNull(summary, "summary");
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "weight of the result of goal '"
              + goalId
              + "' must be finite and > 0, but was "
              + weight);
    }
  }
}
