package dev.agentops.supervision;

import java.util.Objects;

/**
 * How many attempts a round gets, and how much of the failure history each retry carries.
 *
 * <p>Every attempt runs in a fresh session (Factor III); a retry's session starts from a {@link
 * dev.agentops.context.Handoff} that holds the feedback of the latest failed attempts (at most
 * {@link #carriedFailures()}), so the next try knows what did not work without inheriting the
 * failed transcript. Retries are bounded: when a round has used {@link #maxAttempts()} attempts,
 * the unit escalates. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RetryPolicy {

  /** The most failures a retry's handoff carries: three keep it well inside a handoff's cap. */
  public static final int MAX_CARRIED_FAILURES = 3;

  private static final RetryPolicy DEFAULTS = builder().build();

  private final int maxAttempts;
  private final int carriedFailures;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.carriedFailures = b.carriedFailures;
  }

  /**
   * Returns the defaults: 3 attempts per round, the latest 3 failures carried.
   *
   * @return the defaults
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Starts from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this policy's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder().maxAttempts(maxAttempts).carriedFailures(carriedFailures);
  }

  /**
   * Returns how many attempts a round may have, the first included.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns how many of the latest failures a retry's handoff carries.
   *
   * @return 1 to {@value #MAX_CARRIED_FAILURES}
   */
  public int carriedFailures() {
    return carriedFailures;
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", carriedFailures=" + carriedFailures + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryPolicy r
        && r.maxAttempts == maxAttempts
        && r.carriedFailures == carriedFailures;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, carriedFailures);
  }

  /**
   * Builds a {@link RetryPolicy}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private int maxAttempts = 3;
    private int carriedFailures = MAX_CARRIED_FAILURES;

    private Builder() {}

    /**
     * Sets how many attempts a round may have.
     *
     * @param maxAttempts 1 to 100; default 3
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new IllegalArgumentException(
            "maxAttempts must be between 1 and 100, but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets how many of the latest failures a retry's handoff carries.
     *
     * @param carriedFailures 1 to {@value #MAX_CARRIED_FAILURES}; default {@value
     *     #MAX_CARRIED_FAILURES}
     * @return this builder
     */
    public Builder carriedFailures(int carriedFailures) {
      if (carriedFailures < 1 || carriedFailures > MAX_CARRIED_FAILURES) {
        throw new IllegalArgumentException(
            "carriedFailures must be between 1 and "
                + MAX_CARRIED_FAILURES
                + ", but was "
                + carriedFailures);
      }
      this.carriedFailures = carriedFailures;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
