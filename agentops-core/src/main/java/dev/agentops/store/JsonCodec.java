package dev.agentops.store;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.llm.internal.Json;
import dev.agentops.store.internal.Envelope;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Stores values as JSON objects with Jackson. The object carries a {@code schemaVersion} field;
 * fields of a stored record that the type does not know are kept when the record is written again.
 * Dates are written as ISO-8601 strings.
 *
 * <p>Thread-safe. On the module path, the package of {@code T} must be open to {@code
 * com.fasterxml.jackson.databind}.
 *
 * @param <T> the type of the values
 * @since 0.1.0
 */
public final class JsonCodec<T> implements RecordCodec<T> {

  private final Class<T> type;
  private final int schemaVersion;

  private JsonCodec(Class<T> type, int schemaVersion) {
    this.type = type;
    this.schemaVersion = schemaVersion;
  }

  /**
   * Returns a codec.
   *
   * @param <T> the type
   * @param type the class of the values, typically a record
   * @param schemaVersion the version this code writes and the newest it reads, at least 1
   * @return the codec
   */
  public static <T> JsonCodec<T> of(Class<T> type, int schemaVersion) {
    Objects.requireNonNull(type, "type");
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("schemaVersion must be >= 1, but was " + schemaVersion);
    }
    return new JsonCodec<>(type, schemaVersion);
  }

  @Override
  public RecordFormat format() {
    return RecordFormat.JSON;
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
      throw new IllegalArgumentException(type.getName() + " does not encode as a JSON object");
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("schemaVersion", schemaVersion);
    if (previous != null) {
      try {
        ObjectNode old = Envelope.jsonObject(previous.content());
        old.remove("schemaVersion");
        old.remove("revision");
        out.setAll(old);
      } catch (Envelope.Unreadable e) {
        throw new RecordDecodingException(previous.key(), e.getMessage(), null);
      }
    }
    out.setAll(fields);
    return out.toString();
  }

  @Override
  public T decode(StoredRecord record) {
    ObjectNode object;
    try {
      object = Envelope.jsonObject(record.content());
    } catch (Envelope.Unreadable e) {
      throw new RecordDecodingException(record.key(), e.getMessage(), null);
    }
    checkSchemaVersion(record.key(), object.get("schemaVersion"), schemaVersion);
    try {
      return Json.MAPPER.treeToValue(object, type);
    } catch (JacksonException e) {
      throw new RecordDecodingException(
          record.key(),
          "does not fit "
              + type.getSimpleName()
              + " at "
              + pathOf(e)
              + ": "
              + Json.describeWithoutQuotes(e),
          e);
    } catch (IllegalArgumentException e) {
      throw new RecordDecodingException(
          record.key(), "was refused by " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  static void checkSchemaVersion(RecordKey key, @Nullable JsonNode version, int supported) {
    if (version == null || version.isNull()) {
      return;
    }
    if (!version.canConvertToInt() || version.asInt() < 1) {
      throw new RecordDecodingException(
          key, "has a schemaVersion that is not a whole number >= 1", null);
    }
    if (version.asInt() > supported) {
      throw new RecordDecodingException(
          key,
          "has schemaVersion "
              + version.asInt()
              + ", newer than the "
              + supported
              + " this version of AgentOps reads; upgrade AgentOps to read it",
          null);
    }
  }

  static String pathOf(JacksonException e) {
    StringBuilder path = new StringBuilder("$");
    if (e instanceof JsonMappingException mapping) {
      for (JsonMappingException.Reference ref : mapping.getPath()) {
        if (ref.getFieldName() != null) {
          path.append('.').append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          path.append('[').append(ref.getIndex()).append(']');
        }
      }
    }
    return path.toString();
  }

  @Override
  public String toString() {
    return "JsonCodec[" + type.getSimpleName() + " v" + schemaVersion + "]";
  }
}
