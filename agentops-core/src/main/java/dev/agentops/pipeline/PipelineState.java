package dev.agentops.pipeline;

import dev.agentops.store.RecordKey;
import dev.agentops.supervision.Failure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a run of a {@link PhasePipeline} stands, as stored in the {@value PhasePipeline#RUNS}
 * collection under the run's id: its phases, those completed with their handoffs, the phase under
 * way and how often it was started, and how the run ended. Written when a phase starts and when it
 * ends, so a new pipeline resumes a crashed run from its last completed phase.
 *
 * @param runId the run's id
 * @param goal what the run is for
 * @param workItemId the work item it serves, or {@code null}
 * @param phases the phases' ids, in order, as they were when the run started
 * @param completed the completed phases, in order: always a prefix of {@code phases}
 * @param status where the run stands
 * @param currentPhase the phase started last and not completed, or {@code null}
 * @param attempts how many times {@code currentPhase} was started; 0 if there is none
 * @param failure why the run failed or was escalated, or {@code null}
 * @param startedAt when the run started
 * @param updatedAt when this state was written
 * @since 0.1.0
 */
public record PipelineState(
    String runId,
    String goal,
    @Nullable String workItemId,
    List<String> phases,
    List<PhaseRecord> completed,
    Status status,
    @Nullable String currentPhase,
    int attempts,
    @Nullable Failure failure,
    Instant startedAt,
    Instant updatedAt) {

  /**
   * Where a run stands.
   *
   * @since 0.1.0
   */
  public enum Status {
    /** A phase is under way, or the run has not ended: running it again resumes it. */
    RUNNING,
    /** Every phase completed; running it again changes nothing. */
    COMPLETED,
    /** A phase failed; running it again retries that phase. */
    FAILED,
    /** A phase's supervision escalated it; running it again retries that phase. */
    ESCALATED
  }

  /**
   * Checks the components.
   *
   * @param runId the run
   * @param goal the goal
   * @param workItemId the work item, or {@code null}
   * @param phases the phases
   * @param completed the completed phases
   * @param status the status
   * @param currentPhase the phase under way, or {@code null}
   * @param attempts how often it was started
   * @param failure the failure, or {@code null}
   * @param startedAt when the run started
   * @param updatedAt when this was written
   * @throws IllegalArgumentException if the completed phases are not a prefix of the phases, or a
   *     component is malformed
   */
  public PipelineState {
    RecordKey.checkId(runId);
    Objects.requireNonNull(goal, "goal");
    if (workItemId != null) {
      RecordKey.checkId(workItemId);
    }
    phases = List.copyOf(Objects.requireNonNull(phases, "phases"));
    phases.forEach(Phase::of);
    completed = List.copyOf(Objects.requireNonNull(completed, "completed"));
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (completed.size() > phases.size()) {
      throw new IllegalArgumentException(
          "run '" + runId + "' has more completed phases than phases");
    }
    for (int i = 0; i < completed.size(); i++) {
      if (!completed.get(i).phase().equals(phases.get(i))) {
        throw new IllegalArgumentException(
            "completed phases of run '"
                + runId
                + "' must follow its phases in order, but phase "
                + (i + 1)
                + " is '"
                + completed.get(i).phase()
                + "' where '"
                + phases.get(i)
                + "' was expected");
      }
    }
    if (attempts < 0) {
      throw new IllegalArgumentException(
          "attempts of run '" + runId + "' must be >= 0, but was " + attempts);
    }
  }

  static PipelineState start(
      String runId, String goal, @Nullable String workItemId, List<Phase> phases, Instant now) {
    List<String> ids = new ArrayList<>();
    phases.forEach(p -> ids.add(p.id()));
    return new PipelineState(
        runId, goal, workItemId, ids, List.of(), Status.RUNNING, null, 0, null, now, now);
  }

  /**
   * Returns the work item the run serves.
   *
   * @return its id, if the run has one
   */
  public Optional<String> workItem() {
    return Optional.ofNullable(workItemId);
  }

  /**
   * Returns the first phase not yet completed.
   *
   * @return the phase, or empty if every phase completed
   */
  public Optional<Phase> nextPhase() {
    return completed.size() < phases.size()
        ? Optional.of(Phase.of(phases.get(completed.size())))
        : Optional.empty();
  }

  /**
   * Returns the record of a completed phase.
   *
   * @param phase the phase
   * @return its record, if it completed in this run
   */
  public Optional<PhaseRecord> completed(Phase phase) {
    Objects.requireNonNull(phase, "phase");
    return completed.stream().filter(r -> r.phase().equals(phase.id())).findFirst();
  }

  PipelineState starting(Phase phase, Instant now) {
    int n = phase.id().equals(currentPhase) ? attempts + 1 : 1;
    return new PipelineState(
        runId,
        goal,
        workItemId,
        phases,
        completed,
        Status.RUNNING,
        phase.id(),
        n,
        null,
        startedAt,
        now);
  }

  PipelineState completing(PhaseRecord record, Instant now) {
    List<PhaseRecord> done = new ArrayList<>(completed);
    done.add(record);
    Status next = done.size() == phases.size() ? Status.COMPLETED : Status.RUNNING;
    return new PipelineState(
        runId, goal, workItemId, phases, done, next, null, 0, null, startedAt, now);
  }

  PipelineState ending(Status status, Failure failure, Instant now) {
    return new PipelineState(
        runId,
        goal,
        workItemId,
        phases,
        completed,
        status,
        currentPhase,
        attempts,
        failure,
        startedAt,
        now);
  }
}
