package dev.agentops.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names a phase of a {@link PhasePipeline}. The six phases of Factor IV are constants; a host adds
 * its own with {@link #of(String)}, such as {@code Phase.of("review")}.
 *
 * @param id 1 to 63 lower-case letters, digits or {@code -}, starting with a letter
 * @since 0.1.0
 */
public record Phase(String id) {

  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  /** Understand the problem: findings, not code. */
  public static final Phase RESEARCH = new Phase("research");

  /** Decide what to change, from the research handoff. */
  public static final Phase PLAN = new Phase("plan");

  /** Make the change the plan names. */
  public static final Phase IMPLEMENT = new Phase("implement");

  /** Check the change externally: gates first, then judges. */
  public static final Phase VALIDATE = new Phase("validate");

  /** Lock validated progress so that it never moves backwards. */
  public static final Phase LOCK = new Phase("lock");

  /** Extract what was learned, for the next sessions. */
  public static final Phase EXTRACT = new Phase("extract");

  /**
   * Checks the id.
   *
   * @param id the id
   * @throws IllegalArgumentException if it is malformed
   */
  public Phase {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a phase id must be 1 to 63 lower-case letters, digits or '-', starting with a letter,"
              + " but was '"
              + (id.length() > 60 ? id.substring(0, 57) + "..." : id)
              + "'");
    }
  }

  /**
   * Returns a phase.
   *
   * @param id its id
   * @return the phase
   */
  public static Phase of(String id) {
    return new Phase(id);
  }

  /**
   * Returns the default phases, in order: research, plan, implement, validate, lock, extract.
   *
   * @return the phases
   */
  public static List<Phase> defaults() {
    return List.of(RESEARCH, PLAN, IMPLEMENT, VALIDATE, LOCK, EXTRACT);
  }

  /**
   * Returns the id, which is also how a phase is written in records.
   *
   * @return the id
   */
  @Override
  public String toString() {
    return id;
  }
}
