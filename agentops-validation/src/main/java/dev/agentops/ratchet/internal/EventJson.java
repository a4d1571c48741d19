package dev.agentops.ratchet.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.ratchet.BaselineEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The JSON line of a baseline event. */
public final class EventJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EventJson() {}

  /** Writes an event as one line of JSON. */
  public static String encode(BaselineEvent e) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("event", e.kind().name().toLowerCase(Locale.ROOT));
    o.put("baseline", e.baseline());
    o.put("timestamp", e.time().toString());
    if (e.reason() != null) {
      o.put("reason", e.reason());
    }
    ObjectNode before = o.putObject("before");
    e.before().forEach(before::put);
    ObjectNode after = o.putObject("after");
    e.after().forEach(after::put);
    return o.toString();
  }

  /** Reads a line written by {@link #encode}; the writer comes from the log shard. */
  public static BaselineEvent decode(String line, String writer) throws ChainJson.Unreadable {
    try {
      JsonNode node = MAPPER.readTree(line);
      if (node == null || !node.isObject()) {
        throw new ChainJson.Unreadable("is not a JSON object");
      }
      BaselineEvent.Kind kind =
          BaselineEvent.Kind.valueOf(node.path("event").asText("").toUpperCase(Locale.ROOT));
      Instant time = OffsetDateTime.parse(node.path("timestamp").asText("")).toInstant();
      JsonNode reason = node.get("reason");
      return new BaselineEvent(
          node.path("baseline").asText(""),
          kind,
          time,
          writer,
          reason == null || reason.isNull() ? null : reason.asText(),
          values(node.path("before")),
          values(node.path("after")));
    } catch (JacksonException e) {
      throw new ChainJson.Unreadable("is not JSON: " + e.getOriginalMessage());
    } catch (DateTimeParseException e) {
      throw new ChainJson.Unreadable("has a timestamp that is not ISO-8601 with an offset");
    } catch (IllegalArgumentException e) {
      throw new ChainJson.Unreadable("is not a baseline event: " + e.getMessage());
    }
  }

  private static Map<String, Double> values(JsonNode node) throws ChainJson.Unreadable {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      if (!f.getValue().isNumber()) {
        throw new ChainJson.Unreadable("has a value of '" + f.getKey() + "' that is not a number");
      }
      out.put(f.getKey(), f.getValue().asDouble());
    }
    return out;
  }
}
