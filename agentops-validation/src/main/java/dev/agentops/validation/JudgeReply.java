package dev.agentops.validation;

import dev.agentops.llm.Description;
import java.util.List;
import java.util.Objects;

/**
 * The JSON a {@link Judge}'s model answers with. Its JSON Schema, derived from this record, is sent
 * with every judge request; a reply that does not fit is sent back to the model with the problems
 * (see {@link dev.agentops.llm.StructuredOutput}).
 *
 * @param verdict the judge's vote
 * @param confidence how sure the judge is, from 0 to 1
 * @param summary the judge's assessment in a few sentences
 * @param findings what the judge found; may be empty
 * @since 0.1.0
 */
@Description("Your verdict on the artifact.")
public record JudgeReply(
    Vote verdict,
    @Description("how sure you are of the verdict, from 0 to 1") double confidence,
    @Description("your assessment in a few sentences") String summary,
    List<Finding> findings) {

  /**
   * What a judge can answer.
   *
   * @since 0.1.0
   */
  public enum Vote {
    /** The artifact meets the bar. */
    PASS,
    /** It may proceed, with findings worth acting on. */
    WARN,
    /** It does not meet the bar. */
    FAIL,
    /** The artifact is outside the rubric; the judge does not vote. */
    ABSTAIN;

    /**
     * Returns the matching status.
     *
     * @return the status of the same name
     */
    public VerdictStatus status() {
      return VerdictStatus.valueOf(name());
    }
  }

  /**
   * Checks the components.
   *
   * @param verdict the vote
   * @param confidence from 0 to 1
   * @param summary the assessment
   * @param findings the findings
   * @throws IllegalArgumentException if the confidence is outside [0, 1]
   */
  public JudgeReply {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(summary, "summary");
    findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be from 0 to 1, but was " + confidence);
    }
  }
}
