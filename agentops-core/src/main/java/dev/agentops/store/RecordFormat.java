package dev.agentops.store;

/**
 * How a record is written down.
 *
 * @since 0.1.0
 */
public enum RecordFormat {
  /** A JSON object; the store keeps the record's revision in its {@code revision} field. */
  JSON("json"),
  /**
   * Markdown with YAML front matter, for records people read (learnings); the store keeps the
   * revision in the front matter's {@code revision} key.
   */
  MARKDOWN("md");

  private final String extension;

  RecordFormat(String extension) {
    this.extension = extension;
  }

  /**
   * Returns the file extension, without the dot.
   *
   * @return {@code json} or {@code md}
   */
  public String extension() {
    return extension;
  }
}
