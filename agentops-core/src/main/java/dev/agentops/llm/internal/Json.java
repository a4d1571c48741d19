package dev.agentops.llm.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Locale;

/** The shared, immutable Jackson configuration of the LLM layer. */
public final class Json {

  /** Strict mapper for wire formats and schemas. Thread-safe. */
  public static final ObjectMapper MAPPER = base().build();

  /**
   * Lenient mapper for reading what a model wrote: trailing commas and comments are tolerated,
   * since they carry no meaning and models produce them.
   */
  public static final ObjectMapper LENIENT =
      base()
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .build();

  private Json() {}

  private static JsonMapper.Builder base() {
    return JsonMapper.builder()
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
  }

  /**
   * Parses a JSON Schema and returns it compacted.
   *
   * @throws IllegalArgumentException if the text is not a JSON object
   */
  public static String normalizeSchema(String schemaJson) {
    JsonNode node;
    try {
      node = MAPPER.readTree(schemaJson);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("schemaJson is not valid JSON: " + describe(e), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "schemaJson must be a JSON object, but was "
              + (node == null ? "empty" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    return node.toString();
  }

  /**
   * Returns a parse failure's message and location with every quoted token elided, for bodies whose
   * content must not reach a message (a provider's reply may echo the prompt).
   */
  public static String describeWithoutQuotes(JacksonException e) {
    return describe(e).replaceAll("'[^']*'", "'…'").replaceAll(" ?\\(code \\d+\\)", "");
  }

  /**
   * Returns a parse failure's message and location. The source excerpt is left out; Jackson's
   * message itself may still quote the token it choked on.
   */
  public static String describe(JacksonException e) {
    JsonLocation loc = e.getLocation();
    String where =
        loc == null || loc.getLineNr() < 0
            ? ""
            : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    return e.getOriginalMessage() + where;
  }
}
