package dev.agentops.supervision;

import java.time.Instant;
import java.util.Objects;

/**
 * A failed attempt as recorded in the {@value SupervisionLog#LOG} log, with its context: the raw
 * material of failure harvesting (Factor XII).
 *
 * @param unit the unit's id
 * @param worker the worker's id
 * @param at when it failed
 * @param round the round (0 for the worker's own)
 * @param attempt the attempt's number within its round
 * @param session the id of the session it ran in; empty if no session could be opened
 * @param goal the unit's goal at the time
 * @param failure why it failed
 * @param action what the policy did next: {@code retry} or {@code escalate}
 * @since 0.1.0
 */
public record FailedAttempt(
    String unit,
    String worker,
    Instant at,
    int round,
    int attempt,
    String session,
    String goal,
    Failure failure,
    String action) {

  /**
   * Checks the components.
   *
   * @param unit the unit
   * @param worker the worker
   * @param at when
   * @param round the round
   * @param attempt the attempt
   * @param session the session
   * @param goal the goal
   * @param failure the failure
   * @param action the action
   */
  public FailedAttempt {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(action, "action");
  }
}
