package dev.agentops.context;

import java.util.List;
import java.util.Objects;

/**
 * A compaction strategy: given a budget's items and how many tokens to free, it plans which items
 * to remove and what, if anything, replaces them. The budget applies the plan; it archives every
 * removed original, never removes a pinned item, and removes items that share a tool call only
 * together. It refuses, changing nothing, a plan that names an item not in the budget, removes a
 * pinned item, inserts an item under an id already in the budget or its archive, or does not shrink
 * the budget.
 *
 * <p>Built-ins are in {@link Compactors}. Implementations must be thread-safe; a compactor that
 * throws makes the admission that needed it fail, with nothing lost.
 *
 * @since 0.1.0
 */
public interface Compactor {

  /**
   * Plans a compaction.
   *
   * @param input the items and the need
   * @return the plan; {@link Plan#none()} if nothing can be done
   */
  Plan plan(Input input);

  /**
   * Returns a short name for reports and logs.
   *
   * @return the name
   */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * An item with its counted tokens.
   *
   * @param item the item, with its id
   * @param tokens the tokens it takes in the budget
   * @since 0.1.0
   */
  record Sized(ContextItem item, int tokens) {

    /**
     * Checks the components.
     *
     * @param item the item
     * @param tokens its tokens
     */
    public Sized {
      Objects.requireNonNull(item, "item");
    }

    /**
     * Returns the item's id.
     *
     * @return the id
     */
    public String id() {
      return item.id().orElseThrow();
    }
  }

  /**
   * What a compactor is asked.
   *
   * @param items every item in the budget, in order, pinned ones included; while an item is being
   *     admitted, the items that share its tool call are given as pinned, since they must stay
   * @param tokensToFree how many tokens the compaction should free
   * @param counter the budget's counter, for sizing replacements
   * @since 0.1.0
   */
  record Input(List<Sized> items, long tokensToFree, TokenCounter counter) {

    /**
     * Checks and copies the components.
     *
     * @param items the items
     * @param tokensToFree the need
     * @param counter the counter
     */
    public Input {
      items = List.copyOf(items);
      Objects.requireNonNull(counter, "counter");
    }
  }

  /**
   * What a compactor decided.
   *
   * @param remove the ids of the items to remove
   * @param insert items to put where the first removed item was, such as a summary; their ids are
   *     assigned by the budget if absent
   * @since 0.1.0
   */
  record Plan(List<String> remove, List<ContextItem> insert) {

    /**
     * Checks and copies the components.
     *
     * @param remove the ids to remove
     * @param insert the replacements
     */
    public Plan {
      remove = List.copyOf(remove);
      insert = List.copyOf(insert);
    }

    /**
     * A plan that changes nothing.
     *
     * @return the empty plan
     */
    public static Plan none() {
      return new Plan(List.of(), List.of());
    }

    /**
     * Tells whether the plan changes nothing.
     *
     * @return {@code true} if there is nothing to remove
     */
    public boolean isEmpty() {
      return remove.isEmpty();
    }
  }
}
