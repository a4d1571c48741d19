package dev.agentops.store;

import org.jspecify.annotations.Nullable;

/**
 * Turns typed values into record text and back, with a schema version.
 *
 * <p>Encoding receives the record currently stored, so that fields this version of the type does
 * not know survive a round trip. Decoding refuses a record written with a newer schema version than
 * the codec reads, rather than silently dropping what it cannot understand.
 *
 * <p>Built-ins: {@link JsonCodec} and {@link MarkdownCodec}. Implementations must be thread-safe.
 *
 * @param <T> the type of the values
 * @since 0.1.0
 */
public interface RecordCodec<T> {

  /**
   * Returns how records are written down.
   *
   * @return the format
   */
  RecordFormat format();

  /**
   * Returns the schema version this codec writes, and the newest it reads.
   *
   * @return the version, at least 1
   */
  int schemaVersion();

  /**
   * Encodes a value.
   *
   * @param value the value
   * @param previous the record currently stored under the value's key, whose unknown fields must be
   *     kept, or {@code null} if there is none
   * @return the record's text
   */
  String encode(T value, @Nullable StoredRecord previous);

  /**
   * Decodes a record.
   *
   * @param record the stored record
   * @return the value
   * @throws RecordDecodingException if the record cannot be decoded, or has a newer schema version
   *     than this codec reads
   */
  T decode(StoredRecord record);
}
