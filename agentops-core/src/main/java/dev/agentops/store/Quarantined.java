package dev.agentops.store;

import java.util.Objects;

/**
 * A stored file that could not be read as a record: malformed JSON or front matter, invalid UTF-8,
 * too large, or a name that is not a valid id. It is reported and skipped; every other record still
 * loads.
 *
 * @param path the file's path in the store
 * @param reason why it could not be read
 * @since 0.1.0
 */
public record Quarantined(String path, String reason) {

  /**
   * Checks the components.
   *
   * @param path the path
   * @param reason the reason
   */
  public Quarantined {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
  }
}
