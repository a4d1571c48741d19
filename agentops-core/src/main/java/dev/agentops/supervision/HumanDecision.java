package dev.agentops.supervision;

import java.util.Objects;

/**
 * What a person decided about an escalation that reached the top of the hierarchy.
 *
 * @since 0.1.0
 */
public sealed interface HumanDecision
    permits HumanDecision.Approve, HumanDecision.Deny, HumanDecision.Defer {

  /** The kinds of decision. */
  enum Kind {
    /** Go on: another round of attempts, with the person's guidance. */
    APPROVE,
    /** Stop: the outcome is {@link Outcome.Failed}. */
    DENY,
    /** Not now: the outcome is {@link Outcome.NeedsHuman}. */
    DEFER
  }

  /**
   * Returns the kind.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Approves another round.
   *
   * @param guidance what the next round's sessions are told
   * @return the decision
   */
  static HumanDecision approve(String guidance) {
    return new Approve(guidance);
  }

  /**
   * Denies further work on the unit.
   *
   * @param reason why
   * @return the decision
   */
  static HumanDecision deny(String reason) {
    return new Deny(reason);
  }

  /**
   * Defers the decision.
   *
   * @param note when or how the person will decide
   * @return the decision
   */
  static HumanDecision defer(String note) {
    return new Defer(note);
  }

  /**
   * Another round of attempts, with the person's guidance in the handoff. Allowed {@link
   * Supervisor.Builder#maxReframes(int)} times per run; after that, the unit needs the human again.
   *
   * @param guidance what the next round's sessions are told
   * @since 0.1.0
   */
  record Approve(String guidance) implements HumanDecision {

    /**
     * Checks the guidance.
     *
     * @param guidance the guidance
     * @throws IllegalArgumentException if it is blank or longer than {@value
     *     Supervisor#MAX_GUIDANCE_CHARS} characters
     */
    public Approve {
      guidance = Guidance.check(guidance);
    }

    @Override
    public Kind kind() {
      return Kind.APPROVE;
    }
  }

  /**
   * No further work on the unit.
   *
   * @param reason why
   * @since 0.1.0
   */
  record Deny(String reason) implements HumanDecision {

    /**
     * Checks the reason.
     *
     * @param reason the reason
     */
    public Deny {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Kind kind() {
      return Kind.DENY;
    }
  }

  /**
   * The person will decide later.
   *
   * @param note when or how
   * @since 0.1.0
   */
  record Defer(String note) implements HumanDecision {

    /**
     * Checks the note.
     *
     * @param note the note
     */
    public Defer {
      Objects.requireNonNull(note, "note");
    }

    @Override
    public Kind kind() {
      return Kind.DEFER;
    }
  }
}
