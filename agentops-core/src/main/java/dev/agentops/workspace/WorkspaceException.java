package dev.agentops.workspace;

import dev.agentops.AgentOpsException;
import org.jspecify.annotations.Nullable;

/**
 * A workspace could not be made, inspected or removed: a git command failed or timed out, a clone
 * could not be made, a folder could not be deleted.
 *
 * @since 0.1.0
 */
public class WorkspaceException extends AgentOpsException {

  private static final long serialVersionUID = 1L;

  /** The worker the workspace is for. */
  private final String worker;

  /**
   * Creates an exception.
   *
   * @param worker the worker the workspace is for
   * @param message what failed and what was seen
   * @param cause the underlying failure, or {@code null}
   */
  public WorkspaceException(String worker, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.worker = worker;
  }

  /**
   * Returns the worker the workspace is for.
   *
   * @return the worker's id
   */
  public String worker() {
    return worker;
  }
}
