package dev.agentops.knowledge;

/**
 * How much knowledge is injected into a session's context (Factors I and VIII). The block is capped
 * twice: absolutely, at 1,500 tokens and 10 learnings (the reference plugin's defaults; models use
 * the start of a long context best, and a small block stays there), and relatively, at a fraction
 * of the budget's capacity (10 % by default). It never takes more than the budget has free.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class InjectionPolicy {

  private static final InjectionPolicy DEFAULTS = new Builder().build();

  private final int maxTokens;
  private final int maxLearnings;
  private final double budgetFraction;
  private final int candidates;

  private InjectionPolicy(Builder b) {
    this.maxTokens = b.maxTokens;
    this.maxLearnings = b.maxLearnings;
    this.budgetFraction = b.budgetFraction;
    this.candidates = b.candidates;
  }

  /**
   * Returns the defaults: 1,500 tokens, 10 learnings, 10 % of the budget, 40 index hits re-ranked.
   *
   * @return the defaults
   */
  public static InjectionPolicy defaults() {
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
   * Returns the absolute token cap of the block, as the budget counts it.
   *
   * @return the tokens
   */
  public int maxTokens() {
    return maxTokens;
  }

  /**
   * Returns the most learnings a block holds.
   *
   * @return the count
   */
  public int maxLearnings() {
    return maxLearnings;
  }

  /**
   * Returns the largest fraction of a budget's capacity the block may take.
   *
   * @return the fraction
   */
  public double budgetFraction() {
    return budgetFraction;
  }

  /**
   * Returns how many index hits retrieval re-ranks by freshness, utility and maturity.
   *
   * @return the count
   */
  public int candidates() {
    return candidates;
  }

  /**
   * Returns the tokens a block may take in a budget of a given capacity with some tokens free.
   *
   * @param capacity the budget's capacity
   * @param free the budget's free tokens
   * @return the least of the absolute cap, the fraction of the capacity and the free tokens
   */
  public long capFor(long capacity, long free) {
    return Math.max(
        0, Math.min(maxTokens, Math.min((long) Math.floor(budgetFraction * capacity), free)));
  }

  @Override
  public String toString() {
    return "InjectionPolicy["
        + maxTokens
        + " tokens, "
        + maxLearnings
        + " learnings, "
        + budgetFraction
        + " of the budget, "
        + candidates
        + " candidates]";
  }

  /**
   * Builds an {@link InjectionPolicy}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private int maxTokens = 1_500;
    private int maxLearnings = 10;
    private double budgetFraction = 0.10;
    private int candidates = 40;

    private Builder() {}

    /**
     * Sets the absolute token cap.
     *
     * @param maxTokens at least 1
     * @return this builder
     */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Sets the most learnings a block holds.
     *
     * @param maxLearnings at least 1
     * @return this builder
     */
    public Builder maxLearnings(int maxLearnings) {
      this.maxLearnings = maxLearnings;
      return this;
    }

    /**
     * Sets the largest fraction of a budget's capacity the block may take.
     *
     * @param budgetFraction in (0, 1]
     * @return this builder
     */
    public Builder budgetFraction(double budgetFraction) {
      this.budgetFraction = budgetFraction;
      return this;
    }

    /**
     * Sets how many index hits retrieval re-ranks.
     *
     * @param candidates at least 1
     * @return this builder
     */
    public Builder candidates(int candidates) {
      this.candidates = candidates;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if a value is out of range
     */
    public InjectionPolicy build() {
      if (maxTokens < 1 || maxLearnings < 1 || candidates < 1) {
        throw new IllegalArgumentException(
            "maxTokens, maxLearnings and candidates must be >= 1, but were "
                + maxTokens
                + ", "
                + maxLearnings
                + " and "
                + candidates);
      }
      if (!(budgetFraction > 0 && budgetFraction <= 1)) {
        throw new IllegalArgumentException(
            "budgetFraction must be in (0, 1], but was " + budgetFraction);
      }
      return new InjectionPolicy(this);
    }
  }
}
