package dev.agentops.fitness;

import dev.agentops.gate.GateResult;

/**
 * Checks one {@link FitnessGoal} against the system as it is now: a test suite passes, a metric is
 * under its target, no known-bad approach was tried again.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Returns a {@link GateResult}: {@link dev.agentops.gate.GateStatus#PASS} when the goal is
 *       met; {@code FAIL} when it is not; {@code ERROR} when it could not be checked. Only a pass
 *       counts as passing.
 *   <li>An exception counts as an error, never as a pass; it never breaks the cycle.
 *   <li>Called on the thread that ends the cycle, once per cycle; should not change the system.
 * </ul>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface FitnessCheck {

  /**
   * Checks the goal.
   *
   * @return the result
   * @throws Exception if the check could not run; recorded as an error
   */
  GateResult check() throws Exception;
}
