package dev.agentops.workspace;

/**
 * Takes a worker's output into the shared line of work: the last step of each worker in a {@link
 * WaveRunner} wave.
 *
 * <p>This is where the ratchet's merge queue (Factor VI) plugs in: {@code QueueMergeStep} in {@code
 * agentops-validation}'s {@code dev.agentops.ratchet} submits the worker's validated head commit to
 * a {@code MergeQueue}, which merges or rebases it onto the protected ref and locks it, or rejects
 * it. Hosts with their own integration may pass any function, such as one that only records the
 * branch for a person to merge.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Called once per worker that finished within its write scope, while its workspace still
 *       exists; the workspace is removed right after (its branch stays if it has commits). The
 *       worker's head commit is reachable in the repository: a clone's branch is fetched back
 *       first.
 *   <li>Calls are serialized: never two at once within one runner, in the order workers finish.
 *   <li>An exception it raises is recorded as a rejection naming the exception's type; it never
 *       affects other workers.
 *   <li>A work item whose output was merged stays in progress, for the verdict that closes it
 *       (closing needs a verdict); one that was not merged is released back to open.
 * </ul>
 *
 * @param <T> what the workers return
 * @since 0.1.0
 */
@FunctionalInterface
public interface MergeStep<T> {

  /**
   * Merges, queues or rejects one worker's output.
   *
   * @param output the output
   * @return merged or rejected
   * @throws Exception if the merge could not be attempted; counted as a rejection
   */
  MergeOutcome merge(WorkerOutput<T> output) throws Exception;
}
