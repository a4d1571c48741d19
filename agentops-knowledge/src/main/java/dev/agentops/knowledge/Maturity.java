package dev.agentops.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agentops.knowledge.internal.WireNames;

/**
 * How far a learning has proved itself through feedback (Factor VIII), and the weight that gives it
 * in retrieval. The transitions are the reference implementation's: provisional until it has
 * feedback, candidate at utility ≥ 0.55 with at least 3 feedback events, established with at least
 * 5, and anti-pattern once it has been rated harmful at least 3 times and its utility fell to 0.2
 * or below.
 *
 * @since 0.1.0
 */
public enum Maturity {
  /** New; not enough feedback to judge. Weight 1.0. */
  PROVISIONAL(1.0),
  /** Found useful a few times. Weight 1.1. */
  CANDIDATE(1.1),
  /** Found useful repeatedly. Weight 1.3. */
  ESTABLISHED(1.3),
  /** Found harmful repeatedly: kept, but ranked down. Weight 0.4. */
  ANTI_PATTERN(0.4);

  private final double weight;

  Maturity(double weight) {
    this.weight = weight;
  }

  /**
   * Returns the factor this maturity multiplies a learning's rank by.
   *
   * @return 1.0, 1.1, 1.3 or 0.4
   */
  public double weight() {
    return weight;
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
   * Reads a written maturity.
   *
   * @param name the wire name, in any case
   * @return the maturity
   * @throws IllegalArgumentException if the name is not a maturity
   */
  @JsonCreator
  public static Maturity fromWireName(String name) {
    return WireNames.parse(Maturity.class, "maturity", name);
  }
}
