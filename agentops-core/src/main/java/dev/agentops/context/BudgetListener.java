package dev.agentops.context;

/**
 * Hears what happens to a {@link ContextBudget}: threshold crossings, compactions, rejections.
 *
 * <p>Callbacks run after the change and outside the budget's lock, one at a time, in the order the
 * changes happened, on a thread that changed the budget: the one that made the change, before its
 * call returns, unless another thread is delivering events at that moment; then that thread
 * delivers this one too, in order, and the call that made the change may return first. A change a
 * listener makes from a callback is reported after that callback returns. A listener that throws is
 * logged and skipped: it never breaks the budget or the other listeners. All methods do nothing by
 * default.
 *
 * @since 0.1.0
 */
public interface BudgetListener {

  /**
   * The fill crossed a threshold.
   *
   * @param change the levels before and after
   */
  default void levelChanged(LevelChange change) {}

  /**
   * A compaction ran.
   *
   * @param report what it did
   */
  default void compacted(CompactionReport report) {}

  /**
   * An item was rejected.
   *
   * @param rejection why
   */
  default void rejected(Admission.Rejected rejection) {}
}
