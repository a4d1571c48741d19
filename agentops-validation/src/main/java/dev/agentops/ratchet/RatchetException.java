package dev.agentops.ratchet;

import dev.agentops.AgentOpsException;
import org.jspecify.annotations.Nullable;

/**
 * The ratchet could not do its work for a reason other than the expected outcomes of a lock: the
 * repository or the remote could not be read or written, a ref's lock file stayed held, the remote
 * refused a push for a reason other than a race, or a remote's protected ref moved backwards.
 *
 * <p>A lost race, a commit that is not a fast-forward, or a conflict in a merge are not failures:
 * they come back as values, such as {@link LockOutcome}.
 *
 * @since 0.1.0
 */
public class RatchetException extends AgentOpsException {

  private static final long serialVersionUID = 1L;

  /** The ref the failure concerns. */
  private final String ref;

  /**
   * Creates an exception.
   *
   * @param ref the ref the failure concerns, such as {@code refs/heads/main}
   * @param message what failed and what was seen
   * @param cause the underlying failure, or {@code null}
   */
  public RatchetException(String ref, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.ref = ref;
  }

  /**
   * Returns the ref the failure concerns.
   *
   * @return the ref's full name
   */
  public String ref() {
    return ref;
  }
}
