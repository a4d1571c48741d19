package dev.agentops.ratchet;

/**
 * Hears about the attempts of a {@link BrownianRatchet} that failed, so they can be harvested
 * (Factor XII: failed attempts are data): stored with their context, turned into negative
 * learnings, compiled into gates.
 *
 * <p>Called on the thread that runs the Brownian ratchet, once per failed attempt, as each failure
 * comes in. A listener that throws is reported and skipped: it never changes what is locked, and
 * the other listeners still hear about the failure.
 *
 * @param <T> what an attempt produces
 * @since 0.1.0
 */
@FunctionalInterface
public interface AttemptListener<T> {

  /**
   * Hears about a failed attempt.
   *
   * @param failed the attempt: crashed, unvalidated, or failed its validation
   */
  void onFailedAttempt(AttemptResult<T> failed);
}
