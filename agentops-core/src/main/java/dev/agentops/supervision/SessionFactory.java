package dev.agentops.supervision;

import dev.agentops.context.AgentSession;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Opens the fresh {@link AgentSession} each attempt runs in (Factor III: one agent, one job). The
 * host supplies it, since only the host knows which model and profile a worker uses.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Return a <em>new</em> session for every call: never one handed out before, not started,
 *       with an empty transcript. The {@link Supervisor} starts it with the unit's goal.
 *   <li>When {@link AttemptRequest#handoff()} is present, the session must start from it ({@link
 *       AgentSession.Builder#handoff(dev.agentops.context.Handoff)}): that is how a retry carries
 *       the failure feedback.
 *   <li>The supervisor refuses a session that breaks either rule with {@link
 *       IllegalStateException}. An exception the factory raises counts as a failed attempt of class
 *       {@link Failure#EXCEPTION}.
 *   <li>May be called concurrently when one supervisor runs several units at once.
 * </ul>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionFactory {

  /**
   * Opens the session for one attempt.
   *
   * @param request the attempt
   * @return a new, unstarted session, started from the request's handoff if it has one
   * @throws Exception if no session can be opened; the attempt then counts as failed
   */
  AgentSession open(AttemptRequest request) throws Exception;

  /**
   * A factory that builds each session from a fresh builder, adding the request's handoff.
   *
   * <pre>{@code
   * SessionFactory sessions =
   *     SessionFactory.fromBuilder(() -> AgentSession.builder(model, profile).system(rules));
   * }</pre>
   *
   * @param builders supplies a new, configured builder per call
   * @return the factory
   */
  static SessionFactory fromBuilder(Supplier<AgentSession.Builder> builders) {
    Objects.requireNonNull(builders, "builders");
    return request -> {
      AgentSession.Builder b = builders.get();
      request.handoff().ifPresent(b::handoff);
      return b.build();
    };
  }
}
