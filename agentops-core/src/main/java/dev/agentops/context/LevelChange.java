package dev.agentops.context;

import java.util.Objects;

/**
 * A budget's fill crossed a threshold, up or down.
 *
 * @param from the level before
 * @param to the level after
 * @param status the budget's status after the change
 * @since 0.1.0
 */
public record LevelChange(BudgetLevel from, BudgetLevel to, BudgetStatus status) {

  /**
   * Checks the components.
   *
   * @param from the level before
   * @param to the level after
   * @param status the status after
   * @throws IllegalArgumentException if the levels are equal
   */
  public LevelChange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(status, "status");
    if (from == to) {
      throw new IllegalArgumentException(
          "a level change needs two different levels, but both were " + to);
    }
  }

  /**
   * Tells whether the fill rose.
   *
   * @return {@code true} if the new level is higher
   */
  public boolean rising() {
    return to.compareTo(from) > 0;
  }
}
