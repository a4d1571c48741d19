package dev.agentops.pipeline;

/**
 * What a host writes for one phase of a {@link PhasePipeline}: it works in the fresh session of the
 * {@link PhaseContext} and returns the phase's handoff and artifacts.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>One session, one phase.</b> The context's session is new, already started with the
 *       phase's task, and starts from the previous phase's handoff; it never holds another phase's
 *       messages. Material from earlier phases is loaded just in time through {@link
 *       PhaseContext#load(dev.agentops.context.ContextSource)}.
 *   <li><b>Outcomes are values.</b> Return {@link PhaseResult#completed} or {@link
 *       PhaseResult#failed}. An exception counts as a failure of class {@link
 *       dev.agentops.supervision.Failure#EXCEPTION}; an {@link Error} is not caught.
 *   <li><b>Idempotency.</b> A phase whose run was interrupted (the process crashed) runs again, in
 *       a new session, when the pipeline resumes: a handler must tolerate running twice for one
 *       run. A completed phase never runs again for the same run.
 *   <li><b>Threading.</b> Called on the thread that runs the pipeline; one pipeline may run several
 *       runs at once on different threads.
 * </ul>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PhaseHandler {

  /**
   * Runs the phase.
   *
   * @param context the phase's session, its handoff, and access to earlier material
   * @return completed with a handoff and artifacts, or failed
   * @throws Exception for a failure the handler did not classify
   */
  PhaseResult run(PhaseContext context) throws Exception;
}
