package dev.agentops.knowledge;

import dev.agentops.AgentOpsException;
import java.util.List;

/**
 * The flywheel lost the race to write some learnings as many times as it may retry: other writers
 * kept changing them. Nothing of the failed write was applied.
 *
 * @since 0.1.0
 */
public class KnowledgeConflictException extends AgentOpsException {

  private static final long serialVersionUID = 1L;

  /** The ids of the learnings that kept changing. */
  private final List<String> ids;

  /**
   * Creates an exception.
   *
   * @param ids the ids of the learnings that kept changing
   * @param attempts how many times the write was tried
   */
  public KnowledgeConflictException(List<String> ids, int attempts) {
    super(
        "learnings "
            + ids.stream().map(id -> "'" + id + "'").toList()
            + " changed under "
            + attempts
            + " attempts to write them; nothing was written",
        null);
    this.ids = List.copyOf(ids);
  }

  /**
   * Returns the ids of the learnings that kept changing.
   *
   * @return the ids
   */
  public List<String> ids() {
    return ids;
  }
}
