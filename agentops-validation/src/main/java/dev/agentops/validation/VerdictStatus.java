package dev.agentops.validation;

/**
 * The outcome of an external validation, for a whole verdict or for one judge in a council.
 *
 * <p>{@link #PASS}, {@link #WARN} and {@link #FAIL} are votes a judge can cast and outcomes a
 * verdict can have. {@link #DISAGREE} and {@link #NO_QUORUM} describe only a council's verdict,
 * {@link #ABSTAIN} only a judge. {@link #ERROR} describes a judge that gave no usable vote, or a
 * verdict that could not be reached because a deterministic gate could not run or a judge's error
 * aborted the council.
 *
 * @since 0.1.0
 */
public enum VerdictStatus {
  /** The work meets the bar. */
  PASS,
  /** The work may proceed, with findings worth acting on. */
  WARN,
  /** The work does not meet the bar. */
  FAIL,
  /**
   * Independent judges split between PASS and FAIL; the split is escalated and never broken
   * automatically.
   */
  DISAGREE,
  /**
   * Too few judges voted to reach the council's quorum, so the council did not decide; escalated
   * like {@link #DISAGREE}.
   */
  NO_QUORUM,
  /** A judge declined to vote, for instance because the work is outside its rubric. */
  ABSTAIN,
  /**
   * A judge could not vote (it failed, timed out, or gave an unreadable answer), or the validation
   * could not be carried out (a gate could not run).
   */
  ERROR;

  /**
   * Tells whether this status lets work be locked.
   *
   * @return {@code true} for {@link #PASS} and {@link #WARN}
   */
  public boolean allowsLock() {
    return this == PASS || this == WARN;
  }

  /**
   * Tells whether this status is a vote that counts toward a quorum.
   *
   * @return {@code true} for {@link #PASS}, {@link #WARN} and {@link #FAIL}
   */
  public boolean isVote() {
    return this == PASS || this == WARN || this == FAIL;
  }

  /**
   * Tells whether a verdict with this status must go to a human (or a higher supervisor) because
   * the validators could not settle it; AgentOps never breaks such a verdict by itself.
   *
   * @return {@code true} for {@link #DISAGREE} and {@link #NO_QUORUM}
   */
  public boolean needsEscalation() {
    return this == DISAGREE || this == NO_QUORUM;
  }
}
