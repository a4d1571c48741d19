package dev.agentops.workspace;

/**
 * The work one worker of a wave does, written by the host: it edits and commits in its workspace,
 * within its write scope, and returns a value for the {@link MergeStep}.
 *
 * <p>Called once, on one of the runner's threads, concurrently with the other workers of the wave.
 * An exception it raises ends that worker as {@link WorkerResult.Crashed}; the workspace is removed
 * and the work item released all the same.
 *
 * @param <T> what the worker returns
 * @since 0.1.0
 */
@FunctionalInterface
public interface Worker<T> {

  /**
   * Does the work.
   *
   * @param context the worker's item, workspace and session
   * @return the value handed to the merge step; never null
   * @throws Exception if the work failed
   */
  T work(WorkerContext context) throws Exception;
}
