package dev.agentops.context;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The fractions of a budget's capacity at which its {@link BudgetLevel} changes. Capacity is the
 * context window minus the tokens reserved for the reply.
 *
 * <p>The defaults come from the reference implementation's budget: 0.40 optimal (performance peaks
 * below it), 0.60 warn (checkpoint), 0.80 compact, 0.90 critical.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Thresholds {

  private static final Thresholds DEFAULTS = new Thresholds(0.40, 0.60, 0.80, 0.90);

  private final double optimal;
  private final double warn;
  private final double compact;
  private final double critical;

  private Thresholds(double optimal, double warn, double compact, double critical) {
    boolean ordered = optimal > 0 && optimal <= warn && warn <= compact && compact <= critical;
    if (!(ordered && critical <= 1)) {
      throw new IllegalArgumentException(
          "thresholds need 0 < optimal <= warn <= compact <= critical <= 1, but were "
              + optimal
              + ", "
              + warn
              + ", "
              + compact
              + ", "
              + critical);
    }
    this.optimal = optimal;
    this.warn = warn;
    this.compact = compact;
    this.critical = critical;
  }

  /**
   * Returns the defaults: 0.40, 0.60, 0.80, 0.90.
   *
   * @return the defaults
   */
  public static Thresholds defaults() {
    return DEFAULTS;
  }

  /**
   * Returns custom thresholds.
   *
   * @param optimal the end of the optimal band
   * @param warn where warnings start
   * @param compact where compaction is due
   * @param critical where a session should hand off
   * @return the thresholds
   * @throws IllegalArgumentException unless {@code 0 < optimal <= warn <= compact <= critical <= 1}
   */
  public static Thresholds of(double optimal, double warn, double compact, double critical) {
    return new Thresholds(optimal, warn, compact, critical);
  }

  /**
   * Returns the level of a fill fraction.
   *
   * @param fraction used tokens divided by capacity
   * @return the level
   */
  public BudgetLevel levelOf(double fraction) {
    if (fraction >= critical) {
      return BudgetLevel.CRITICAL;
    }
    if (fraction >= compact) {
      return BudgetLevel.COMPACT;
    }
    if (fraction >= warn) {
      return BudgetLevel.WARN;
    }
    if (fraction >= optimal) {
      return BudgetLevel.ELEVATED;
    }
    return BudgetLevel.OPTIMAL;
  }

  /**
   * Returns the fraction at which a level starts.
   *
   * @param level the level
   * @return its lower bound; 0 for {@link BudgetLevel#OPTIMAL}
   */
  public double startOf(BudgetLevel level) {
    switch (Objects.requireNonNull(level, "level")) {
      case ELEVATED:
        return optimal;
      case WARN:
        return warn;
      case COMPACT:
        return compact;
      case CRITICAL:
        return critical;
      default:
        return 0;
    }
  }

  /**
   * Returns the end of the optimal band.
   *
   * @return the fraction
   */
  public double optimal() {
    return optimal;
  }

  /**
   * Returns where warnings start.
   *
   * @return the fraction
   */
  public double warn() {
    return warn;
  }

  /**
   * Returns where compaction is due.
   *
   * @return the fraction
   */
  public double compact() {
    return compact;
  }

  /**
   * Returns where a session should hand off.
   *
   * @return the fraction
   */
  public double critical() {
    return critical;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Thresholds t
        && optimal == t.optimal
        && warn == t.warn
        && compact == t.compact
        && critical == t.critical;
  }

  @Override
  public int hashCode() {
    return Objects.hash(optimal, warn, compact, critical);
  }

  @Override
  public String toString() {
    return "Thresholds[" + optimal + ", " + warn + ", " + compact + ", " + critical + "]";
  }
}
