package dev.agentops.context;

import java.util.List;
import java.util.Objects;

/**
 * What one compaction did. The removed items are in the budget's archive, retrievable by id.
 *
 * @param compactor the name of the strategy that ran
 * @param removedIds the items removed, in their order in the budget
 * @param insertedIds the items that replaced them (summaries), if any
 * @param tokensBefore the budget's used tokens before
 * @param tokensAfter the budget's used tokens after
 * @since 0.1.0
 */
public record CompactionReport(
    String compactor,
    List<String> removedIds,
    List<String> insertedIds,
    long tokensBefore,
    long tokensAfter) {

  /**
   * Checks and copies the components.
   *
   * @param compactor the strategy's name
   * @param removedIds the removed items
   * @param insertedIds the inserted items
   * @param tokensBefore used tokens before
   * @param tokensAfter used tokens after
   */
  public CompactionReport {
    Objects.requireNonNull(compactor, "compactor");
    removedIds = List.copyOf(removedIds);
    insertedIds = List.copyOf(insertedIds);
  }

  /**
   * Returns the tokens the compaction freed.
   *
   * @return before minus after
   */
  public long tokensFreed() {
    return tokensBefore - tokensAfter;
  }
}
