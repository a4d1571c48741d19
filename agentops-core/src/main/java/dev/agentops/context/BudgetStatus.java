package dev.agentops.context;

import java.util.Objects;

/**
 * A budget's fill at one moment.
 *
 * @param usedTokens tokens taken by the items in the budget
 * @param capacityTokens tokens the items may take: the window minus the reserved output
 * @param contextWindow the model's window
 * @param reservedOutputTokens tokens kept free for the reply
 * @param items how many items the budget holds
 * @param level the level the fill has reached
 * @since 0.1.0
 */
public record BudgetStatus(
    long usedTokens,
    long capacityTokens,
    long contextWindow,
    long reservedOutputTokens,
    int items,
    BudgetLevel level) {

  /**
   * Checks the numbers.
   *
   * @param usedTokens tokens taken
   * @param capacityTokens tokens available to items
   * @param contextWindow the window
   * @param reservedOutputTokens tokens kept for the reply
   * @param items how many items
   * @param level the level
   * @throws IllegalArgumentException if a count is negative or the capacity is not positive
   */
  public BudgetStatus {
    if (usedTokens < 0 || capacityTokens <= 0 || items < 0 || reservedOutputTokens < 0) {
      throw new IllegalArgumentException(
          "a status needs used >= 0, capacity > 0, items >= 0, but was used "
              + usedTokens
              + ", capacity "
              + capacityTokens
              + ", items "
              + items);
    }
    Objects.requireNonNull(level, "level");
  }

  /**
   * Returns the fill as a fraction of capacity.
   *
   * @return used divided by capacity
   */
  public double fraction() {
    return (double) usedTokens / capacityTokens;
  }

  /**
   * Returns the tokens still free.
   *
   * @return capacity minus used, never negative
   */
  public long remainingTokens() {
    return Math.max(0, capacityTokens - usedTokens);
  }
}
