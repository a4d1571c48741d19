package dev.agentops.ratchet;

/**
 * Which way a metric improves.
 *
 * @since 0.1.0
 */
public enum Direction {
  /** Larger values are better: test coverage, pass rate, throughput. */
  HIGHER_IS_BETTER,
  /** Smaller values are better: latency, error count, build time, binary size. */
  LOWER_IS_BETTER;

  /**
   * Tells whether one value is strictly better than another.
   *
   * @param candidate the new value
   * @param reference the value it is compared with
   * @return {@code true} if {@code candidate} is better
   */
  public boolean isBetter(double candidate, double reference) {
    return this == HIGHER_IS_BETTER ? candidate > reference : candidate < reference;
  }
}
