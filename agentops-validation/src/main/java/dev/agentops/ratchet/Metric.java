package dev.agentops.ratchet;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named metric of a {@link Baseline}: which way it improves and how much shortfall is noise.
 *
 * @param name the metric's name: 1 to 64 letters, digits, {@code .}, {@code _} or {@code -},
 *     starting with a letter
 * @param direction which way it improves
 * @param tolerance the shortfall that is not yet a regression
 * @since 0.1.0
 */
public record Metric(String name, Direction direction, Tolerance tolerance) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

  /**
   * Checks the components.
   *
   * @param name the name
   * @param direction the direction
   * @param tolerance the tolerance
   * @throws IllegalArgumentException if the name is not allowed
   */
  public Metric {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(tolerance, "tolerance");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a metric's name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a"
              + " letter, but was '"
              + LockRequest.abbreviate(name)
              + "'");
    }
  }

  /**
   * A metric where larger is better.
   *
   * @param name the name
   * @param tolerance the tolerance
   * @return the metric
   */
  public static Metric higherIsBetter(String name, Tolerance tolerance) {
    return new Metric(name, Direction.HIGHER_IS_BETTER, tolerance);
  }

  /**
   * A metric where smaller is better.
   *
   * @param name the name
   * @param tolerance the tolerance
   * @return the metric
   */
  public static Metric lowerIsBetter(String name, Tolerance tolerance) {
    return new Metric(name, Direction.LOWER_IS_BETTER, tolerance);
  }

  /**
   * Tells whether a measurement regresses past tolerance against a baseline value.
   *
   * @param measured the measurement
   * @param baseline the baseline's value
   * @return {@code true} if it falls short by more than the tolerance allows
   */
  public boolean regresses(double measured, double baseline) {
    double allowance = tolerance.allowance(baseline);
    return direction == Direction.HIGHER_IS_BETTER
        ? measured < baseline - allowance
        : measured > baseline + allowance;
  }
}
