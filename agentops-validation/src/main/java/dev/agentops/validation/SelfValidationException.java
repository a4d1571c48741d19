package dev.agentops.validation;

import dev.agentops.AgentOpsException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A validation was refused because its validators are not independent of the artifact's author
 * (Factor V: no agent grades its own work). Nothing ran: no gate, no judge.
 *
 * @since 0.1.0
 */
public class SelfValidationException extends AgentOpsException {

  private static final long serialVersionUID = 1L;

  /**
   * Why the validators are not independent.
   *
   * @since 0.1.0
   */
  public enum Reason {
    /** A judge has the author's agent id. Always refused. */
    SAME_AGENT,
    /** The only judge runs on the author's model. Refused unless allowed. */
    SAME_MODEL,
    /** Multi-model validation was asked for, but no judge's model comes from another vendor. */
    NO_OTHER_VENDOR
  }

  private final Reason reason;
  private final String authorAgentId;
  private final @Nullable String judgeId;

  /**
   * Creates the exception.
   *
   * @param reason why the validation was refused
   * @param authorAgentId the artifact's author
   * @param judgeId the judge at fault, or {@code null} if the council as a whole is
   * @param message what was refused and why
   */
  public SelfValidationException(
      Reason reason, String authorAgentId, @Nullable String judgeId, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.authorAgentId = Objects.requireNonNull(authorAgentId, "authorAgentId");
    this.judgeId = judgeId;
  }

  /**
   * Returns why the validation was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the agent id of the artifact's author.
   *
   * @return the id
   */
  public String authorAgentId() {
    return authorAgentId;
  }

  /**
   * Returns the judge at fault.
   *
   * @return its agent id, or empty if the council as a whole is at fault
   */
  public Optional<String> judgeId() {
    return Optional.ofNullable(judgeId);
  }
}
