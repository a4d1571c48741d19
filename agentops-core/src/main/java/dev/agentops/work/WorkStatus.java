package dev.agentops.work;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a work item stands. Written in lower case ({@code in_progress}), as beads writes it.
 *
 * @since 0.1.0
 */
public enum WorkStatus {
  /** Waiting to be done; ready if nothing blocks it. */
  OPEN,
  /** Claimed by a worker. */
  IN_PROGRESS,
  /** Waiting on something outside the tracker. */
  BLOCKED,
  /** Put off on purpose; never ready until reopened. */
  DEFERRED,
  /** Done, with the verdict that allowed it. */
  CLOSED,
  /** Deleted; kept so that history and references stay whole. */
  TOMBSTONE;

  /**
   * Returns the status as written: {@code open}, {@code in_progress}, …
   *
   * @return the wire name
   */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a written status.
   *
   * @param name the wire name, in any case
   * @return the status
   * @throws IllegalArgumentException if the name is not a status
   */
  @JsonCreator
  public static WorkStatus fromWireName(String name) {
    for (WorkStatus s : values()) {
      if (s.wireName().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "status must be one of open, in_progress, blocked, deferred, closed, tombstone, but was '"
            + name
            + "'");
  }

  /**
   * Tells whether the item is finished, so that it blocks nothing.
   *
   * @return {@code true} for closed and tombstoned items
   */
  public boolean finished() {
    return this == CLOSED || this == TOMBSTONE;
  }
}
