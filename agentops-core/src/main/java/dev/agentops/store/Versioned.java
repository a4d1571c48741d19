package dev.agentops.store;

import java.util.Objects;

/**
 * A decoded value with the record it came from, whose revision a later update expects.
 *
 * @param <T> the value's type
 * @param value the value
 * @param record the stored record
 * @since 0.1.0
 */
public record Versioned<T>(T value, StoredRecord record) {

  /**
   * Checks the components.
   *
   * @param value the value
   * @param record the record
   */
  public Versioned {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(record, "record");
  }

  /**
   * Returns the record's revision.
   *
   * @return the revision
   */
  public long revision() {
    return record.revision();
  }
}
