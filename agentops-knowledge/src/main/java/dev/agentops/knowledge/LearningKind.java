package dev.agentops.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agentops.knowledge.internal.WireNames;

/**
 * What kind of lesson a learning records (Factor VII: every session yields learnings, decisions
 * with their rationale, and dead ends). Written in records in lower case with hyphens ({@code
 * anti-pattern}), as the reference plugin's vault writes it.
 *
 * @since 0.1.0
 */
public enum LearningKind {
  /** Something found to be true that helps later work. */
  LEARNING,
  /** A choice that was made, recorded with its rationale. */
  DECISION,
  /** An approach that worked and can be repeated. */
  PATTERN,
  /** An approach known to fail in a given context: "don't do X when Y". */
  ANTI_PATTERN,
  /** A failed attempt, kept with its context so it is not repeated (Factor XII). */
  FAILURE,
  /** An observation from research or review, not yet generalized. */
  FINDING;

  /**
   * Tells whether this kind is negative knowledge, surfaced as a known failure when injected.
   *
   * @return {@code true} for {@link #ANTI_PATTERN} and {@link #FAILURE}
   */
  public boolean negative() {
    return this == ANTI_PATTERN || this == FAILURE;
  }

  /**
   * Returns the name written in records.
   *
   * @return the wire name, such as {@code anti-pattern}
   */
  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Reads a written kind.
   *
   * @param name the wire name, in any case, with hyphens or underscores
   * @return the kind
   * @throws IllegalArgumentException if the name is not a kind
   */
  @JsonCreator
  public static LearningKind fromWireName(String name) {
    return WireNames.parse(LearningKind.class, "kind", name);
  }
}
