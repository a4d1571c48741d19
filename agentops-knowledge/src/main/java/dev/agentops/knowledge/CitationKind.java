package dev.agentops.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agentops.knowledge.internal.WireNames;

/**
 * How a session used a learning (Factor VIII: knowledge reuse is tracked). Retrieval alone does not
 * refresh a learning; applying or referencing it does.
 *
 * @since 0.1.0
 */
public enum CitationKind {
  /** Injected into the session's context. Counted for the retrieval rate; refreshes nothing. */
  RETRIEVED,
  /** The session acted on it. Refreshes its age. */
  APPLIED,
  /** The session's output cites it (a plan, a commit message, a review). Refreshes its age. */
  REFERENCED;

  /**
   * Tells whether a citation of this kind refreshes a learning's age.
   *
   * @return {@code true} for {@link #APPLIED} and {@link #REFERENCED}
   */
  public boolean refreshes() {
    return this != RETRIEVED;
  }

  /**
   * Returns the name written in the citation log.
   *
   * @return the wire name, such as {@code applied}
   */
  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Reads a written kind.
   *
   * @param name the wire name, in any case
   * @return the kind
   * @throws IllegalArgumentException if the name is not a citation kind
   */
  @JsonCreator
  public static CitationKind fromWireName(String name) {
    return WireNames.parse(CitationKind.class, "citation kind", name);
  }
}
