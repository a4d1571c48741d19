package dev.agentops.validation;

import dev.agentops.Provenance;
import dev.agentops.gate.GateResult;
import dev.agentops.llm.TokenUsage;
import dev.agentops.store.RecordKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of validating an artifact externally (Factor V): what the deterministic gates found,
 * what each judge said, what the council decided, and about which content, by whom, at what cost.
 *
 * <p>Verdicts are stored ({@link Verdicts}) and referred to by id: a work item closes only with the
 * id of a verdict that {@link #allowsLock() allows it}, and a ratchet locks only on one.
 *
 * @param id the verdict's id, a valid record id such as {@code vd-20260401-090000-k3x9q2}
 * @param status PASS, WARN, FAIL, DISAGREE, NO_QUORUM or ERROR
 * @param confidence from 0 to 1: 1 for an outcome the gates alone decided, the council's confidence
 *     otherwise (see {@link Council}), 0 when nothing was decided
 * @param summary why, in a line
 * @param artifactName what the artifact was
 * @param artifact the provenance of the artifact validated: author, model, session, work item and
 *     content hash
 * @param gates the results of the deterministic gates, in the order they ran
 * @param judges each judge's verdict; empty if no council ran
 * @param findings the findings of the judges that voted, most severe first
 * @param tokens the tokens the judges spent
 * @param createdAt when the verdict was reached
 * @param duration how long the validation took
 * @since 0.1.0
 */
public record Verdict(
    String id,
    VerdictStatus status,
    double confidence,
    String summary,
    String artifactName,
    Provenance artifact,
    List<GateResult> gates,
    List<JudgeVerdict> judges,
    List<Finding> findings,
    TokenUsage tokens,
    Instant createdAt,
    Duration duration) {

  /**
   * Checks the components.
   *
   * @param id the id
   * @param status the outcome
   * @param confidence from 0 to 1
   * @param summary why
   * @param artifactName what the artifact was
   * @param artifact its provenance
   * @param gates the gates' results
   * @param judges the judges' verdicts
   * @param findings the findings
   * @param tokens the tokens spent
   * @param createdAt when
   * @param duration how long
   * @throws IllegalArgumentException if the id is not a valid record id, the status is {@link
   *     VerdictStatus#ABSTAIN}, or a number is out of range
   */
  public Verdict {
    RecordKey.checkId(id);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(artifactName, "artifactName");
    Objects.requireNonNull(artifact, "artifact");
    gates = List.copyOf(gates);
    judges = List.copyOf(judges);
    findings = List.copyOf(findings);
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(duration, "duration");
    if (status == VerdictStatus.ABSTAIN) {
      throw new IllegalArgumentException(
          "verdict '" + id + "' cannot be ABSTAIN: only judges abstain");
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException(
          "confidence of verdict '" + id + "' must be from 0 to 1, but was " + confidence);
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "duration of verdict '" + id + "' must not be negative, but was " + duration);
    }
  }

  /**
   * Tells whether this verdict lets the work be locked or closed.
   *
   * @return {@code true} for PASS and WARN
   */
  public boolean allowsLock() {
    return status.allowsLock();
  }

  /**
   * Tells whether this verdict must be settled by a human or a supervisor.
   *
   * @return {@code true} for DISAGREE and NO_QUORUM
   */
  public boolean needsEscalation() {
    return status.needsEscalation();
  }
}
