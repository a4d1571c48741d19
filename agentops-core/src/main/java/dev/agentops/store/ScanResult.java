package dev.agentops.store;

import java.util.List;

/**
 * Every record of a collection, and every file in it that could not be read.
 *
 * @param records the records, ordered by id
 * @param quarantined the files skipped, with the reason
 * @since 0.1.0
 */
public record ScanResult(List<StoredRecord> records, List<Quarantined> quarantined) {

  /**
   * Copies the lists.
   *
   * @param records the records
   * @param quarantined the skipped files
   */
  public ScanResult {
    records = List.copyOf(records);
    quarantined = List.copyOf(quarantined);
  }
}
