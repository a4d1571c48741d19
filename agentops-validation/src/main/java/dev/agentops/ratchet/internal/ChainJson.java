package dev.agentops.ratchet.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.ratchet.ChainEntry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * The JSON line of a chain entry, in the field names of the reference plugin's {@code chain.jsonl}.
 */
public final class ChainJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ChainJson() {}

  /** A line that is not a chain entry. */
  public static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    public Unreadable(String message) {
      super(message);
    }
  }

  /** Writes an entry as one line of JSON. */
  public static String encode(ChainEntry e) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("step", e.step());
    o.put("timestamp", e.time().toString());
    putIfPresent(o, "input", e.input());
    putIfPresent(o, "output", e.output());
    o.put("locked", e.locked());
    o.put("skipped", !e.locked());
    putIfPresent(o, "verdict", e.verdictId());
    putIfPresent(o, "reason", e.reason());
    putIfPresent(o, "ref", e.ref());
    return o.toString();
  }

  /** Reads a line written by {@link #encode}; the writer comes from the log shard. */
  public static ChainEntry decode(String line, String writer) throws Unreadable {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JacksonException e) {
      throw new Unreadable("is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new Unreadable("is not a JSON object");
    }
    String step = text(node, "step");
    String timestamp = text(node, "timestamp");
    if (step == null || timestamp == null) {
      throw new Unreadable("has no step or timestamp: it is not a chain entry");
    }
    Instant time;
    try {
      time = OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      throw new Unreadable("has a timestamp that is not ISO-8601 with an offset");
    }
    boolean locked = node.path("locked").asBoolean(false);
    boolean skipped = node.path("skipped").asBoolean(false);
    if (locked == skipped) {
      throw new Unreadable("must be either locked or skipped");
    }
    try {
      return new ChainEntry(
          locked ? ChainEntry.Kind.LOCKED : ChainEntry.Kind.SKIPPED,
          step,
          time,
          text(node, "input"),
          text(node, "output"),
          text(node, "verdict"),
          text(node, "reason"),
          text(node, "ref"),
          writer);
    } catch (IllegalArgumentException e) {
      throw new Unreadable("is not a valid chain entry: " + e.getMessage());
    }
  }

  private static void putIfPresent(ObjectNode o, String field, @Nullable String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }
}
