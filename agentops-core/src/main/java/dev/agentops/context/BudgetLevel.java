package dev.agentops.context;

/**
 * How full a budget is, by the {@link Thresholds} it has crossed.
 *
 * @since 0.1.0
 */
public enum BudgetLevel {
  /** Below the optimal threshold (40 % by default): where models perform best. */
  OPTIMAL,
  /** Between the optimal and the warning thresholds. */
  ELEVATED,
  /** At or above the warning threshold (60 %): time to checkpoint. */
  WARN,
  /** At or above the compaction threshold (80 %): compaction is due. */
  COMPACT,
  /** At or above the critical threshold (90 %): hand off to a fresh session. */
  CRITICAL
}
