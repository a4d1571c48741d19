package dev.agentops.context;

import java.util.Objects;

/**
 * The outcome of offering an item to a {@link ContextBudget}: it was admitted, it was admitted
 * after a compaction made room, or it was rejected with the reason and how many tokens it was over.
 *
 * <p>Java 17 has no pattern {@code switch}; use {@link #kind()} or {@code instanceof}:
 *
 * <pre>{@code
 * Admission a = budget.admit(item);
 * if (a instanceof Admission.Rejected r) {
 *   log.warn("not admitted: {} ({} tokens over)", r.reason(), r.tokensOver());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface Admission
    permits Admission.Admitted, Admission.AdmittedAfterCompaction, Admission.Rejected {

  /** The kinds of outcome. */
  enum Kind {
    /** The item fitted as it was. */
    ADMITTED,
    /** The item fitted once a compaction had made room. */
    ADMITTED_AFTER_COMPACTION,
    /** The item did not fit. */
    REJECTED
  }

  /**
   * Returns the kind of outcome.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Returns the budget's status after the offer.
   *
   * @return the status
   */
  BudgetStatus status();

  /**
   * Tells whether the item is now in the budget.
   *
   * @return {@code true} unless rejected
   */
  default boolean admitted() {
    return kind() != Kind.REJECTED;
  }

  /**
   * The item fitted as it was.
   *
   * @param itemId the id the item has in the budget
   * @param tokens the tokens it takes
   * @param status the budget's status after
   * @since 0.1.0
   */
  record Admitted(String itemId, int tokens, BudgetStatus status) implements Admission {

    /**
     * Checks the components.
     *
     * @param itemId the item's id
     * @param tokens its tokens
     * @param status the status after
     */
    public Admitted {
      Objects.requireNonNull(itemId, "itemId");
      Objects.requireNonNull(status, "status");
    }

    @Override
    public Kind kind() {
      return Kind.ADMITTED;
    }
  }

  /**
   * The item fitted once a compaction had made room.
   *
   * @param itemId the id the item has in the budget
   * @param tokens the tokens it takes
   * @param compaction what the compaction did
   * @param status the budget's status after
   * @since 0.1.0
   */
  record AdmittedAfterCompaction(
      String itemId, int tokens, CompactionReport compaction, BudgetStatus status)
      implements Admission {

    /**
     * Checks the components.
     *
     * @param itemId the item's id
     * @param tokens its tokens
     * @param compaction the compaction
     * @param status the status after
     */
    public AdmittedAfterCompaction {
      Objects.requireNonNull(itemId, "itemId");
      Objects.requireNonNull(compaction, "compaction");
      Objects.requireNonNull(status, "status");
    }

    @Override
    public Kind kind() {
      return Kind.ADMITTED_AFTER_COMPACTION;
    }
  }

  /**
   * The item did not fit. Nothing in the budget changed, except that a compaction may have run (its
   * originals are archived).
   *
   * @param reason why, in a sentence
   * @param tokens the tokens the item needed
   * @param tokensOver by how many tokens it would have exceeded the capacity
   * @param status the budget's status after
   * @since 0.1.0
   */
  record Rejected(String reason, int tokens, long tokensOver, BudgetStatus status)
      implements Admission {

    /**
     * Checks the components.
     *
     * @param reason why
     * @param tokens the tokens needed
     * @param tokensOver the excess
     * @param status the status after
     */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(status, "status");
    }

    @Override
    public Kind kind() {
      return Kind.REJECTED;
    }
  }
}
