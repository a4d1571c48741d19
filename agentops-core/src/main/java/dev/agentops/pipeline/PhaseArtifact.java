package dev.agentops.pipeline;

import dev.agentops.Artifact;
import dev.agentops.Provenance;
import dev.agentops.store.RecordKey;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An artifact a phase produced, as stored in the {@value PhasePipeline#ARTIFACTS} collection: which
 * run and phase produced it, for which work item, its name, content and provenance.
 *
 * <p>The content is what the store kept: secrets and absolute paths are removed before anything is
 * written, so it may differ from what the phase returned; {@link #artifact()} then describes the
 * stored content.
 *
 * @param id the record id: {@code <run>.<phase>.<n>}
 * @param runId the run
 * @param phase the phase's id
 * @param workItemId the work item the run was for, or {@code null}
 * @param name the artifact's name
 * @param content the artifact's content as stored
 * @param provenance where it came from, as the phase gave it
 * @since 0.1.0
 */
public record PhaseArtifact(
    String id,
    String runId,
    String phase,
    @Nullable String workItemId,
    String name,
    String content,
    Provenance provenance) {

  /**
   * Checks the components.
   *
   * @param id the id
   * @param runId the run
   * @param phase the phase
   * @param workItemId the work item, or {@code null}
   * @param name the name
   * @param content the content
   * @param provenance the provenance
   * @throws IllegalArgumentException if the id or the phase is malformed, or the name is blank
   */
  public PhaseArtifact {
    RecordKey.checkId(id);
    RecordKey.checkId(runId);
    Phase.of(phase);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(provenance, "provenance");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name of phase artifact '" + id + "' must not be blank");
    }
  }

  /**
   * Returns the phase that produced the artifact.
   *
   * @return the phase
   */
  public Phase phaseId() {
    return Phase.of(phase);
  }

  /**
   * Returns the work item the run was for.
   *
   * @return the work item's id, if the run had one
   */
  public Optional<String> workItem() {
    return Optional.ofNullable(workItemId);
  }

  /**
   * Returns the stored artifact. If the store changed the content (redacting a secret), the
   * provenance's content hash is that of the stored content, every other field as given.
   *
   * @return the artifact
   */
  public Artifact artifact() {
    Provenance p =
        provenance.describes(content)
            ? provenance
            : provenance.toBuilder().content(content).build();
    return new Artifact(name, content, p);
  }

  /**
   * Returns the reference a handoff carries for this artifact: {@code pipeline-artifacts/<id>}.
   *
   * @return the reference
   */
  public String ref() {
    return PhasePipeline.ARTIFACTS + "/" + id;
  }
}
