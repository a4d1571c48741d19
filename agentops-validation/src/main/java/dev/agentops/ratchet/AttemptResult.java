package dev.agentops.ratchet;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What became of one attempt of a {@link BrownianRatchet}.
 *
 * @param <T> what an attempt produces
 * @param index which attempt it was, from 0
 * @param status what became of it
 * @param product what it produced; {@code null} if it crashed
 * @param assessment what the validator said; {@code null} if it crashed or the validator failed
 * @param error what went wrong, for {@link Status#CRASHED} and {@link Status#UNVALIDATED}
 * @param lock the outcome of locking it, for {@link Status#LOCKED} and {@link Status#LOCK_REFUSED}
 * @since 0.1.0
 */
public record AttemptResult<T>(
    int index,
    Status status,
    @Nullable T product,
    @Nullable Assessment assessment,
    @Nullable Throwable error,
    @Nullable LockOutcome lock) {

  /**
   * What became of an attempt.
   *
   * @since 0.1.0
   */
  public enum Status {
    /** The attempt threw: it produced nothing. A failure. */
    CRASHED,
    /** The validator threw: the product was not validated. A failure. */
    UNVALIDATED,
    /** The validator did not pass the product. A failure. */
    FAILED,
    /** The product passed, and another attempt was locked instead. */
    PASSED,
    /** The product passed and was locked. */
    LOCKED,
    /** The product passed, but the lock did not hold (a lost race, not a fast-forward). */
    LOCK_REFUSED;

    /**
     * Tells whether this is a failure of the attempt itself.
     *
     * @return {@code true} for {@link #CRASHED}, {@link #UNVALIDATED} and {@link #FAILED}
     */
    public boolean failure() {
      return this == CRASHED || this == UNVALIDATED || this == FAILED;
    }
  }

  /**
   * Checks the components.
   *
   * @param index the index
   * @param status the status
   * @param product the product
   * @param assessment the assessment
   * @param error the error
   * @param lock the lock's outcome
   */
  public AttemptResult {
    Objects.requireNonNull(status, "status");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, but was " + index);
    }
  }

  /**
   * Tells whether the attempt failed: crashed, unvalidated, or failed its validation.
   *
   * @return whether the status is a failure
   */
  public boolean failed() {
    return status.failure();
  }

  AttemptResult<T> with(Status next, @Nullable LockOutcome outcome) {
    return new AttemptResult<>(index, next, product, assessment, error, outcome);
  }
}
