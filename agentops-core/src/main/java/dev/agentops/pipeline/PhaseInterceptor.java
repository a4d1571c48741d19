package dev.agentops.pipeline;

/**
 * Wraps the run of every phase, as OkHttp's interceptors wrap a call: an interceptor may act before
 * and after the phase, replace its result, or not run it at all.
 *
 * <h2>Order</h2>
 *
 * <p>Interceptors run in the order they were registered with {@link
 * PhasePipeline.Builder#interceptor(PhaseInterceptor)}: the first registered is the outermost, so
 * it sees the phase first and its result last. The {@link PhaseHandler} is innermost.
 *
 * <pre>{@code
 * PhaseInterceptor timing = chain -> {
 *   Instant start = clock.instant();
 *   PhaseResult result = chain.proceed(chain.context());
 *   log.info("{} took {}", chain.context().phase(), Duration.between(start, clock.instant()));
 *   return result;
 * };
 * }</pre>
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>{@link Chain#proceed(PhaseContext)} may be called at most once, with the chain's context: a
 *       phase runs once per session.
 *   <li>An exception an interceptor raises fails the phase with a failure of class {@link
 *       dev.agentops.supervision.Failure#EXCEPTION}; it never breaks the pipeline or another run.
 *   <li>Called on the thread that runs the phase.
 * </ul>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PhaseInterceptor {

  /**
   * Runs around one phase.
   *
   * @param chain the phase's context and the rest of the chain
   * @return the phase's result
   * @throws Exception for a failure; the phase then fails
   */
  PhaseResult intercept(Chain chain) throws Exception;

  /**
   * The rest of the chain, up to the phase's handler.
   *
   * @since 0.1.0
   */
  interface Chain {

    /**
     * Returns the phase's context.
     *
     * @return the context
     */
    PhaseContext context();

    /**
     * Runs the next interceptor, or the handler if this was the innermost interceptor.
     *
     * @param context the chain's context
     * @return the result
     * @throws IllegalStateException if called a second time
     * @throws IllegalArgumentException if the context is not the chain's
     * @throws Exception what the next interceptor or the handler raised
     */
    PhaseResult proceed(PhaseContext context) throws Exception;
  }
}
