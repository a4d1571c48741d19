package dev.agentops.context;

import dev.agentops.AgentOpsException;
import java.util.Objects;

/**
 * A session's window is saturated (Factor III: never reuse a saturated window): it takes no new
 * task and no further turn. Hand off to a fresh session with {@link AgentSession#handOff(Handoff,
 * String)}.
 *
 * @since 0.1.0
 */
public class SessionSaturatedException extends AgentOpsException {

  private static final long serialVersionUID = 1L;

  /** The saturated session. */
  private final String sessionId;

  /** The fill when the session refused. */
  private final double fraction;

  /**
   * Creates an exception.
   *
   * @param sessionId the session
   * @param status its budget's status
   * @param threshold the saturation threshold
   * @param what what was refused, such as "a new turn"
   */
  public SessionSaturatedException(
      String sessionId, BudgetStatus status, double threshold, String what) {
    super(
        "session '"
            + Objects.requireNonNull(sessionId, "sessionId")
            + "' refuses "
            + what
            + ": its window is "
            + Math.round(status.fraction() * 1000) / 10.0
            + "% full, past the saturation threshold of "
            + Math.round(threshold * 1000) / 10.0
            + "%; hand off to a fresh session");
    this.sessionId = sessionId;
    this.fraction = status.fraction();
  }

  /**
   * Returns the saturated session's id.
   *
   * @return the id
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * Returns how full the window was, as a fraction of capacity.
   *
   * @return the fill
   */
  public double fraction() {
    return fraction;
  }
}
