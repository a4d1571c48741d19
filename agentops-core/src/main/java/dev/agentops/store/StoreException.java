package dev.agentops.store;

import dev.agentops.AgentOpsException;
import org.jspecify.annotations.Nullable;

/**
 * A store could not do its work: the repository could not be read or written, a record could not be
 * decoded, retries of a contended write ran out.
 *
 * @since 0.1.0
 */
public class StoreException extends AgentOpsException {

  private static final long serialVersionUID = 1L;

  /** What the failure concerns: a record key, a log, a commit, a repository. */
  private final String location;

  /**
   * Creates an exception.
   *
   * @param location what the failure concerns
   * @param message what failed and what was seen
   * @param cause the underlying failure, or {@code null}
   */
  public StoreException(String location, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.location = location;
  }

  /**
   * Returns what the failure concerns.
   *
   * @return a record key, a log, a commit or a repository
   */
  public String location() {
    return location;
  }
}
