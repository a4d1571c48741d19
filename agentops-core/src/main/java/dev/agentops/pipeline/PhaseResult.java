package dev.agentops.pipeline;

import dev.agentops.Artifact;
import dev.agentops.context.Handoff;
import dev.agentops.supervision.Failure;
import java.util.List;
import java.util.Objects;

/**
 * What one run of a phase came to: completed, with the handoff for the next phase and the artifacts
 * to store, or failed, with a classified {@link Failure}.
 *
 * <p>Java 17 has no pattern {@code switch}; use {@code instanceof}:
 *
 * <pre>{@code
 * PhaseResult r = chain.proceed(chain.context());
 * if (r instanceof PhaseResult.Failed failed) {
 *   log.warn("phase {} failed: {}", chain.context().phase(), failed.failure().failureClass());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface PhaseResult permits PhaseResult.Completed, PhaseResult.Failed {

  /**
   * A completed phase.
   *
   * @param handoff what the next phase needs
   * @param artifacts what the phase produced, to be stored with their provenance
   * @return the result
   */
  static PhaseResult completed(Handoff handoff, List<Artifact> artifacts) {
    return new Completed(handoff, artifacts);
  }

  /**
   * A completed phase.
   *
   * @param handoff what the next phase needs
   * @param artifacts what the phase produced, to be stored with their provenance
   * @return the result
   */
  static PhaseResult completed(Handoff handoff, Artifact... artifacts) {
    return new Completed(handoff, List.of(artifacts));
  }

  /**
   * A failed phase.
   *
   * @param failure why it failed
   * @return the result
   */
  static PhaseResult failed(Failure failure) {
    return new Failed(failure);
  }

  /**
   * The phase completed.
   *
   * @param handoff what the next phase needs; never the transcript
   * @param artifacts what the phase produced; names must be unique within the phase
   * @since 0.1.0
   */
  record Completed(Handoff handoff, List<Artifact> artifacts) implements PhaseResult {

    /**
     * Checks the components.
     *
     * @param handoff the handoff
     * @param artifacts the artifacts
     * @throws IllegalArgumentException if two artifacts have the same name
     */
    public Completed {
      Objects.requireNonNull(handoff, "handoff");
      artifacts = List.copyOf(Objects.requireNonNull(artifacts, "artifacts"));
      long names = artifacts.stream().map(Artifact::name).distinct().count();
      if (names != artifacts.size()) {
        throw new IllegalArgumentException(
            "the artifacts of a phase must have distinct names, but "
                + artifacts.size()
                + " artifacts have "
                + names
                + " names");
      }
    }
  }

  /**
   * The phase failed.
   *
   * @param failure why
   * @since 0.1.0
   */
  record Failed(Failure failure) implements PhaseResult {

    /**
     * Checks the failure.
     *
     * @param failure the failure
     */
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
