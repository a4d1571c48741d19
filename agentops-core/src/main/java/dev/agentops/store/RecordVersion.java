package dev.agentops.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a record in its history.
 *
 * @param commitId the commit that wrote this version
 * @param time when it was committed
 * @param record the record as written, or empty where the commit deleted it
 * @since 0.1.0
 */
public record RecordVersion(String commitId, Instant time, Optional<StoredRecord> record) {

  /**
   * Checks the components.
   *
   * @param commitId the commit
   * @param time the time
   * @param record the record, or empty for a deletion
   */
  public RecordVersion {
    Objects.requireNonNull(commitId, "commitId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(record, "record");
  }
}
