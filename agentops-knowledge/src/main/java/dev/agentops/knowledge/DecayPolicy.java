package dev.agentops.knowledge;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How knowledge rots (Factor VIII: what was true six months ago may not be now). A learning's age
 * is measured from when it was last touched: its last citation, or its creation if it was never
 * cited, so a citation refreshes it.
 *
 * <ul>
 *   <li><b>Freshness</b> = exp(−0.17 × age in weeks), clamped to [0.1, 1]: the factor retrieval
 *       multiplies a learning's rank by (the reference implementation's decay). It halves in about
 *       four weeks and reaches the floor of 0.1 after about 13.5 weeks.
 *   <li><b>Staleness</b>: uncited for more than 90 days, a learning is due for review; for more
 *       than twice that, 180 days, or past its own time to live, it is expired and retired by
 *       {@link KnowledgeFlywheel#decay()}.
 *   <li><b>Pending timeout</b>: a bronze learning still pending 30 days after its creation was not
 *       promoted by citations, and is retired as well.
 * </ul>
 *
 * <p>Immutable and thread-safe. Time comes from the caller (the flywheel's injected clock).
 *
 * @since 0.1.0
 */
public final class DecayPolicy {

  private static final long SECONDS_PER_WEEK = Duration.ofDays(7).toSeconds();
  private static final DecayPolicy DEFAULTS = new Builder().build();

  private final double ratePerWeek;
  private final double floor;
  private final Duration reviewAfter;
  private final Duration retireAfter;
  private final Duration pendingTimeout;

  private DecayPolicy(Builder b) {
    this.ratePerWeek = b.ratePerWeek;
    this.floor = b.floor;
    this.reviewAfter = b.reviewAfter;
    this.retireAfter = b.retireAfter;
    this.pendingTimeout = b.pendingTimeout;
  }

  /**
   * Returns the reference policy: rate 0.17 a week, floor 0.1, review after 90 days uncited, retire
   * after 180, pending timeout 30 days.
   *
   * @return the defaults
   */
  public static DecayPolicy defaults() {
    return DEFAULTS;
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
    Builder b = new Builder();
    b.ratePerWeek = ratePerWeek;
    b.floor = floor;
    b.reviewAfter = reviewAfter;
    b.retireAfter = retireAfter;
    b.pendingTimeout = pendingTimeout;
    return b;
  }

  /**
   * Returns a learning's freshness: exp(−rate × weeks since it was last touched), clamped to
   * [floor, 1]. A learning touched in the future (clock skew between writers) is fully fresh.
   *
   * @param learning the learning
   * @param now the current time
   * @return the freshness, from the floor to 1
   */
  public double freshness(Learning learning, Instant now) {
    Objects.requireNonNull(learning, "learning");
    Objects.requireNonNull(now, "now");
    return freshnessAt(Duration.between(learning.lastTouched(), now));
  }

  /**
   * Returns the freshness of a learning last touched a given time ago.
   *
   * @param age the time since it was last touched; negative reads as zero
   * @return the freshness, from the floor to 1
   */
  public double freshnessAt(Duration age) {
    Objects.requireNonNull(age, "age");
    double weeks = Math.max(0, age.getSeconds()) / (double) SECONDS_PER_WEEK;
    return Math.max(floor, Math.min(1.0, Math.exp(-ratePerWeek * weeks)));
  }

  /**
   * Returns where a learning stands on the decay clock.
   *
   * @param learning the learning
   * @param now the current time
   * @return expired if past its time to live or uncited past the retirement age, review if uncited
   *     past the review age, fresh otherwise
   */
  public Staleness staleness(Learning learning, Instant now) {
    Objects.requireNonNull(learning, "learning");
    Objects.requireNonNull(now, "now");
    Optional<Instant> expires = learning.expiresAt();
    if (expires.isPresent() && !now.isBefore(expires.get())) {
      return Staleness.EXPIRED;
    }
    Duration uncited = Duration.between(learning.lastTouched(), now);
    if (uncited.compareTo(retireAfter) > 0) {
      return Staleness.EXPIRED;
    }
    if (uncited.compareTo(reviewAfter) > 0) {
      return Staleness.REVIEW;
    }
    return Staleness.FRESH;
  }

  /**
   * Tells whether a pending learning has waited too long for the citations that would promote it.
   *
   * @param learning the learning
   * @param now the current time
   * @return {@code true} if it is pending and was created more than the pending timeout ago
   */
  public boolean pendingTimedOut(Learning learning, Instant now) {
    return learning.status() == LearningStatus.PENDING
        && Duration.between(learning.created(), now).compareTo(pendingTimeout) > 0;
  }

  /**
   * Returns the decay rate.
   *
   * @return the rate per week
   */
  public double ratePerWeek() {
    return ratePerWeek;
  }

  /**
   * Returns the lowest freshness.
   *
   * @return the floor
   */
  public double floor() {
    return floor;
  }

  /**
   * Returns how long uncited before review.
   *
   * @return the review age
   */
  public Duration reviewAfter() {
    return reviewAfter;
  }

  /**
   * Returns how long uncited before retirement.
   *
   * @return the retirement age
   */
  public Duration retireAfter() {
    return retireAfter;
  }

  /**
   * Returns how long a learning may stay pending.
   *
   * @return the pending timeout
   */
  public Duration pendingTimeout() {
    return pendingTimeout;
  }

  @Override
  public String toString() {
    return "DecayPolicy[rate "
        + ratePerWeek
        + "/week, floor "
        + floor
        + ", review after "
        + reviewAfter.toDays()
        + "d, retire after "
        + retireAfter.toDays()
        + "d, pending timeout "
        + pendingTimeout.toDays()
        + "d]";
  }

  /**
   * Builds a {@link DecayPolicy}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private double ratePerWeek = 0.17;
    private double floor = 0.1;
    private Duration reviewAfter = Duration.ofDays(90);
    private Duration retireAfter = Duration.ofDays(180);
    private Duration pendingTimeout = Duration.ofDays(30);

    private Builder() {}

    /**
     * Sets the decay rate.
     *
     * @param ratePerWeek the rate per week, at least 0
     * @return this builder
     */
    public Builder ratePerWeek(double ratePerWeek) {
      this.ratePerWeek = ratePerWeek;
      return this;
    }

    /**
     * Sets the lowest freshness.
     *
     * @param floor from 0 to 1
     * @return this builder
     */
    public Builder floor(double floor) {
      this.floor = floor;
      return this;
    }

    /**
     * Sets the ages, uncited, of review and retirement.
     *
     * @param reviewAfter due for review past this
     * @param retireAfter retired past this; at least the review age
     * @return this builder
     */
    public Builder ages(Duration reviewAfter, Duration retireAfter) {
      this.reviewAfter = Objects.requireNonNull(reviewAfter, "reviewAfter");
      this.retireAfter = Objects.requireNonNull(retireAfter, "retireAfter");
      return this;
    }

    /**
     * Sets how long a learning may stay pending.
     *
     * @param pendingTimeout a positive duration
     * @return this builder
     */
    public Builder pendingTimeout(Duration pendingTimeout) {
      this.pendingTimeout = Objects.requireNonNull(pendingTimeout, "pendingTimeout");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if a value is out of range
     */
    public DecayPolicy build() {
      if (!(ratePerWeek >= 0 && Double.isFinite(ratePerWeek))) {
        throw new IllegalArgumentException("ratePerWeek must be >= 0, but was " + ratePerWeek);
      }
      if (!(floor >= 0 && floor <= 1)) {
        throw new IllegalArgumentException("floor must be from 0 to 1, but was " + floor);
      }
      if (reviewAfter.isNegative() || retireAfter.compareTo(reviewAfter) < 0) {
        throw new IllegalArgumentException(
            "ages must hold 0 <= reviewAfter <= retireAfter, but were "
                + reviewAfter
                + " and "
                + retireAfter);
      }
      if (pendingTimeout.isNegative() || pendingTimeout.isZero()) {
        throw new IllegalArgumentException(
            "pendingTimeout must be positive, but was " + pendingTimeout);
      }
      return new DecayPolicy(this);
    }
  }
}
