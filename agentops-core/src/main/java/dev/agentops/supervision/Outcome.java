package dev.agentops.supervision;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What became of a unit of work a {@link Supervisor} ran: done, failed, escalated to a level that
 * holds it, or waiting for a person.
 *
 * <p>Java 17 has no pattern {@code switch}; use {@link #kind()} or {@code instanceof}:
 *
 * <pre>{@code
 * Outcome<Patch> outcome = supervisor.run("worker-1", unit, task);
 * if (outcome instanceof Outcome.Done<Patch> done) {
 *   mergeQueue.offer(done.value());
 * } else if (outcome instanceof Outcome.NeedsHuman<Patch> waiting) {
 *   notifyOnCall(waiting.escalation());
 * }
 * }</pre>
 *
 * @param <T> what a successful attempt produces
 * @since 0.1.0
 */
public sealed interface Outcome<T>
    permits Outcome.Done, Outcome.Failed, Outcome.Escalated, Outcome.NeedsHuman {

  /** The kinds of outcome. */
  enum Kind {
    /** An attempt succeeded. */
    DONE,
    /** A level above, or a person, gave the unit up. */
    FAILED,
    /** The unit is held by a level above the worker, to be handled outside this run. */
    ESCALATED,
    /** The unit reached the top and no person decided: it waits for one. */
    NEEDS_HUMAN;

    /**
     * Returns the name used in records.
     *
     * @return such as {@code needs-human}
     */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * Returns the kind.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Returns the unit, as the latest reframing left it.
   *
   * @return the unit
   */
  WorkUnit unit();

  /**
   * Returns how many attempts were made, over every round.
   *
   * @return the count
   */
  int attempts();

  /**
   * Returns every failed attempt, oldest first.
   *
   * @return the failures
   */
  List<Failure> failures();

  /**
   * An attempt succeeded.
   *
   * @param unit the unit
   * @param value what the successful attempt produced
   * @param attempts attempts made, the successful one included
   * @param failures the attempts that failed before it
   * @param <T> the value's type
   * @since 0.1.0
   */
  record Done<T>(WorkUnit unit, T value, int attempts, List<Failure> failures)
      implements Outcome<T> {

    /**
     * Checks the components.
     *
     * @param unit the unit
     * @param value the value
     * @param attempts the attempts
     * @param failures the failures
     */
    public Done {
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(value, "value");
      failures = List.copyOf(failures);
    }

    @Override
    public Kind kind() {
      return Kind.DONE;
    }
  }

  /**
   * The unit was given up by a level above the worker, or denied by a person.
   *
   * @param unit the unit
   * @param decidedBy the level that gave it up
   * @param reason why
   * @param attempts attempts made
   * @param failures every failed attempt
   * @param <T> the type a success would have produced
   * @since 0.1.0
   */
  record Failed<T>(
      WorkUnit unit, Level decidedBy, String reason, int attempts, List<Failure> failures)
      implements Outcome<T> {

    /**
     * Checks the components.
     *
     * @param unit the unit
     * @param decidedBy the level
     * @param reason the reason
     * @param attempts the attempts
     * @param failures the failures
     */
    public Failed {
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(decidedBy, "decidedBy");
      Objects.requireNonNull(reason, "reason");
      failures = List.copyOf(failures);
    }

    @Override
    public Kind kind() {
      return Kind.FAILED;
    }
  }

  /**
   * The unit is held by the level the escalation went to: that level has no handler in this
   * supervisor, or its handler chose to {@linkplain Resolution#hold(String) hold} it.
   *
   * @param escalation the last hop; {@link Escalation#to()} is the level holding the unit
   * @param note why it stopped there
   * @param attempts attempts made
   * @param <T> the type a success would have produced
   * @since 0.1.0
   */
  record Escalated<T>(Escalation escalation, String note, int attempts) implements Outcome<T> {

    /**
     * Checks the components.
     *
     * @param escalation the escalation
     * @param note the note
     * @param attempts the attempts
     */
    public Escalated {
      Objects.requireNonNull(escalation, "escalation");
      Objects.requireNonNull(note, "note");
    }

    @Override
    public Kind kind() {
      return Kind.ESCALATED;
    }

    @Override
    public WorkUnit unit() {
      return escalation.unit();
    }

    @Override
    public List<Failure> failures() {
      return escalation.failures();
    }

    /**
     * Returns the level holding the unit.
     *
     * @return the escalation's target
     */
    public Level heldBy() {
      return escalation.to();
    }
  }

  /**
   * The unit reached the top of the hierarchy and waits for a person: there is no {@link
   * HumanGate}, the person deferred, the gate failed, or the person's approvals are used up.
   *
   * @param escalation the escalation to the human
   * @param note why no decision was taken
   * @param attempts attempts made
   * @param <T> the type a success would have produced
   * @since 0.1.0
   */
  record NeedsHuman<T>(Escalation escalation, String note, int attempts) implements Outcome<T> {

    /**
     * Checks the components.
     *
     * @param escalation the escalation
     * @param note the note
     * @param attempts the attempts
     * @throws IllegalArgumentException if the escalation is not to the human
     */
    public NeedsHuman {
      Objects.requireNonNull(escalation, "escalation");
      Objects.requireNonNull(note, "note");
      if (escalation.to() != Level.HUMAN) {
        throw new IllegalArgumentException(
            "a unit needs a human only once escalated to the human, but this escalation is to "
                + escalation.to().wireName());
      }
    }

    @Override
    public Kind kind() {
      return Kind.NEEDS_HUMAN;
    }

    @Override
    public WorkUnit unit() {
      return escalation.unit();
    }

    @Override
    public List<Failure> failures() {
      return escalation.failures();
    }
  }
}
