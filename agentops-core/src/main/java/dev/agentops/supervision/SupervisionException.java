package dev.agentops.supervision;

import dev.agentops.AgentOpsException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Supervisor} could not go on with a unit: the thread was interrupted while waiting out a
 * retry's cooldown.
 *
 * @since 0.1.0
 */
public class SupervisionException extends AgentOpsException {

  private static final long serialVersionUID = 1L;

  /** The unit the supervisor was running. */
  private final String unitId;

  /**
   * Creates an exception.
   *
   * @param unitId the unit the supervisor was running
   * @param message what failed
   * @param cause the underlying failure, or {@code null}
   */
  public SupervisionException(String unitId, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.unitId = unitId;
  }

  /**
   * Returns the unit the supervisor was running.
   *
   * @return its id
   */
  public String unitId() {
    return unitId;
  }
}
