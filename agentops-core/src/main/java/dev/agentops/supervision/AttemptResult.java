package dev.agentops.supervision;

import java.util.Objects;

/**
 * What one attempt at a unit of work came to: it succeeded with a value, or it failed for a reason
 * the {@link EscalationPolicy} can classify.
 *
 * <p>An attempt that raises an exception instead is treated as failed with {@link
 * Failure#fromException(Throwable)}.
 *
 * @param <T> the value a successful attempt produces
 * @since 0.1.0
 */
public sealed interface AttemptResult<T> permits AttemptResult.Success, AttemptResult.Failed {

  /**
   * A successful attempt.
   *
   * @param value what it produced
   * @param <T> the value's type
   * @return the result
   */
  static <T> AttemptResult<T> success(T value) {
    return new Success<>(value);
  }

  /**
   * A failed attempt.
   *
   * @param failure why it failed
   * @param <T> the type a success would have produced
   * @return the result
   */
  static <T> AttemptResult<T> failure(Failure failure) {
    return new Failed<>(failure);
  }

  /**
   * A failed attempt whose signature is its class.
   *
   * @param failureClass the class, such as {@code test-failure}
   * @param feedback what the next attempt should know
   * @param <T> the type a success would have produced
   * @return the result
   */
  static <T> AttemptResult<T> failure(String failureClass, String feedback) {
    return new Failed<>(Failure.of(failureClass, feedback));
  }

  /**
   * The attempt succeeded.
   *
   * @param value what it produced
   * @param <T> the value's type
   * @since 0.1.0
   */
  record Success<T>(T value) implements AttemptResult<T> {

    /**
     * Checks the value.
     *
     * @param value the value
     */
    public Success {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The attempt failed.
   *
   * @param failure why
   * @param <T> the type a success would have produced
   * @since 0.1.0
   */
  record Failed<T>(Failure failure) implements AttemptResult<T> {

    /**
     * Checks the failure.
     *
     * @param failure the failure
     */
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
