package dev.agentops.workspace;

import dev.agentops.work.WorkItem;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one worker of a wave produced, as handed to the {@link MergeStep}: its value, and where its
 * work is in git.
 *
 * @param worker the worker's id
 * @param item the work item it claimed
 * @param value what the worker returned
 * @param branch the workspace's branch, holding the worker's commits
 * @param base the commit the workspace started from
 * @param head the commit the branch points at, reachable in the repository (a clone's branch is
 *     fetched back before the merge step runs)
 * @param changes every path changed since the base, committed or not, all inside the worker's write
 *     scope
 * @param directory the workspace's folder; it exists while the merge step runs, and is removed
 *     right after
 * @param <T> the value's type
 * @since 0.1.0
 */
public record WorkerOutput<T>(
    String worker,
    WorkItem item,
    T value,
    String branch,
    String base,
    String head,
    List<String> changes,
    Path directory) {

  /**
   * Checks the components.
   *
   * @param worker the worker
   * @param item the item
   * @param value the value
   * @param branch the branch
   * @param base the base commit
   * @param head the head commit
   * @param changes the changed paths
   * @param directory the folder
   */
  public WorkerOutput {
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(head, "head");
    changes = List.copyOf(changes);
    Objects.requireNonNull(directory, "directory");
  }
}
