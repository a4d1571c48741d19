package dev.agentops.knowledge.extraction;

import dev.agentops.AgentOpsException;
import org.jspecify.annotations.Nullable;

/**
 * An extractor could not produce candidate learnings from a session: the model gave no usable
 * reply, or could not be reached. The message names the session and the extractor, never the prompt
 * or the reply.
 *
 * @since 0.1.0
 */
public class ExtractionException extends AgentOpsException {

  private static final long serialVersionUID = 1L;

  /** The session extraction failed for. */
  private final String session;

  /**
   * Creates an exception.
   *
   * @param session the session's id
   * @param message what went wrong
   * @param cause the underlying failure, or {@code null}
   */
  public ExtractionException(String session, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.session = session;
  }

  /**
   * Returns the session extraction failed for.
   *
   * @return the session's id
   */
  public String session() {
    return session;
  }
}
