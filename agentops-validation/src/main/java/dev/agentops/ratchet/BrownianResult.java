package dev.agentops.ratchet;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link BrownianRatchet} run did: every attempt, and the one locked, if any.
 *
 * @param <T> what an attempt produces
 * @param attempts every attempt, by index
 * @param listenerFailures how many times a listener threw; each was reported and skipped
 * @since 0.1.0
 */
public record BrownianResult<T>(List<AttemptResult<T>> attempts, int listenerFailures) {

  /**
   * Copies the attempts.
   *
   * @param attempts the attempts
   * @param listenerFailures the listener failures
   */
  public BrownianResult {
    attempts = List.copyOf(attempts);
  }

  /**
   * Returns the attempt that was locked.
   *
   * @return the locked attempt, or empty if none passed or no lock held
   */
  public Optional<AttemptResult<T>> locked() {
    return attempts.stream().filter(a -> a.status() == AttemptResult.Status.LOCKED).findFirst();
  }

  /**
   * Returns the attempts that failed: crashed, unvalidated, or failed validation.
   *
   * @return the failures, by index
   */
  public List<AttemptResult<T>> failures() {
    return attempts.stream().filter(AttemptResult::failed).toList();
  }
}
