package dev.agentops.knowledge;

/**
 * Where a learning stands on the {@link DecayPolicy}'s clock (Factor VIII: stale knowledge decays).
 *
 * @since 0.1.0
 */
public enum Staleness {
  /** Cited (or created) recently enough. */
  FRESH,
  /** Uncited past the review age (90 days by default): still injected, but due for review. */
  REVIEW,
  /** Uncited past the retirement age (180 days by default), or past its time to live: retired. */
  EXPIRED
}
