package dev.agentops.pipeline;

import dev.agentops.context.AgentSession;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ModelProfile;
import java.util.Objects;

/**
 * Configures the fresh {@link AgentSession} of each phase (Factor III): which model, which system
 * text, which budget. The pipeline calls it once per phase run, sets the session's id and the
 * handoff it starts from, and builds it; a session is never reused across phases.
 *
 * <p>Return a <em>new</em> builder on every call. May be called concurrently when a pipeline runs
 * several runs at once. An exception it raises fails the phase.
 *
 * <pre>{@code
 * PhaseSessions sessions = phase -> AgentSession.builder(model, profile)
 *     .system(rulesFor(phase))
 *     .budget(b -> phase.equals(Phase.RESEARCH) ? b.reservedOutputTokens(4_000) : b);
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PhaseSessions {

  /**
   * Returns a configured builder for one phase's session.
   *
   * @param phase the phase about to run
   * @return a new builder
   * @throws Exception if no session can be configured; the phase then fails
   */
  AgentSession.Builder builder(Phase phase) throws Exception;

  /**
   * Sessions on one model, with the default budget and no system text.
   *
   * @param model the model
   * @param profile its profile
   * @return the sessions
   */
  static PhaseSessions of(LanguageModel model, ModelProfile profile) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(profile, "profile");
    return phase -> AgentSession.builder(model, profile);
  }
}
