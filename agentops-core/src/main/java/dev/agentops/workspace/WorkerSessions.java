package dev.agentops.workspace;

import dev.agentops.context.AgentSession;
import dev.agentops.work.WorkItem;

/**
 * Opens each worker's own session: the worker's context (Factor X: context is scoped per worker,
 * never shared). Written by the host, which knows the models.
 *
 * <p>Must return a new, unstarted session per call; the {@link WaveRunner} refuses a session it
 * already handed to another worker, or one that has a task or turns. Called concurrently from the
 * runner's threads. An exception it raises ends that worker as {@link WorkerResult.Crashed}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface WorkerSessions {

  /**
   * Opens the session for a worker.
   *
   * @param worker the worker's id
   * @param item the item it claimed
   * @return a new, unstarted session
   * @throws Exception if no session can be opened
   */
  AgentSession open(String worker, WorkItem item) throws Exception;
}
