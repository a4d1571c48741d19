package dev.agentops.store;

import java.util.Objects;

/**
 * A record as stored: its key, its revision, its format, and its text.
 *
 * <p>The revision counts the record's writes, starting at 1; it is kept inside the text (the {@code
 * revision} field of a JSON record, the {@code revision} key of a Markdown record's front matter),
 * so a record read from a plain checkout is complete. Writes compare-and-swap on it.
 *
 * @param key the record's key
 * @param revision how many times the record has been written, at least 1
 * @param format how it is written down
 * @param content the text, with the revision in it
 * @since 0.1.0
 */
public record StoredRecord(RecordKey key, long revision, RecordFormat format, String content) {

  /**
   * Checks the components.
   *
   * @param key the key
   * @param revision the revision
   * @param format the format
   * @param content the text
   * @throws IllegalArgumentException if the revision is below 1
   */
  public StoredRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(content, "content");
    if (revision < 1) {
      throw new IllegalArgumentException(
          "revision of " + key + " must be >= 1, but was " + revision);
    }
  }

  @Override
  public String toString() {
    return "StoredRecord["
        + key
        + " r"
        + revision
        + ", "
        + format
        + ", "
        + content.length()
        + " chars]";
  }
}
