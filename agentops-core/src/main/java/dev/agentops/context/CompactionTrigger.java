package dev.agentops.context;

import java.util.Objects;

/**
 * Decides when a budget compacts; the {@link Compactor} decides how. A budget asks its trigger
 * before every admission.
 *
 * <p>Implementations must be thread-safe and free of side effects.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CompactionTrigger {

  /**
   * Tells whether to compact before admitting an item.
   *
   * @param current the budget's status before the admission
   * @param incomingTokens the tokens the item needs
   * @param thresholds the budget's thresholds
   * @return {@code true} to compact first
   */
  boolean shouldCompact(BudgetStatus current, long incomingTokens, Thresholds thresholds);

  /**
   * Compacts when the admission would bring the fill to a level or beyond. The budget's default is
   * {@code atLevel(BudgetLevel.COMPACT)}.
   *
   * @param level the level that triggers compaction
   * @return the trigger
   */
  static CompactionTrigger atLevel(BudgetLevel level) {
    Objects.requireNonNull(level, "level");
    return (current, incoming, thresholds) ->
        (double) (current.usedTokens() + incoming) / current.capacityTokens()
            >= thresholds.startOf(level);
  }

  /**
   * Compacts only when the item would not fit otherwise.
   *
   * @return the trigger
   */
  static CompactionTrigger whenFull() {
    return (current, incoming, thresholds) ->
        current.usedTokens() + incoming > current.capacityTokens();
  }

  /**
   * Never compacts: an item that does not fit is rejected.
   *
   * @return the trigger
   */
  static CompactionTrigger never() {
    return (current, incoming, thresholds) -> false;
  }
}
