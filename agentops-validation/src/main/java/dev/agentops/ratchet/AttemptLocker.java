package dev.agentops.ratchet;

import java.util.Objects;
import java.util.function.Function;

/**
 * Locks the product of a passing attempt, for a {@link BrownianRatchet}: usually through a {@link
 * Ratchet} ({@link #ratchet(Ratchet, Function)}), or any other lock that returns a {@link
 * LockOutcome}.
 *
 * <p>Called on the thread that runs the Brownian ratchet, one product at a time. An outcome that
 * does not {@linkplain LockOutcome#holds() hold} makes the ratchet try the next passing attempt; an
 * exception is an operational failure and ends the run.
 *
 * @param <T> what an attempt produces
 * @since 0.1.0
 */
@FunctionalInterface
public interface AttemptLocker<T> {

  /**
   * Locks a product.
   *
   * @param product what the attempt produced
   * @param assessment the passing assessment, with the verdict's id
   * @return the outcome
   */
  LockOutcome lock(T product, Assessment assessment);

  /**
   * Locks products that are commits through a ratchet, from wherever its ref is.
   *
   * @param <T> what an attempt produces
   * @param ratchet the ratchet
   * @param commitOf gives the commit an attempt produced
   * @return the locker
   */
  static <T> AttemptLocker<T> ratchet(Ratchet ratchet, Function<? super T, String> commitOf) {
    Objects.requireNonNull(ratchet, "ratchet");
    Objects.requireNonNull(commitOf, "commitOf");
    return (product, assessment) ->
        ratchet.lock(
            commitOf.apply(product), Objects.requireNonNull(assessment.verdictId(), "verdictId"));
  }
}
