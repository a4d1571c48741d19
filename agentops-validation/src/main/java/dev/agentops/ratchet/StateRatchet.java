package dev.agentops.ratchet;

import dev.agentops.validation.Verdict;
import dev.agentops.validation.VerdictStatus;
import dev.agentops.validation.Verdicts;
import dev.agentops.work.WorkItem;
import dev.agentops.work.WorkTracker;
import java.util.Objects;

/**
 * The state ratchet: a work item closes only on a stored {@link VerdictStatus#PASS PASS} verdict,
 * and a closed item reopens only with a recorded reason.
 *
 * <p>{@link WorkTracker#close(String, String, String)} already refuses to close without a verdict
 * id and records it; this class also looks the verdict up and refuses any that is missing or did
 * not pass, so that a WARN, a FAIL or a DISAGREE can never close work.
 *
 * <pre>{@code
 * StateRatchet states = StateRatchet.of(tracker, Verdicts.of(store));
 * Verdict verdict = validator.validate(artifact);
 * verdicts.save(verdict);
 * states.close(item.id(), "tests pass, council agrees", verdict.id());
 * }</pre>
 *
 * <p>Thread-safe if the tracker and the verdicts' store are.
 *
 * @since 0.1.0
 */
public final class StateRatchet {

  private final WorkTracker tracker;
  private final Verdicts verdicts;

  private StateRatchet(WorkTracker tracker, Verdicts verdicts) {
    this.tracker = tracker;
    this.verdicts = verdicts;
  }

  /**
   * Creates a state ratchet over work items and the verdicts that may close them.
   *
   * @param tracker the work items
   * @param verdicts where verdicts are stored
   * @return the ratchet
   */
  public static StateRatchet of(WorkTracker tracker, Verdicts verdicts) {
    return new StateRatchet(
        Objects.requireNonNull(tracker, "tracker"), Objects.requireNonNull(verdicts, "verdicts"));
  }

  /**
   * Closes a work item on the strength of a stored PASS verdict.
   *
   * @param itemId the work item
   * @param reason why it is done
   * @param verdictId the verdict that allows closing it
   * @return the closed item
   * @throws IllegalArgumentException if no verdict has that id, or the tracker refuses the item
   * @throws IllegalStateException if the verdict did not pass
   */
  public WorkItem close(String itemId, String reason, String verdictId) {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(verdictId, "verdictId");
    Verdict verdict =
        verdicts
            .find(verdictId)
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "work item '"
                        + itemId
                        + "' closes only on a stored verdict, but there is no verdict '"
                        + verdictId
                        + "'"));
    if (verdict.status() != VerdictStatus.PASS) {
      throw new IllegalStateException(
          "work item '"
              + itemId
              + "' closes only on a PASS verdict, but verdict '"
              + verdictId
              + "' is "
              + verdict.status());
    }
    return tracker.close(itemId, reason, verdictId);
  }

  /**
   * Reopens a closed work item; the reason is recorded next to the change.
   *
   * @param itemId the work item
   * @param reason why it must be done again
   * @return the reopened item
   * @throws IllegalStateException if the item is not closed
   */
  public WorkItem reopen(String itemId, String reason) {
    return tracker.reopen(itemId, reason);
  }
}
