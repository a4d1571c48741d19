package dev.agentops.validation;

/**
 * The outcome of an external validation, for a whole verdict or for one judge in a council.
 *
 * <p>{@link #PASS}, {@link #WARN}, {@link #FAIL} and {@link #DISAGREE} describe a verdict; {@link
 * #ABSTAIN} and {@link #ERROR} describe a judge that gave no usable vote.
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
  /** A judge declined to vote, for instance because the work is outside its rubric. */
  ABSTAIN,
  /** A judge could not vote: it failed, timed out, or gave an unreadable answer. */
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
   * @return {@code false} for {@link #ABSTAIN} and {@link #ERROR}
   */
  public boolean isVote() {
    return this != ABSTAIN && this != ERROR;
  }
}
