package dev.agentops.store;

import java.util.Objects;

/**
 * Something a store changed in a record before writing it: a secret redacted, an absolute path made
 * relative. The secret itself is never kept.
 *
 * @param location the record key or log shard the finding is in
 * @param kind what was found, such as {@code aws-access-key} or {@code home-path}
 * @param action what was done, such as {@code redacted} or {@code made relative}
 * @since 0.1.0
 */
public record HygieneFinding(String location, String kind, String action) {

  /**
   * Checks the components.
   *
   * @param location where
   * @param kind what
   * @param action what was done
   */
  public HygieneFinding {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(action, "action");
  }
}
