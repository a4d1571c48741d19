package dev.agentops.supervision;

import java.util.Locale;
import java.util.Optional;

/**
 * The levels of the supervision hierarchy, lowest first. An escalation always goes from one level
 * to the one directly {@linkplain #above() above} it: never sideways, never skipping a level.
 *
 * @since 0.1.0
 */
public enum Level {
  /** The agent doing the work. */
  WORKER,
  /** Watches a group of workers: may reframe or reassign a unit, or pass it up. */
  SUPERVISOR,
  /** Watches the supervisors: broader context, the same powers. */
  COORDINATOR,
  /** A person, at the top of the tree, reached through a {@link HumanGate}. */
  HUMAN;

  /**
   * Returns the level an escalation from this one goes to.
   *
   * @return the level directly above, or empty for {@link #HUMAN}
   */
  public Optional<Level> above() {
    return this == HUMAN ? Optional.empty() : Optional.of(values()[ordinal() + 1]);
  }

  /**
   * Returns the name used in records: the lower-case constant name.
   *
   * @return such as {@code supervisor}
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
