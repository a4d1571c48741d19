package dev.agentops.ratchet;

/**
 * Validates a candidate again once a {@link MergeQueue} has brought it onto a newer tip: the merge
 * or the rebase is new code, which the candidate's original verdict did not see.
 *
 * <p>Called from the thread that submitted the candidate, one candidate at a time per queue. An
 * exception is not allowed to break the queue: it is reported, and the candidate is rejected with
 * an {@link dev.agentops.validation.VerdictStatus#ERROR} assessment.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CandidateValidator {

  /**
   * Validates the commit a candidate became.
   *
   * @param candidate the candidate as submitted
   * @param commit the commit to validate: the candidate merged or rebased onto the tip (or the
   *     candidate's own commit, if the policy validates fast-forwards too)
   * @return the assessment; a passing one names the verdict the lock will record
   * @throws Exception if validation could not run
   */
  Assessment validate(Candidate candidate, String commit) throws Exception;
}
