package dev.agentops.supervision;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One line of the {@value SupervisionLog#LOG} log, read back.
 *
 * @param event what happened: {@value SupervisionLog#ATTEMPT_FAILED}, {@value
 *     SupervisionLog#ESCALATED}, {@value SupervisionLog#RESOLVED} or {@value
 *     SupervisionLog#OUTCOME}
 * @param unit the unit's id
 * @param worker the worker's id
 * @param at when
 * @param fields the line's other fields, as text, by name
 * @since 0.1.0
 */
public record SupervisionEvent(
    String event, String unit, String worker, Instant at, Map<String, String> fields) {

  /**
   * Checks the components and copies the fields.
   *
   * @param event the event
   * @param unit the unit
   * @param worker the worker
   * @param at when
   * @param fields the other fields
   */
  public SupervisionEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(at, "at");
    fields = Collections.unmodifiableMap(new TreeMap<>(fields));
  }

  /**
   * Returns a field.
   *
   * @param name its name, such as {@code reason}
   * @return its value, if the line has it
   */
  public Optional<String> field(String name) {
    return Optional.ofNullable(fields.get(Objects.requireNonNull(name, "name")));
  }
}
