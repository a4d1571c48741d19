package dev.agentops.ratchet;

import dev.agentops.validation.VerdictStatus;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a validator made of one attempt or one candidate: a status, a score to rank passing attempts
 * by, the id of the verdict (needed to lock), and a short summary.
 *
 * <p>A status that {@linkplain VerdictStatus#allowsLock() allows a lock} must come with a verdict
 * id: nothing is locked without a verdict to point at.
 *
 * @param status the status
 * @param score how good the work is, higher is better; any finite number, 0 when not scored
 * @param verdictId the id of the verdict, required when the status allows a lock
 * @param summary a short summary for people and logs; may be empty, never a secret or prompt text
 * @since 0.1.0
 */
public record Assessment(
    VerdictStatus status, double score, @Nullable String verdictId, String summary) {

  /**
   * Checks the components.
   *
   * @param status the status
   * @param score the score
   * @param verdictId the verdict
   * @param summary the summary
   * @throws IllegalArgumentException if the score is not finite, or a passing status has no verdict
   *     id
   */
  public Assessment {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(summary, "summary");
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("score must be finite, but was " + score);
    }
    if (status.allowsLock() && (verdictId == null || verdictId.isBlank())) {
      throw new IllegalArgumentException(
          "an assessment of " + status + " must name its verdict, but verdictId was blank");
    }
  }

  /**
   * A pass, unscored.
   *
   * @param verdictId the verdict's id
   * @return the assessment
   */
  public static Assessment pass(String verdictId) {
    return new Assessment(VerdictStatus.PASS, 0, verdictId, "");
  }

  /**
   * A pass with a score.
   *
   * @param verdictId the verdict's id
   * @param score the score, higher is better
   * @return the assessment
   */
  public static Assessment pass(String verdictId, double score) {
    return new Assessment(VerdictStatus.PASS, score, verdictId, "");
  }

  /**
   * A failure.
   *
   * @param summary why
   * @return the assessment
   */
  public static Assessment fail(String summary) {
    return new Assessment(VerdictStatus.FAIL, 0, null, summary);
  }

  /**
   * Tells whether the work may be locked.
   *
   * @return whether the status allows a lock
   */
  public boolean passed() {
    return status.allowsLock();
  }
}
