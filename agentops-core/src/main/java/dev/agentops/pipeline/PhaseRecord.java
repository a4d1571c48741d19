package dev.agentops.pipeline;

import dev.agentops.context.Handoff;
import dev.agentops.store.RecordKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A completed phase of a run, as stored in the run's {@link PipelineState}: its session, its
 * handoff and the ids of its artifacts.
 *
 * @param phase the phase's id
 * @param sessionId the session it ran in
 * @param attempts how many times it ran before it completed, at least 1 (more after a crash, a
 *     failure or a supervised retry)
 * @param handoff what it handed the next phase, with a reference to each of its artifacts
 * @param artifactIds the ids of its artifacts in the {@value PhasePipeline#ARTIFACTS} collection
 * @param completedAt when it completed
 * @since 0.1.0
 */
public record PhaseRecord(
    String phase,
    String sessionId,
    int attempts,
    Handoff handoff,
    List<String> artifactIds,
    Instant completedAt) {

  /**
   * Checks the components.
   *
   * @param phase the phase
   * @param sessionId the session
   * @param attempts the attempts
   * @param handoff the handoff
   * @param artifactIds the artifact ids
   * @param completedAt when it completed
   * @throws IllegalArgumentException if the phase or an id is malformed, or attempts is below 1
   */
  public PhaseRecord {
    Phase.of(phase);
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(handoff, "handoff");
    Objects.requireNonNull(completedAt, "completedAt");
    artifactIds = List.copyOf(Objects.requireNonNull(artifactIds, "artifactIds"));
    artifactIds.forEach(RecordKey::checkId);
    if (attempts < 1) {
      throw new IllegalArgumentException(
          "attempts of completed phase '" + phase + "' must be >= 1, but was " + attempts);
    }
  }

  /**
   * Returns the phase.
   *
   * @return the phase
   */
  public Phase phaseId() {
    return Phase.of(phase);
  }
}
