package dev.agentops.llm;

import dev.agentops.llm.internal.Json;
import dev.agentops.llm.internal.RecordSchemas;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What shape the model's reply must take: free text, any JSON value, or JSON matching a JSON
 * Schema.
 *
 * <p>Adapters use the provider's native mode when it has one (OpenAI's {@code response_format},
 * Anthropic's {@code output_config.format}) and otherwise state the requirement in the system text.
 * Either way the reply is only a promise: {@link StructuredOutput} checks it.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ResponseFormat {

  /** The kinds of reply a request can ask for. */
  public enum Kind {
    /** Free text. */
    TEXT,
    /** A JSON value, with no schema. */
    JSON,
    /** A JSON value matching {@link ResponseFormat#schema()}. */
    JSON_SCHEMA
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern NOT_IN_NAME = Pattern.compile("[^A-Za-z0-9_-]");
  private static final ResponseFormat TEXT = new ResponseFormat(Kind.TEXT, null, null);
  private static final ResponseFormat JSON = new ResponseFormat(Kind.JSON, null, null);

  private final Kind kind;
  private final @Nullable String schemaName;
  private final @Nullable String schema;

  private ResponseFormat(Kind kind, @Nullable String schemaName, @Nullable String schema) {
    this.kind = kind;
    this.schemaName = schemaName;
    this.schema = schema;
  }

  /**
   * Asks for free text; the default.
   *
   * @return the text format
   */
  public static ResponseFormat text() {
    return TEXT;
  }

  /**
   * Asks for a JSON value without a schema.
   *
   * @return the JSON format
   */
  public static ResponseFormat json() {
    return JSON;
  }

  /**
   * Asks for JSON matching a schema.
   *
   * @param name a name for the schema, 1 to 64 letters, digits, {@code _} or {@code -}; some
   *     providers show it to the model
   * @param schemaJson a JSON Schema as JSON text; it must be a JSON object
   * @return the format
   * @throws IllegalArgumentException if the name is malformed or the schema is not a JSON object
   */
  public static ResponseFormat jsonSchema(String name, String schemaJson) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schemaJson, "schemaJson");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name must be 1 to 64 letters, digits, '_' or '-', but was '" + name + "'");
    }
    return new ResponseFormat(Kind.JSON_SCHEMA, name, Json.normalizeSchema(schemaJson));
  }

  /**
   * Asks for JSON matching the schema derived from a record class: every component is a required
   * property, {@link Optional} and {@code @Nullable} components may be {@code null}, and {@link
   * Description} annotations become descriptions.
   *
   * @param type the record class
   * @return the format, named after the class: its simple name, with each character that is not
   *     allowed in a schema name replaced by {@code _}, cut to 64 characters
   * @throws IllegalArgumentException if a component has a type that cannot be described
   */
  public static ResponseFormat jsonSchema(Class<? extends Record> type) {
    Objects.requireNonNull(type, "type");
    String schema = RecordSchemas.schemaOf(type);
    String name = NOT_IN_NAME.matcher(type.getSimpleName()).replaceAll("_");
    return new ResponseFormat(
        Kind.JSON_SCHEMA, name.substring(0, Math.min(name.length(), 64)), schema);
  }

  /**
   * Returns the kind of reply asked for.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the schema's name, present only for {@link Kind#JSON_SCHEMA}.
   *
   * @return the name
   */
  public Optional<String> schemaName() {
    return Optional.ofNullable(schemaName);
  }

  /**
   * Returns the schema as compact JSON text, present only for {@link Kind#JSON_SCHEMA}.
   *
   * @return the schema
   */
  public Optional<String> schema() {
    return Optional.ofNullable(schema);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ResponseFormat other
        && kind == other.kind
        && Objects.equals(schemaName, other.schemaName)
        && Objects.equals(schema, other.schema);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, schemaName, schema);
  }

  @Override
  public String toString() {
    return schemaName == null
        ? "ResponseFormat[" + kind + "]"
        : "ResponseFormat[" + kind + " '" + schemaName + "']";
  }
}
