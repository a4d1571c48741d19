package dev.agentops.store;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.llm.internal.Json;
import dev.agentops.store.internal.Envelope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Stores values as Markdown with YAML front matter, for records people read: one property of the
 * value is the Markdown body, every other property is a front matter key. The front matter carries
 * a {@code schemaVersion}; keys the type does not know are kept when the record is written again.
 *
 * <p>Thread-safe.
 *
 * @param <T> the type of the values
 * @since 0.1.0
 */
public final class MarkdownCodec<T> implements RecordCodec<T> {

  private final Class<T> type;
  private final int schemaVersion;
  private final String bodyProperty;

  private MarkdownCodec(Class<T> type, int schemaVersion, String bodyProperty) {
    this.type = type;
    this.schemaVersion = schemaVersion;
    this.bodyProperty = bodyProperty;
  }

  /**
   * Returns a codec.
   *
   * @param <T> the type
   * @param type the class of the values, typically a record
   * @param schemaVersion the version this code writes and the newest it reads, at least 1
   * @param bodyProperty the property written as the Markdown body; a string
   * @return the codec
   */
  public static <T> MarkdownCodec<T> of(Class<T> type, int schemaVersion, String bodyProperty) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(bodyProperty, "bodyProperty");
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("schemaVersion must be >= 1, but was " + schemaVersion);
    }
    return new MarkdownCodec<>(type, schemaVersion, bodyProperty);
  }

  @Override
  public RecordFormat format() {
    return RecordFormat.MARKDOWN;
  }

  @Override
  public int schemaVersion() {
    return schemaVersion;
  }

  @Override
  public String encode(T value, @Nullable StoredRecord previous) {
    Objects.requireNonNull(value, "value");
    JsonNode fresh = Json.MAPPER.valueToTree(value);
    if (!(fresh instanceof ObjectNode fields)) {
      throw new IllegalArgumentException(type.getName() + " does not encode as an object");
    }
    JsonNode body = fields.remove(bodyProperty);
    Map<String, Object> front = new LinkedHashMap<>();
    front.put("schemaVersion", schemaVersion);
    if (previous != null) {
      try {
        ObjectNode old = Envelope.frontMatter(previous.content());
        old.remove("schemaVersion");
        old.remove("revision");
        old.properties().forEach(e -> front.put(e.getKey(), e.getValue()));
      } catch (Envelope.Unreadable e) {
        throw new RecordDecodingException(previous.key(), e.getMessage(), null);
      }
    }
    fields.properties().forEach(e -> front.put(e.getKey(), e.getValue()));
    String text = body == null || body.isNull() ? "" : body.asText();
    return Envelope.markdown(front, text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
  }

  @Override
  public T decode(StoredRecord record) {
    ObjectNode object;
    String body;
    try {
      object = Envelope.frontMatter(record.content());
      body = Envelope.body(record.content());
    } catch (Envelope.Unreadable e) {
      throw new RecordDecodingException(record.key(), e.getMessage(), null);
    }
    JsonCodec.checkSchemaVersion(record.key(), object.get("schemaVersion"), schemaVersion);
    object.put(bodyProperty, body);
    try {
      return Json.MAPPER.treeToValue(object, type);
    } catch (JacksonException e) {
      throw new RecordDecodingException(
          record.key(),
          "does not fit "
              + type.getSimpleName()
              + " at "
              + JsonCodec.pathOf(e)
              + ": "
              + Json.describeWithoutQuotes(e),
          e);
    } catch (IllegalArgumentException e) {
      throw new RecordDecodingException(
          record.key(), "was refused by " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "MarkdownCodec["
        + type.getSimpleName()
        + " v"
        + schemaVersion
        + ", body "
        + bodyProperty
        + "]";
  }
}
