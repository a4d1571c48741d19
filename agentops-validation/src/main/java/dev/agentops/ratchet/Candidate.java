package dev.agentops.ratchet;

import java.util.Objects;

/**
 * Work a parallel worker submits to a {@link MergeQueue}: a validated commit, typically based on a
 * tip of the protected ref that has moved on since.
 *
 * @param id names the candidate in outcomes and logs, such as the worker or the work item
 * @param commit the validated commit, a full hexadecimal object id
 * @param verdictId the verdict that validated the commit
 * @param step the step of the work the lock completes, for the chain log
 * @since 0.1.0
 */
public record Candidate(String id, String commit, String verdictId, String step) {

  /**
   * Checks the components.
   *
   * @param id the id
   * @param commit the commit
   * @param verdictId the verdict
   * @param step the step
   * @throws IllegalArgumentException if the id is blank, or the commit, verdict or step would not
   *     make a {@link LockRequest}
   */
  public Candidate {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a candidate's id must not be blank");
    }
    commit =
        new LockRequest(commit, verdictId, LockRequest.ExpectedTip.CURRENT, null, step).commit();
  }

  /**
   * A candidate for the default step.
   *
   * @param id names the candidate
   * @param commit the validated commit
   * @param verdictId the verdict that validated it
   * @return the candidate
   */
  public static Candidate of(String id, String commit, String verdictId) {
    return new Candidate(id, commit, verdictId, LockRequest.DEFAULT_STEP);
  }

  /**
   * Returns this candidate for another step.
   *
   * @param step the step
   * @return the new candidate
   */
  public Candidate step(String step) {
    return new Candidate(id, commit, verdictId, step);
  }
}
