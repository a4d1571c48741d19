package dev.agentops.fitness;

import dev.agentops.AgentOpsException;
import java.util.Objects;

/**
 * A fitness report could not be stored: another monitor stored the same cycle of the same series
 * first. Carries the series.
 *
 * @since 0.1.0
 */
public class FitnessException extends AgentOpsException {

  private static final long serialVersionUID = 1L;

  private final String series;

  /**
   * Creates an exception.
   *
   * @param series the series
   * @param message what failed and what was seen
   */
  public FitnessException(String series, String message) {
    super(message);
    this.series = Objects.requireNonNull(series, "series");
  }

  /**
   * Returns the series whose report could not be stored.
   *
   * @return the series
   */
  public String series() {
    return series;
  }
}
