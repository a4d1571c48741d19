package dev.agentops.supervision;

import dev.agentops.context.AgentSession;

/**
 * One attempt at a unit of work, written by the host: it works in the session it is given and says
 * whether it succeeded.
 *
 * <p>Called once per attempt, each time with a new session; it may be called concurrently for
 * different units. An exception it raises counts as a failed attempt of class {@link
 * Failure#EXCEPTION}; an {@link Error} is not caught.
 *
 * @param <T> what a successful attempt produces
 * @since 0.1.0
 */
@FunctionalInterface
public interface WorkerTask<T> {

  /**
   * Makes one attempt.
   *
   * @param session a fresh session, already started with the unit's goal as its task, holding the
   *     earlier failures' feedback when this is a retry
   * @param request which attempt this is, and what failed before
   * @return success with a value, or failure with a classified reason
   * @throws Exception for a failure the task did not classify
   */
  AttemptResult<T> attempt(AgentSession session, AttemptRequest request) throws Exception;
}
