package dev.agentops.knowledge.failure;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a failure was seen. Written in records in lower case with hyphens ({@code
 * brownian-attempt}).
 *
 * @since 0.1.0
 */
public enum FailureOrigin {
  /** A validation verdict said FAIL. */
  VERDICT,
  /** An attempt raised an exception. */
  EXCEPTION,
  /** Supervision handed the work up a level. */
  ESCALATION,
  /** A supervised attempt failed and was retried or escalated. */
  SUPERVISED_ATTEMPT,
  /** One of a Brownian ratchet's attempts crashed, went unvalidated or failed validation. */
  BROWNIAN_ATTEMPT,
  /** The host reported a failure through the API. */
  REPORTED,
  /** A fitness goal failed cycle after cycle (Factor IX's recurring failure). */
  FITNESS_GOAL;

  /**
   * Returns the name written in records.
   *
   * @return such as {@code brownian-attempt}
   */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Reads a written origin.
   *
   * @param name the wire name, in any case, with hyphens or underscores
   * @return the origin
   * @throws IllegalArgumentException if the name is not an origin
   */
  @JsonCreator
  public static FailureOrigin fromWireName(String name) {
    String n = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (FailureOrigin o : values()) {
      if (o.name().equals(n)) {
        return o;
      }
    }
    throw new IllegalArgumentException(
        "origin must be one of verdict, exception, escalation,"
            + " supervised-attempt, brownian-attempt, reported, fitness-goal, but was '"
            + name
            + "'");
  }
}
