package dev.agentops.store;

import java.util.List;

/**
 * Every readable line of a log, and every line or shard of it that could not be read.
 *
 * @param entries the entries, in the order {@link ReadableStore#log(String)} gives them
 * @param quarantined what was skipped, with the reason: a line ({@code <shard path>:<line
 *     number>}), or a whole shard whose path is not a log shard's
 * @since 0.1.0
 */
public record LogScan(List<LogEntry> entries, List<Quarantined> quarantined) {

  /**
   * Copies the lists.
   *
   * @param entries the entries
   * @param quarantined the skipped lines and shards
   */
  public LogScan {
    entries = List.copyOf(entries);
    quarantined = List.copyOf(quarantined);
  }
}
