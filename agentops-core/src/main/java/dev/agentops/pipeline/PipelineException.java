package dev.agentops.pipeline;

import dev.agentops.AgentOpsException;
import java.util.Objects;

/**
 * A run's state could not be kept: another pipeline changed it meanwhile, or it could not be
 * written. Carries the run's id; the message never holds prompt text or artifact content.
 *
 * @since 0.1.0
 */
public class PipelineException extends AgentOpsException {

  private static final long serialVersionUID = 1L;

  private final String runId;

  /**
   * Creates an exception.
   *
   * @param runId the run
   * @param message what failed and what was seen
   */
  public PipelineException(String runId, String message) {
    super(message);
    this.runId = Objects.requireNonNull(runId, "runId");
  }

  /**
   * Returns the run whose state could not be kept.
   *
   * @return the run's id
   */
  public String runId() {
    return runId;
  }
}
