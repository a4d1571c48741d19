package dev.agentops.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agentops.knowledge.internal.WireNames;

/**
 * The quality tier a learning's rubric score puts it in (Factor VIII: learnings pass quality gates
 * before entering the knowledge base). With the default bounds: gold above 0.85, silver from 0.70
 * to 0.85, bronze from 0.50 to 0.70, discard below 0.50.
 *
 * @since 0.1.0
 */
public enum Tier {
  /** The best learnings: kept and active at once. */
  GOLD,
  /** Good learnings: kept and active at once. */
  SILVER,
  /** Usable learnings: kept as pending until citations promote them. */
  BRONZE,
  /** Not kept; recorded in the audit log with the reasons. */
  DISCARD;

  /**
   * Tells whether learnings of this tier are kept.
   *
   * @return {@code true} for every tier but {@link #DISCARD}
   */
  public boolean kept() {
    return this != DISCARD;
  }

  /**
   * Returns the name written in records.
   *
   * @return the wire name, such as {@code gold}
   */
  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Reads a written tier.
   *
   * @param name the wire name, in any case
   * @return the tier
   * @throws IllegalArgumentException if the name is not a tier
   */
  @JsonCreator
  public static Tier fromWireName(String name) {
    return WireNames.parse(Tier.class, "tier", name);
  }
}
