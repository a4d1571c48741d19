package dev.agentops.supervision;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A unit of work handed from one level to the level directly above it.
 *
 * <p>The compact constructor enforces the factor's rule: {@code to} is {@code from}'s {@linkplain
 * Level#above() level above}. An escalation cannot go sideways, down, or skip a level.
 *
 * @param unit the unit, as the latest reframing left it
 * @param worker the worker whose round ended
 * @param from the level passing it up
 * @param to the level receiving it
 * @param reason what ended the worker's round; the same on every hop of one climb
 * @param note what the level passing it up had to say (for the first hop, the last failure's class
 *     and signature)
 * @param failures every failed attempt at the unit so far, oldest first
 * @param at when it was handed up
 * @since 0.1.0
 */
public record Escalation(
    WorkUnit unit,
    String worker,
    Level from,
    Level to,
    EscalationReason reason,
    String note,
    List<Failure> failures,
    Instant at) {

  /**
   * Checks the components.
   *
   * @param unit the unit
   * @param worker the worker
   * @param from the level passing it up
   * @param to the level receiving it
   * @param reason the reason
   * @param note the note
   * @param failures the failures
   * @param at when
   * @throws IllegalArgumentException if {@code to} is not the level directly above {@code from}
   */
  public Escalation {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(note, "note");
    failures = List.copyOf(failures);
    Objects.requireNonNull(at, "at");
    if (from.above().orElse(null) != to) {
      throw new IllegalArgumentException(
          "an escalation goes up one level, never sideways: from "
              + from.wireName()
              + " it goes to "
              + from.above().map(Level::wireName).orElse("nowhere")
              + ", but was to "
              + to.wireName());
    }
  }

  /**
   * Returns the escalation one level further up, from the level that received this one.
   *
   * @param note what the passing level has to say
   * @param now when
   * @return the next hop
   * @throws IllegalStateException if this escalation already reached the top
   */
  public Escalation passedUp(String note, Instant now) {
    Level next =
        to.above()
            .orElseThrow(
                () -> new IllegalStateException("an escalation to the human goes no further"));
    return new Escalation(unit, worker, to, next, reason, note, failures, now);
  }
}
