package dev.agentops.pipeline;

import dev.agentops.Artifact;
import dev.agentops.Provenance;
import dev.agentops.context.Admission;
import dev.agentops.context.AgentSession;
import dev.agentops.context.ContextKind;
import dev.agentops.context.ContextSource;
import dev.agentops.context.Handoff;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything one run of one phase may use: its fresh session, the handoff it starts from, and
 * just-in-time access to what earlier phases of the run (and research of earlier runs for the same
 * work item) stored. Never another phase's transcript: that is not kept.
 *
 * <pre>{@code
 * PhaseHandler implement = ctx -> {
 *   ctx.handoffSource(Phase.RESEARCH).ifPresent(ctx::load);   // just in time
 *   String patch = ctx.session().ask("Write the patch the plan describes.").text();
 *   return PhaseResult.completed(
 *       Handoff.builder(ctx.goal(), "Validate the patch").finding("patch written").build(),
 *       ctx.artifact("patch", patch));
 * };
 * }</pre>
 *
 * <p>Confined to the thread that runs the phase.
 *
 * @since 0.1.0
 */
public final class PhaseContext {

  private final PhasePipeline pipeline;
  private final PipelineState state;
  private final Phase phase;
  private final AgentSession session;
  private final @Nullable Handoff handoff;
  private final int attempt;
  private final String agentId;
  private final Clock clock;

  PhaseContext(
      PhasePipeline pipeline,
      PipelineState state,
      Phase phase,
      AgentSession session,
      @Nullable Handoff handoff,
      int attempt,
      String agentId,
      Clock clock) {
    this.pipeline = pipeline;
    this.state = state;
    this.phase = phase;
    this.session = session;
    this.handoff = handoff;
    this.attempt = attempt;
    this.agentId = agentId;
    this.clock = clock;
  }

  /**
   * Returns the phase.
   *
   * @return the phase
   */
  public Phase phase() {
    return phase;
  }

  /**
   * Returns the run's id.
   *
   * @return the id
   */
  public String runId() {
    return state.runId();
  }

  /**
   * Returns what the run is for.
   *
   * @return the goal
   */
  public String goal() {
    return state.goal();
  }

  /**
   * Returns the work item the run serves.
   *
   * @return its id, if any
   */
  public Optional<String> workItem() {
    return state.workItem();
  }

  /**
   * Returns the phase's session: new, started with the phase's task, started from {@link
   * #handoff()}, holding no message of another phase.
   *
   * @return the session
   */
  public AgentSession session() {
    return session;
  }

  /**
   * Returns the handoff the phase starts from: the previous phase's.
   *
   * @return the handoff; empty for the first phase
   */
  public Optional<Handoff> handoff() {
    return Optional.ofNullable(handoff);
  }

  /**
   * Returns how many times this phase was started in this run, this time included: more than 1
   * after a crash, a failure or a supervised retry.
   *
   * @return the attempt, from 1
   */
  public int attempt() {
    return attempt;
  }

  /**
   * Returns the id of the agent the phase runs as, the author in the provenance of its artifacts.
   *
   * @return the agent id
   */
  public String agentId() {
    return agentId;
  }

  /**
   * Returns the phases of this run completed before this one, in order.
   *
   * @return the records
   */
  public List<PhaseRecord> completed() {
    return state.completed();
  }

  /**
   * Returns the handoff an earlier phase of this run left.
   *
   * @param earlier the phase
   * @return its handoff, if it completed in this run
   */
  public Optional<Handoff> handoff(Phase earlier) {
    return state.completed(earlier).map(PhaseRecord::handoff);
  }

  /**
   * Returns an earlier phase's handoff as just-in-time material, to {@link #load(ContextSource)}.
   *
   * @param earlier the phase
   * @return the source, if the phase completed in this run
   */
  public Optional<ContextSource> handoffSource(Phase earlier) {
    return handoff(earlier)
        .map(h -> {
          String text = h.render();
          return ContextSource.of(
              "handoff of " + earlier.id() + " in " + runId(),
              earlier.equals(Phase.RESEARCH) ? ContextKind.RESEARCH : ContextKind.FILE,
              estimate(text),
              () -> text);
        });
  }

  /**
   * Returns the stored artifacts of this run's earlier phases, in phase order.
   *
   * @return the artifacts
   */
  public List<PhaseArtifact> artifacts() {
    List<PhaseArtifact> out = new ArrayList<>();
    for (PhaseRecord r : state.completed()) {
      out.addAll(pipeline.artifacts(r.artifactIds()));
    }
    return out;
  }

  /**
   * Returns the stored artifacts of this run's earlier phases as just-in-time material.
   *
   * @return one source per artifact, in phase order; none loaded yet
   */
  public List<ContextSource> sources() {
    List<ContextSource> out = new ArrayList<>();
    artifacts().forEach(a -> out.add(source(a)));
    return out;
  }

  /**
   * Returns the research findings stored by earlier runs for this run's work item, as just-in-time
   * material (Factor IV: findings are stored and reused across sessions).
   *
   * @return one source per research artifact of another run, oldest first; empty without a work
   *     item
   */
  public List<ContextSource> priorResearch() {
    List<ContextSource> out = new ArrayList<>();
    state
        .workItem()
        .ifPresent(item ->
            pipeline.findings(item).stream()
                .filter(a -> !a.runId().equals(runId()))
                .forEach(a -> out.add(source(a))));
    return out;
  }

  /**
   * Loads just-in-time material into the phase's session; it is released when the phase ends and
   * never enters the transcript.
   *
   * @param source the material
   * @return whether it was loaded
   */
  public Admission load(ContextSource source) {
    return session.load(source);
  }

  /**
   * Makes an artifact of this phase, with its provenance: this phase's agent, the session's model,
   * the session, the run's work item, now.
   *
   * @param name what it is, unique within the phase
   * @param content its text
   * @return the artifact
   */
  public Artifact artifact(String name, String content) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    return Artifact.of(
        name,
        content,
        Provenance.builder()
            .author(agentId)
            .model(session.budget().profile())
            .session(session.id())
            .workItem(state.workItemId())
            .createdAt(clock.instant()));
  }

  static ContextSource source(PhaseArtifact a) {
    return ContextSource.of(
        a.ref(),
        a.phase().equals(Phase.RESEARCH.id()) ? ContextKind.RESEARCH : ContextKind.FILE,
        estimate(a.content()),
        a::content);
  }

  /** A generous estimate, so that a source is not loaded into room it will not fit. */
  private static int estimate(String text) {
    return text.length() / 3 + 1;
  }

  @Override
  public String toString() {
    return "PhaseContext[" + runId() + ", " + phase + ", attempt " + attempt + "]";
  }
}
