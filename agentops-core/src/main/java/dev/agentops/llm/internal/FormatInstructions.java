package dev.agentops.llm.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ResponseFormat;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Puts a response format into words, for providers or models that cannot enforce it. */
public final class FormatInstructions {

  private FormatInstructions() {}

  /**
   * Returns the system text to send: the request's own, followed by an instruction stating the
   * response format when {@code enforcedNatively} is false.
   */
  public static Optional<String> system(ChatRequest request, boolean enforcedNatively) {
    ResponseFormat format = request.responseFormat();
    Optional<String> system = request.system();
    if (format.kind() == ResponseFormat.Kind.TEXT || enforcedNatively) {
      return system;
    }
    String instruction =
        format.kind() == ResponseFormat.Kind.JSON
            ? "Reply with only a JSON value, and no other text."
            : "Reply with only a JSON value that matches this JSON Schema, and no other text:\n"
                + format.schema().orElseThrow();
    return Optional.of(system.map(s -> s + "\n\n" + instruction).orElse(instruction));
  }

  /**
   * Tells whether a schema meets the strict modes of OpenAI and Anthropic: every object lists all
   * its properties as required and forbids additional ones.
   */
  public static boolean strictCompatible(String schemaJson) {
    try {
      return strict(Json.MAPPER.readTree(schemaJson));
    } catch (JacksonException e) {
      return false;
    }
  }

  /** Keywords that strict provider modes reject or ignore; the caller's own check enforces them. */
  private static final Set<String> CLIENT_SIDE_KEYWORDS =
      Set.of(
          "uniqueItems",
          "minItems",
          "maxItems",
          "minLength",
          "maxLength",
          "pattern",
          "format",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "multipleOf",
          "minProperties",
          "maxProperties");

  /**
   * Returns the schema as sent to a provider's native mode: without the constraint keywords strict
   * modes do not accept (length, range, format, pattern, uniqueness). Structured output checks the
   * full schema on the reply, so nothing is lost; the official SDKs do the same.
   */
  public static JsonNode forProvider(String schemaJson) {
    JsonNode schema = WireJson.parse(schemaJson).deepCopy();
    strip(schema);
    return schema;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode properties = object.get("properties");
      object.remove(CLIENT_SIDE_KEYWORDS);
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (field.getValue() == properties) {
          // Property names are names, not keywords: strip inside each property's schema.
          for (Map.Entry<String, JsonNode> p : field.getValue().properties()) {
            strip(p.getValue());
          }
        } else {
          strip(field.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(FormatInstructions::strip);
    }
  }

  private static boolean declaresObject(JsonNode node) {
    JsonNode type = node.get("type");
    if (type == null) {
      return false;
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (t.asText().equals("object")) {
          return true;
        }
      }
      return false;
    }
    return type.asText().equals("object");
  }

  private static boolean strict(JsonNode node) {
    if (node.isArray()) {
      for (JsonNode n : node) {
        if (!strict(n)) {
          return false;
        }
      }
      return true;
    }
    if (!node.isObject()) {
      return true;
    }
    JsonNode properties = node.get("properties");
    boolean objectSchema = properties != null && properties.isObject() || declaresObject(node);
    if (objectSchema) {
      JsonNode additional = node.get("additionalProperties");
      if (additional == null || !additional.isBoolean() || additional.asBoolean()) {
        return false;
      }
      Set<String> required = new TreeSet<>();
      JsonNode req = node.get("required");
      if (req != null) {
        req.forEach(r -> required.add(r.asText()));
      }
      Iterator<String> names =
          properties == null ? Collections.emptyIterator() : properties.fieldNames();
      while (names.hasNext()) {
        if (!required.contains(names.next())) {
          return false;
        }
      }
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!strict(field.getValue())) {
        return false;
      }
    }
    return true;
  }
}
