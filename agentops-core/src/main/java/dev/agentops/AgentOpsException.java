package dev.agentops;

import org.jspecify.annotations.Nullable;

/**
 * The root of every operational failure raised by AgentOps: a provider that did not answer, a
 * record that could not be stored, a validation that could not run.
 *
 * <p>Mistakes made by the caller are not operational failures and raise the usual JDK exceptions
 * instead. Subclasses carry structured fields (which provider, which record, which ref) so that
 * callers can react without parsing messages. Messages never contain secrets or prompt text.
 *
 * @since 0.1.0
 */
public class AgentOpsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what failed and what was seen
   */
  public AgentOpsException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the failure that caused it.
   *
   * @param message what failed and what was seen
   * @param cause the underlying failure, or {@code null} if there is none
   */
  public AgentOpsException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
