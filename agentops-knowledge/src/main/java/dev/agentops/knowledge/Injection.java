package dev.agentops.knowledge;

import dev.agentops.context.Admission;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link KnowledgeFlywheel#inject} put into a budget: the learnings, the block that holds
 * them, its tokens and the cap it was held to, and the budget's admission. When nothing relevant
 * was found or nothing fitted, nothing was offered to the budget.
 *
 * @since 0.1.0
 */
public final class Injection {

  private final List<RetrievedLearning> included;
  private final String block;
  private final int tokens;
  private final long cap;
  private final @Nullable Admission admission;

  Injection(
      List<RetrievedLearning> included, String block, int tokens, long cap, @Nullable Admission a) {
    this.included = List.copyOf(included);
    this.block = Objects.requireNonNull(block, "block");
    this.tokens = tokens;
    this.cap = cap;
    this.admission = a;
  }

  /**
   * Returns the learnings in the block, known failures first, then by rank.
   *
   * @return the learnings; empty if nothing was injected
   */
  public List<RetrievedLearning> included() {
    return included;
  }

  /**
   * Returns the block as offered to the budget.
   *
   * @return the block; empty if nothing was injected
   */
  public String block() {
    return block;
  }

  /**
   * Returns the tokens the block takes, as the budget counts an item (its text plus the per-message
   * overhead).
   *
   * @return the tokens; 0 if nothing was injected
   */
  public int tokens() {
    return tokens;
  }

  /**
   * Returns the cap the block was held to: the least of the absolute cap, the budget fraction and
   * the budget's free tokens.
   *
   * @return the cap
   */
  public long cap() {
    return cap;
  }

  /**
   * Returns the budget's answer to the block.
   *
   * @return the admission, or empty if nothing was offered
   */
  public Optional<Admission> admission() {
    return Optional.ofNullable(admission);
  }

  /**
   * Tells whether the block is in the budget.
   *
   * @return {@code true} if a block was offered and admitted
   */
  public boolean injected() {
    return admission != null && admission.admitted();
  }

  @Override
  public String toString() {
    return "Injection["
        + included.size()
        + " learnings, "
        + tokens
        + "/"
        + cap
        + " tokens, "
        + (admission == null ? "not offered" : admission.kind())
        + "]";
  }
}
