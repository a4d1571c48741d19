package dev.agentops.workspace;

import java.util.Objects;

/**
 * What a {@link MergeStep} did with a worker's output.
 *
 * @param merged whether the work was accepted into the shared line of work
 * @param detail what happened, for people: a commit id, a queue position, why it was rejected
 * @since 0.1.0
 */
public record MergeOutcome(boolean merged, String detail) {

  /**
   * Checks the detail.
   *
   * @param merged whether merged
   * @param detail the detail
   */
  public MergeOutcome {
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * The work was accepted.
   *
   * @param detail such as the merge commit's id
   * @return the outcome
   */
  public static MergeOutcome merged(String detail) {
    return new MergeOutcome(true, detail);
  }

  /**
   * The work was not accepted.
   *
   * @param reason why
   * @return the outcome
   */
  public static MergeOutcome rejected(String reason) {
    return new MergeOutcome(false, reason);
  }
}
