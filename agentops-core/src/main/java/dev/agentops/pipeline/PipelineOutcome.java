package dev.agentops.pipeline;

import dev.agentops.supervision.Failure;
import dev.agentops.supervision.Outcome;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a run of a {@link PhasePipeline} ended: every phase completed, a phase failed, or a phase's
 * supervision escalated it. The run's state is stored either way, and running the same run again
 * resumes it.
 *
 * <p>Java 17 has no pattern {@code switch}; use {@link #kind()} or {@code instanceof}:
 *
 * <pre>{@code
 * PipelineOutcome outcome = pipeline.run("run-ao-3f9k", "Make the nightly build green", "ao-3f9k");
 * if (outcome instanceof PipelineOutcome.Failed failed) {
 *   report(failed.phase(), failed.cause().feedback());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface PipelineOutcome
    permits PipelineOutcome.Completed, PipelineOutcome.Failed, PipelineOutcome.Escalated {

  /** The kinds of outcome. */
  enum Kind {
    /** Every phase completed. */
    COMPLETED,
    /** A phase failed. */
    FAILED,
    /** A phase's supervision escalated it above the worker. */
    ESCALATED;

    /**
     * Returns the name used in records and logs.
     *
     * @return such as {@code completed}
     */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Returns the kind.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Returns the run's id.
   *
   * @return the id
   */
  String runId();

  /**
   * Returns the phases completed, in order.
   *
   * @return the completed phases
   */
  List<PhaseRecord> completed();

  /**
   * Every phase completed.
   *
   * @param runId the run
   * @param completed every phase, in order
   * @since 0.1.0
   */
  record Completed(String runId, List<PhaseRecord> completed) implements PipelineOutcome {

    /**
     * Checks the components.
     *
     * @param runId the run
     * @param completed the phases
     */
    public Completed {
      Objects.requireNonNull(runId, "runId");
      completed = List.copyOf(completed);
    }

    @Override
    public Kind kind() {
      return Kind.COMPLETED;
    }
  }

  /**
   * A phase failed; the phases before it stay completed.
   *
   * @param runId the run
   * @param phase the phase that failed
   * @param cause why
   * @param completed the phases completed before it
   * @since 0.1.0
   */
  record Failed(String runId, Phase phase, Failure cause, List<PhaseRecord> completed)
      implements PipelineOutcome {

    /**
     * Checks the components.
     *
     * @param runId the run
     * @param phase the phase
     * @param cause the cause
     * @param completed the completed phases
     */
    public Failed {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(cause, "cause");
      completed = List.copyOf(completed);
    }

    @Override
    public Kind kind() {
      return Kind.FAILED;
    }
  }

  /**
   * A supervised phase was escalated: its {@link dev.agentops.supervision.Supervisor} ended with
   * {@link Outcome.Escalated} or {@link Outcome.NeedsHuman}, and the level named there holds it.
   *
   * @param runId the run
   * @param phase the phase
   * @param supervision the supervisor's outcome
   * @param completed the phases completed before it
   * @since 0.1.0
   */
  record Escalated(
      String runId,
      Phase phase,
      Outcome<PhaseResult.Completed> supervision,
      List<PhaseRecord> completed)
      implements PipelineOutcome {

    /**
     * Checks the components.
     *
     * @param runId the run
     * @param phase the phase
     * @param supervision the supervisor's outcome
     * @param completed the completed phases
     * @throws IllegalArgumentException if the supervision outcome is not an escalation
     */
    public Escalated {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(supervision, "supervision");
      completed = List.copyOf(completed);
      if (supervision.kind() != Outcome.Kind.ESCALATED
          && supervision.kind() != Outcome.Kind.NEEDS_HUMAN) {
        throw new IllegalArgumentException(
            "an escalated phase needs an escalated or needs-human supervision outcome, but was "
                + supervision.kind().wireName());
      }
    }

    @Override
    public Kind kind() {
      return Kind.ESCALATED;
    }
  }
}
