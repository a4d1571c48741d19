package dev.agentops.validation;

import dev.agentops.llm.TokenUsage;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one judge of a council said about an artifact, or why it said nothing: part of every {@link
 * Verdict}.
 *
 * @param judgeId the judge's agent id
 * @param modelId the model the judge ran on
 * @param vendor who made that model
 * @param status {@link VerdictStatus#PASS}, {@link VerdictStatus#WARN}, {@link VerdictStatus#FAIL},
 *     {@link VerdictStatus#ABSTAIN}, or {@link VerdictStatus#ERROR} if it gave no usable answer
 * @param confidence how sure the judge was, from 0 to 1; 0 for an error
 * @param summary the judge's assessment, or for an error what went wrong (with secrets redacted)
 * @param findings what the judge found
 * @param attempts how many model calls the judge made, repairs included; 0 if it made none
 * @param tokens the tokens those calls spent, as far as they were reported
 * @param duration how long the judge took, or how long the council waited for it
 * @since 0.1.0
 */
public record JudgeVerdict(
    String judgeId,
    String modelId,
    String vendor,
    VerdictStatus status,
    double confidence,
    String summary,
    List<Finding> findings,
    int attempts,
    TokenUsage tokens,
    Duration duration) {

  private static final Set<VerdictStatus> JUDGE_STATUSES =
      EnumSet.of(
          VerdictStatus.PASS,
          VerdictStatus.WARN,
          VerdictStatus.FAIL,
          VerdictStatus.ABSTAIN,
          VerdictStatus.ERROR);

  /**
   * Checks the components.
   *
   * @param judgeId the judge's agent id
   * @param modelId the model id
   * @param vendor the model's vendor
   * @param status the judge's status
   * @param confidence from 0 to 1
   * @param summary the assessment or the error
   * @param findings the findings
   * @param attempts the model calls made
   * @param tokens the tokens spent
   * @param duration how long it took
   * @throws IllegalArgumentException if the status is not one a judge can have, or a number is out
   *     of range
   */
  public JudgeVerdict {
    Objects.requireNonNull(judgeId, "judgeId");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(summary, "summary");
    findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(duration, "duration");
    if (!JUDGE_STATUSES.contains(status)) {
      throw new IllegalArgumentException(
          "status of judge '" + judgeId + "' must be one a judge can have, but was " + status);
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException(
          "confidence of judge '" + judgeId + "' must be from 0 to 1, but was " + confidence);
    }
    if (attempts < 0) {
      throw new IllegalArgumentException(
          "attempts of judge '" + judgeId + "' must be >= 0, but was " + attempts);
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "duration of judge '" + judgeId + "' must not be negative, but was " + duration);
    }
  }

  /**
   * Returns the verdict of a judge that gave no usable answer.
   *
   * @param judge the judge
   * @param why what went wrong, without secrets or prompt text
   * @param attempts the model calls made
   * @param tokens the tokens spent
   * @param duration how long it took
   * @return the verdict, with status {@link VerdictStatus#ERROR}
   */
  static JudgeVerdict error(
      Judge judge, String why, int attempts, TokenUsage tokens, Duration duration) {
    return new JudgeVerdict(
        judge.agentId(),
        judge.profile().modelId(),
        judge.profile().vendor(),
        VerdictStatus.ERROR,
        0,
        why,
        List.of(),
        attempts,
        tokens,
        duration);
  }
}
