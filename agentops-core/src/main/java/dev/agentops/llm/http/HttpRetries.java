package dev.agentops.llm.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * How the HTTP adapters retry transient failures: rate limits (429), server errors (500, 502, 503,
 * 504, 529, and 408), and broken or refused connections. Client errors such as 400 or 401 and
 * request timeouts are never retried.
 *
 * <p>The wait before retry {@code n} (counting from 1) is drawn uniformly from {@code [b/2, b]}
 * where {@code b = min(maxBackoff, initialBackoff × 2^(n-1))}. When the provider sends {@code
 * Retry-After} (or OpenAI's {@code retry-after-ms}), that wait is used instead; if it is longer
 * than {@link Builder#maxRetryAfter(Duration)}, the call fails at once with a retryable {@link
 * dev.agentops.llm.ProviderErrorException} carrying the wait, so the host can schedule the work
 * rather than block a thread.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class HttpRetries {

  /** Waits between attempts; replaceable so tests need not wait for real. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Blocks for a while.
     *
     * @param duration how long
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
  }

  private static final HttpRetries DEFAULTS = builder().build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final Clock clock;

  private HttpRetries(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxRetryAfter = b.maxRetryAfter;
    this.sleeper = b.sleeper;
    this.random = b.random;
    this.clock = b.clock;
  }

  /**
   * Returns the defaults: 4 attempts in all, backoff from 500 ms up to 8 s, and provider-asked
   * waits honoured up to 60 s.
   *
   * @return the defaults
   */
  public static HttpRetries defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a policy that never retries.
   *
   * @return one attempt only
   */
  public static HttpRetries none() {
    return builder().maxAttempts(1).build();
  }

  /**
   * Starts a policy from the defaults.
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
    return new Builder()
        .maxAttempts(maxAttempts)
        .backoff(initialBackoff, maxBackoff)
        .maxRetryAfter(maxRetryAfter)
        .sleeper(sleeper)
        .random(random)
        .clock(clock);
  }

  /**
   * Returns how many attempts are made in all, the first included.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the longest provider-asked wait that is honoured.
   *
   * @return the limit
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Returns the wait before a retry when the provider asked for none.
   *
   * @param retry which retry, counting from 1
   * @return the wait, with jitter
   */
  public Duration backoff(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1, but was " + retry);
    }
    long cap = maxBackoff.toMillis();
    long base = Math.min(cap, initialBackoff.toMillis());
    for (int i = 1; i < retry && base < cap; i++) {
      base = base > cap / 2 ? cap : base * 2;
    }
    long half = base / 2;
    long jitter = half == 0 ? 0 : random.nextLong(base - half + 1);
    return Duration.ofMillis(half + jitter);
  }

  /**
   * Returns the sleeper that waits between attempts.
   *
   * @return the sleeper
   */
  public Sleeper sleeper() {
    return sleeper;
  }

  /**
   * Returns the clock used to read {@code Retry-After} dates.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "HttpRetries[maxAttempts="
        + maxAttempts
        + ", backoff="
        + initialBackoff
        + ".."
        + maxBackoff
        + ", maxRetryAfter="
        + maxRetryAfter
        + "]";
  }

  /**
   * Builds {@link HttpRetries}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets how many attempts are made in all.
     *
     * @param maxAttempts at least 1; default 4
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the exponential backoff's first and largest wait.
     *
     * @param initial the wait before the first retry, not negative; default 500 ms
     * @param max the largest wait, at least {@code initial}; default 8 s
     * @return this builder
     * @throws IllegalArgumentException if negative or out of order
     */
    public Builder backoff(Duration initial, Duration max) {
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(max, "max");
      if (initial.isNegative() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "backoff needs 0 <= initial <= max, but was " + initial + " and " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Sets the longest provider-asked wait that is honoured; a longer one fails the call.
     *
     * @param maxRetryAfter not negative; default 60 s
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
      if (maxRetryAfter.isNegative()) {
        throw new IllegalArgumentException(
            "maxRetryAfter must not be negative, but was " + maxRetryAfter);
      }
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    /**
     * Sets how waits happen; default {@link Thread#sleep(long)}.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets the source of jitter; it must be safe for concurrent use.
     *
     * @param random the generator
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets the clock used to read {@code Retry-After} dates.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public HttpRetries build() {
      return new HttpRetries(this);
    }
  }
}
