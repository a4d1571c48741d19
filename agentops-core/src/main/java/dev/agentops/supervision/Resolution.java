package dev.agentops.supervision;

import java.util.Objects;

/**
 * What a supervising level decides about an escalation it received.
 *
 * @since 0.1.0
 */
public sealed interface Resolution
    permits Resolution.Reframe, Resolution.PassUp, Resolution.Abandon, Resolution.Hold {

  /** The kinds of resolution. */
  enum Kind {
    /** Send the unit back down, reframed, for a new round of attempts. */
    REFRAME,
    /** Pass it to the level above. */
    PASS_UP,
    /** Give the unit up: the outcome is {@link Outcome.Failed}. */
    ABANDON,
    /** Keep it at this level, to be handled outside this run: {@link Outcome.Escalated}. */
    HOLD
  }

  /**
   * Returns the kind.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Sends the unit back down for a new round, with the same goal and new guidance: how a level
   * reassigns or reframes work.
   *
   * @param unit the unit, possibly with a rewritten goal
   * @param guidance what the next round's sessions are told, in the handoff
   * @return the resolution
   */
  static Resolution reframe(WorkUnit unit, String guidance) {
    return new Reframe(unit, guidance);
  }

  /**
   * Passes the escalation up.
   *
   * @param note why this level cannot handle it
   * @return the resolution
   */
  static Resolution passUp(String note) {
    return new PassUp(note);
  }

  /**
   * Gives the unit up.
   *
   * @param reason why
   * @return the resolution
   */
  static Resolution abandon(String reason) {
    return new Abandon(reason);
  }

  /**
   * Keeps the escalation at this level, for example after splitting the unit into new work items.
   *
   * @param note what this level will do
   * @return the resolution
   */
  static Resolution hold(String note) {
    return new Hold(note);
  }

  /**
   * Send the unit back down for a new round of attempts. A level may do this at most {@link
   * Supervisor.Builder#maxReframes(int)} times per run; after that, its escalations pass up.
   *
   * @param unit the unit to run; its id must be the escalated unit's
   * @param guidance what the next round's sessions are told
   * @since 0.1.0
   */
  record Reframe(WorkUnit unit, String guidance) implements Resolution {

    /**
     * Checks the components.
     *
     * @param unit the unit
     * @param guidance the guidance
     * @throws IllegalArgumentException if the guidance is blank or longer than {@value
     *     Supervisor#MAX_GUIDANCE_CHARS} characters
     */
    public Reframe {
      Objects.requireNonNull(unit, "unit");
      guidance = Guidance.check(guidance);
    }

    @Override
    public Kind kind() {
      return Kind.REFRAME;
    }
  }

  /**
   * Pass the escalation to the level above.
   *
   * @param note why this level cannot handle it
   * @since 0.1.0
   */
  record PassUp(String note) implements Resolution {

    /**
     * Checks the note.
     *
     * @param note the note
     */
    public PassUp {
      Objects.requireNonNull(note, "note");
    }

    @Override
    public Kind kind() {
      return Kind.PASS_UP;
    }
  }

  /**
   * Give the unit up.
   *
   * @param reason why
   * @since 0.1.0
   */
  record Abandon(String reason) implements Resolution {

    /**
     * Checks the reason.
     *
     * @param reason the reason
     */
    public Abandon {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Kind kind() {
      return Kind.ABANDON;
    }
  }

  /**
   * Keep the escalation at this level, to be dealt with outside this run.
   *
   * @param note what this level will do about it
   * @since 0.1.0
   */
  record Hold(String note) implements Resolution {

    /**
     * Checks the note.
     *
     * @param note the note
     */
    public Hold {
      Objects.requireNonNull(note, "note");
    }

    @Override
    public Kind kind() {
      return Kind.HOLD;
    }
  }
}
