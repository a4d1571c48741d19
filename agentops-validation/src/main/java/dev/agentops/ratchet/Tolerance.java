package dev.agentops.ratchet;

import java.util.Objects;

/**
 * How far a measurement may fall short of its baseline before it counts as a regression: an
 * absolute amount in the metric's unit, or a fraction of the baseline's value.
 *
 * <p>A measurement within tolerance passes but never lowers the baseline.
 *
 * @param kind absolute or relative
 * @param amount the amount: in the metric's unit, or a fraction such as {@code 0.05} for 5 %; at
 *     least 0
 * @since 0.1.0
 */
public record Tolerance(Kind kind, double amount) {

  /**
   * The kinds of tolerance.
   *
   * @since 0.1.0
   */
  public enum Kind {
    /** An amount in the metric's own unit. */
    ABSOLUTE,
    /** A fraction of the baseline's magnitude. */
    RELATIVE
  }

  /**
   * Checks the components.
   *
   * @param kind the kind
   * @param amount the amount
   * @throws IllegalArgumentException if the amount is negative or not finite
   */
  public Tolerance {
    Objects.requireNonNull(kind, "kind");
    if (!Double.isFinite(amount) || amount < 0) {
      throw new IllegalArgumentException(
          "a tolerance must be a finite amount >= 0, but was " + amount);
    }
  }

  /**
   * No tolerance: any shortfall is a regression.
   *
   * @return the tolerance
   */
  public static Tolerance none() {
    return new Tolerance(Kind.ABSOLUTE, 0);
  }

  /**
   * A tolerance in the metric's unit.
   *
   * @param amount the amount, at least 0
   * @return the tolerance
   */
  public static Tolerance absolute(double amount) {
    return new Tolerance(Kind.ABSOLUTE, amount);
  }

  /**
   * A tolerance as a fraction of the baseline.
   *
   * @param fraction the fraction, such as {@code 0.05} for 5 %; at least 0
   * @return the tolerance
   */
  public static Tolerance relative(double fraction) {
    return new Tolerance(Kind.RELATIVE, fraction);
  }

  /**
   * Returns the shortfall this tolerance allows against a baseline value.
   *
   * @param baseline the baseline's value
   * @return the allowed shortfall, at least 0
   */
  public double allowance(double baseline) {
    return kind == Kind.ABSOLUTE ? amount : amount * Math.abs(baseline);
  }
}
