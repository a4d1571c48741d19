package dev.agentops.supervision;

import dev.agentops.context.Handoff;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything about one attempt that the host's {@link SessionFactory} and {@link WorkerTask} may
 * need: which unit, which worker, which attempt of which round, what failed before, and the handoff
 * the attempt's fresh session must start from.
 *
 * <p>A <em>round</em> is one run of up to {@link RetryPolicy#maxAttempts()} attempts. Round 0 is
 * the worker's own; each time a level above sends the unit back down (a {@link Resolution.Reframe}
 * or a human's {@link HumanDecision.Approve}) a new round starts with a fresh attempt budget.
 *
 * @since 0.1.0
 */
public final class AttemptRequest {

  private final WorkUnit unit;
  private final String worker;
  private final int round;
  private final int attempt;
  private final int maxAttempts;
  private final List<Failure> previousFailures;
  private final @Nullable String guidance;
  private final @Nullable Handoff handoff;

  AttemptRequest(
      WorkUnit unit,
      String worker,
      int round,
      int attempt,
      int maxAttempts,
      List<Failure> previousFailures,
      @Nullable String guidance,
      @Nullable Handoff handoff) {
    this.unit = Objects.requireNonNull(unit, "unit");
    this.worker = Objects.requireNonNull(worker, "worker");
    this.round = round;
    this.attempt = attempt;
    this.maxAttempts = maxAttempts;
    this.previousFailures = List.copyOf(previousFailures);
    this.guidance = guidance;
    this.handoff = handoff;
  }

  /**
   * Returns the unit of work, as the latest reframing left it.
   *
   * @return the unit
   */
  public WorkUnit unit() {
    return unit;
  }

  /**
   * Returns the worker the attempt runs for.
   *
   * @return the worker's id
   */
  public String worker() {
    return worker;
  }

  /**
   * Returns the round: 0 for the worker's own, one more for each time the unit was sent back down.
   *
   * @return the round
   */
  public int round() {
    return round;
  }

  /**
   * Returns the attempt's number within its round.
   *
   * @return 1 to {@link #maxAttempts()}
   */
  public int attempt() {
    return attempt;
  }

  /**
   * Returns how many attempts the round may have.
   *
   * @return the bound of the {@link RetryPolicy}
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the failures of earlier attempts at this unit, oldest first, across rounds.
   *
   * @return the failures; empty for the very first attempt
   */
  public List<Failure> previousFailures() {
    return previousFailures;
  }

  /**
   * Returns the guidance of the level that last sent the unit back down.
   *
   * @return the guidance, if the unit was reframed or approved with guidance
   */
  public Optional<String> guidance() {
    return Optional.ofNullable(guidance);
  }

  /**
   * Returns the handoff the attempt's session must start from: the earlier failures' feedback and
   * any guidance. {@link SessionFactory} implementations pass it to {@link
   * dev.agentops.context.AgentSession.Builder#handoff(Handoff)}.
   *
   * @return the handoff; empty only for a first attempt without guidance
   */
  public Optional<Handoff> handoff() {
    return Optional.ofNullable(handoff);
  }

  /**
   * Tells whether an earlier attempt at this unit failed.
   *
   * @return {@code true} for every attempt but the first
   */
  public boolean isRetry() {
    return !previousFailures.isEmpty();
  }

  @Override
  public String toString() {
    return "AttemptRequest["
        + unit.id()
        + ", worker "
        + worker
        + ", round "
        + round
        + ", attempt "
        + attempt
        + "/"
        + maxAttempts
        + "]";
  }
}
