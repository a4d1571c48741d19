package dev.agentops.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agentops.knowledge.internal.WireNames;

/**
 * Where a learning stands in its life (Factor VIII): pending until it has proved itself, active
 * while it is injected, retired once stale or replaced, tombstoned when removed on purpose. Written
 * in lower case.
 *
 * @since 0.1.0
 */
public enum LearningStatus {
  /** Kept, but not yet trusted: a bronze learning waiting for citations to promote it. */
  PENDING,
  /** Trusted and retrievable. */
  ACTIVE,
  /** No longer injected: stale, expired or superseded; kept for history. */
  RETIRED,
  /** Removed on purpose (wrong, or must not be used); kept so it is not extracted again. */
  TOMBSTONED;

  /**
   * Tells whether learnings in this status are retrieved and injected.
   *
   * @return {@code true} for {@link #PENDING} and {@link #ACTIVE}
   */
  public boolean live() {
    return this == PENDING || this == ACTIVE;
  }

  /**
   * Returns the name written in records.
   *
   * @return the wire name, such as {@code active}
   */
  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Reads a written status.
   *
   * @param name the wire name, in any case
   * @return the status
   * @throws IllegalArgumentException if the name is not a status
   */
  @JsonCreator
  public static LearningStatus fromWireName(String name) {
    return WireNames.parse(LearningStatus.class, "status", name);
  }
}
