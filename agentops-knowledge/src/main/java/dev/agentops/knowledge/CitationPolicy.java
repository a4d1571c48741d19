package dev.agentops.knowledge;

import java.util.Objects;

/**
 * How citations feed a learning (Factor VIII: citations feed utility). The reference
 * implementation's rules:
 *
 * <ul>
 *   <li><b>Utility</b> is an exponential moving average of feedback rewards: u ← (1 − α)·u + α·r, α
 *       = 0.1, starting at 0.5 ({@link Learning#INITIAL_UTILITY}); r is 1 for helpful, 0.5 for
 *       neutral, 0 for harmful. A citation without feedback leaves it alone.
 *   <li><b>Maturity</b> follows from utility and the feedback counts: anti-pattern at utility ≤ 0.2
 *       with at least 3 harmful ratings; established at utility ≥ 0.55 with at least 5 feedback
 *       events; candidate at utility ≥ 0.55 with at least 3; provisional otherwise. It is
 *       recomputed at every citation, so a learning can fall back as well as rise.
 *   <li><b>Freshness</b>: an applied or referenced citation sets the learning's last citation,
 *       resetting its age ({@link DecayPolicy}).
 *   <li><b>Promotion</b>: a pending (bronze) learning becomes active once it has at least 2
 *       feedback events and its utility has risen above where it started.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class CitationPolicy {

  private static final CitationPolicy DEFAULTS = new Builder().build();

  private final double alpha;
  private final double candidateUtility;
  private final int candidateFeedback;
  private final int establishedFeedback;
  private final double antiPatternUtility;
  private final int antiPatternHarmful;
  private final int promotionFeedback;

  private CitationPolicy(Builder b) {
    this.alpha = b.alpha;
    this.candidateUtility = b.candidateUtility;
    this.candidateFeedback = b.candidateFeedback;
    this.establishedFeedback = b.establishedFeedback;
    this.antiPatternUtility = b.antiPatternUtility;
    this.antiPatternHarmful = b.antiPatternHarmful;
    this.promotionFeedback = b.promotionFeedback;
  }

  /**
   * Returns the reference policy: α 0.1; candidate at utility 0.55 with 3 feedback events,
   * established with 5; anti-pattern at utility 0.2 with 3 harmful; promotion after 2 feedback
   * events.
   *
   * @return the defaults
   */
  public static CitationPolicy defaults() {
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
   * Returns the utility after one more feedback reward.
   *
   * @param utility the utility before
   * @param feedback the feedback
   * @return (1 − α)·utility + α·reward
   */
  public double utilityAfter(double utility, Feedback feedback) {
    Objects.requireNonNull(feedback, "feedback");
    return (1 - alpha) * utility + alpha * feedback.reward();
  }

  /**
   * Returns the maturity a learning's feedback gives it.
   *
   * @param utility its utility
   * @param feedbackCount its feedback events
   * @param harmfulCount of those, the harmful ones
   * @return the maturity
   */
  public Maturity maturityOf(double utility, int feedbackCount, int harmfulCount) {
    if (utility <= antiPatternUtility && harmfulCount >= antiPatternHarmful) {
      return Maturity.ANTI_PATTERN;
    }
    if (utility >= candidateUtility && feedbackCount >= establishedFeedback) {
      return Maturity.ESTABLISHED;
    }
    if (utility >= candidateUtility && feedbackCount >= candidateFeedback) {
      return Maturity.CANDIDATE;
    }
    return Maturity.PROVISIONAL;
  }

  /**
   * Returns a learning as a citation leaves it: its utility, feedback counts and maturity updated
   * by the feedback, its last citation set if the citation refreshes, and promoted from pending if
   * it has earned it.
   *
   * @param learning the learning
   * @param citation a citation of it
   * @return the updated learning; the same if the citation changes nothing
   * @throws IllegalArgumentException if the citation is of another learning
   */
  public Learning apply(Learning learning, Citation citation) {
    Objects.requireNonNull(learning, "learning");
    Objects.requireNonNull(citation, "citation");
    if (!citation.learning().equals(learning.id())) {
      throw new IllegalArgumentException(
          "a citation of '" + citation.learning() + "' cannot apply to '" + learning.id() + "'");
    }
    Feedback feedback = citation.feedback();
    if (!citation.kind().refreshes() && feedback == null) {
      return learning;
    }
    Learning.Builder b = learning.toBuilder();
    if (citation.kind().refreshes()
        && (learning.lastCited() == null || citation.at().isAfter(learning.lastCited()))) {
      b.lastCited(citation.at());
    }
    if (feedback != null) {
      double utility = Math.max(0, Math.min(1, utilityAfter(learning.utility(), feedback)));
      int count = learning.feedbackCount() + 1;
      int harmful = learning.harmfulCount() + (feedback == Feedback.HARMFUL ? 1 : 0);
      b.utility(utility).feedback(count, harmful).maturity(maturityOf(utility, count, harmful));
      if (learning.status() == LearningStatus.PENDING
          && count >= promotionFeedback
          && utility > Learning.INITIAL_UTILITY) {
        b.status(LearningStatus.ACTIVE);
      }
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "CitationPolicy[alpha "
        + alpha
        + ", candidate "
        + candidateUtility
        + "/"
        + candidateFeedback
        + ", established "
        + establishedFeedback
        + ", anti-pattern "
        + antiPatternUtility
        + "/"
        + antiPatternHarmful
        + ", promotion "
        + promotionFeedback
        + "]";
  }

  /**
   * Builds a {@link CitationPolicy}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private double alpha = 0.1;
    private double candidateUtility = 0.55;
    private int candidateFeedback = 3;
    private int establishedFeedback = 5;
    private double antiPatternUtility = 0.2;
    private int antiPatternHarmful = 3;
    private int promotionFeedback = 2;

    private Builder() {}

    /**
     * Sets the moving average's smoothing factor.
     *
     * @param alpha in (0, 1]
     * @return this builder
     */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /**
     * Sets the maturity thresholds.
     *
     * @param candidateUtility the utility a candidate or established learning needs
     * @param candidateFeedback the feedback events a candidate needs
     * @param establishedFeedback the feedback events an established learning needs
     * @return this builder
     */
    public Builder maturity(
        double candidateUtility, int candidateFeedback, int establishedFeedback) {
      this.candidateUtility = candidateUtility;
      this.candidateFeedback = candidateFeedback;
      this.establishedFeedback = establishedFeedback;
      return this;
    }

    /**
     * Sets when a learning becomes an anti-pattern.
     *
     * @param utility at or below this utility
     * @param harmful with at least this many harmful ratings
     * @return this builder
     */
    public Builder antiPattern(double utility, int harmful) {
      this.antiPatternUtility = utility;
      this.antiPatternHarmful = harmful;
      return this;
    }

    /**
     * Sets how many feedback events promote a pending learning whose utility rose.
     *
     * @param feedback at least 1
     * @return this builder
     */
    public Builder promotionFeedback(int feedback) {
      this.promotionFeedback = feedback;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if a value is out of range
     */
    public CitationPolicy build() {
      if (!(alpha > 0 && alpha <= 1)) {
        throw new IllegalArgumentException("alpha must be in (0, 1], but was " + alpha);
      }
      if (!(candidateUtility >= 0 && candidateUtility <= 1)
          || !(antiPatternUtility >= 0 && antiPatternUtility < candidateUtility)) {
        throw new IllegalArgumentException(
            "utilities must hold 0 <= antiPattern < candidate <= 1, but were "
                + antiPatternUtility
                + " and "
                + candidateUtility);
      }
      if (candidateFeedback < 1
          || establishedFeedback < candidateFeedback
          || antiPatternHarmful < 1
          || promotionFeedback < 1) {
        throw new IllegalArgumentException(
            "feedback counts must hold 1 <= candidate <= established and be >= 1, but were"
                + " candidate "
                + candidateFeedback
                + ", established "
                + establishedFeedback
                + ", anti-pattern "
                + antiPatternHarmful
                + ", promotion "
                + promotionFeedback);
      }
      return new CitationPolicy(this);
    }
  }
}
