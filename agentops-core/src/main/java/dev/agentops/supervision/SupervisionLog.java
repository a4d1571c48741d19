package dev.agentops.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentops.llm.internal.Json;
import dev.agentops.store.LogEntry;
import dev.agentops.store.ReadableStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The record a {@link Supervisor} keeps, and how to read it back.
 *
 * <p>The log is {@value #LOG}, sharded by worker like every store log ({@code
 * logs/supervision/<worker>/<yyyy-mm>.jsonl} in a git store). Each line is one JSON object with
 * these fields, all strings unless noted:
 *
 * <ul>
 *   <li>every line: {@code event}, {@code unit} (the unit's id), {@code worker}, {@code at} (an
 *       ISO-8601 instant);
 *   <li>{@value #ATTEMPT_FAILED}: {@code level} ({@code worker}), {@code round} and {@code attempt}
 *       (numbers), {@code session}, {@code class}, {@code signature}, {@code feedback}, {@code
 *       goal}, {@code action} ({@code retry} or {@code escalate}), and {@code reason} (an {@link
 *       EscalationReason#wireName()}) when it escalates or {@code cooldown} (ISO-8601 duration)
 *       when it retries after one;
 *   <li>{@value #ESCALATED}, one per hop: {@code from}, {@code to} (level names), {@code reason},
 *       {@code note}, {@code attempts} (number);
 *   <li>{@value #RESOLVED}, a level's decision: {@code level}, {@code resolution} ({@code reframe},
 *       {@code pass-up}, {@code abandon}, {@code hold}, {@code approve}, {@code deny}, {@code
 *       defer}, {@code refused} for a reframe beyond the allowance, or {@code error} for a handler
 *       or gate that raised), {@code note};
 *   <li>{@value #OUTCOME}, last: {@code outcome} ({@link Outcome.Kind#wireName()}), {@code
 *       attempts} and {@code rounds} (numbers), {@code level} (where it ended), and {@code note}
 *       unless done.
 * </ul>
 *
 * <p>Lines are written as they happen, so a crash mid-run loses nothing already recorded. The store
 * redacts secrets in them before anything is committed.
 *
 * @since 0.1.0
 */
public final class SupervisionLog {

  /** The log's name. */
  public static final String LOG = "supervision";

  /** The event of a failed attempt. */
  public static final String ATTEMPT_FAILED = "attempt-failed";

  /** The event of one hop up the hierarchy. */
  public static final String ESCALATED = "escalated";

  /** The event of a level's decision about an escalation. */
  public static final String RESOLVED = "resolved";

  /** The event of a run's outcome. */
  public static final String OUTCOME = "outcome";

  private SupervisionLog() {}

  /**
   * Reads every event, in the store's log order: writer by writer, month by month, each shard in
   * the order it was appended. Lines that are not supervision events are skipped.
   *
   * @param store the store
   * @return the events
   */
  public static List<SupervisionEvent> read(ReadableStore store) {
    Objects.requireNonNull(store, "store");
    List<SupervisionEvent> events = new ArrayList<>();
    for (LogEntry entry : store.log(LOG)) {
      parse(entry.line()).ifPresent(events::add);
    }
    return events;
  }

  /**
   * Reads every failed attempt, with its context.
   *
   * @param store the store
   * @return the failed attempts, in log order
   */
  public static List<FailedAttempt> failedAttempts(ReadableStore store) {
    List<FailedAttempt> out = new ArrayList<>();
    for (SupervisionEvent e : read(store)) {
      if (!e.event().equals(ATTEMPT_FAILED)) {
        continue;
      }
      try {
        Failure failure =
            new Failure(
                e.field("class").orElse(""),
                e.field("signature").orElse(""),
                e.field("feedback").orElse(""));
        out.add(
            new FailedAttempt(
                e.unit(),
                e.worker(),
                e.at(),
                Integer.parseInt(e.field("round").orElse("0")),
                Integer.parseInt(e.field("attempt").orElse("0")),
                e.field("session").orElse(""),
                e.field("goal").orElse(""),
                failure,
                e.field("action").orElse("")));
      } catch (IllegalArgumentException malformed) {
        // a line another writer garbled: skipped like any unreadable line
      }
    }
    return out;
  }

  private static Optional<SupervisionEvent> parse(String line) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(line);
    } catch (Exception notJson) {
      return Optional.empty();
    }
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    String event = text(node, "event");
    String unit = text(node, "unit");
    String worker = text(node, "worker");
    String at = text(node, "at");
    if (event == null || unit == null || worker == null || at == null) {
      return Optional.empty();
    }
    Instant when;
    try {
      when = Instant.parse(at);
    } catch (RuntimeException badInstant) {
      return Optional.empty();
    }
    Map<String, String> fields = new TreeMap<>();
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      String name = f.getKey();
      if (!name.equals("event")
          && !name.equals("unit")
          && !name.equals("worker")
          && !name.equals("at")
          && f.getValue().isValueNode()) {
        fields.put(name, f.getValue().asText());
      }
    }
    return Optional.of(new SupervisionEvent(event, unit, worker, when, fields));
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }
}
