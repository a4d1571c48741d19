package dev.agentops.knowledge;

import dev.agentops.AgentOpsException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link KnowledgeIndex} could not read or write. The index is a cache: rebuilding it from the
 * store is always possible.
 *
 * @since 0.1.0
 */
public class KnowledgeIndexException extends AgentOpsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed, naming the index
   * @param cause the underlying failure, or {@code null}
   */
  public KnowledgeIndexException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
