package dev.agentops.llm.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.llm.Description;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Derives a JSON Schema from a record class. Every component is required (as OpenAI's and
 * Anthropic's strict modes demand); optional values are expressed as nullable types; objects do not
 * allow additional properties.
 */
public final class RecordSchemas {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ClassValue<String> CACHE =
      new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
          return new RecordSchemas().recordSchema(type, true).toString();
        }
      };

  private final Deque<Class<?>> visiting = new ArrayDeque<>();

  private RecordSchemas() {}

  /**
   * Returns the schema of a record class as compact JSON text.
   *
   * @throws IllegalArgumentException if a component's type cannot be described
   */
  public static String schemaOf(Class<? extends Record> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record class");
    }
    return CACHE.get(type);
  }

  private ObjectNode recordSchema(Class<?> type, boolean root) {
    if (visiting.contains(type)) {
      throw new IllegalArgumentException(
          "cannot describe recursive record " + type.getName() + " as a JSON Schema");
    }
    visiting.push(type);
    try {
      ObjectNode schema = NODES.objectNode();
      schema.put("type", "object");
      Description d = type.getAnnotation(Description.class);
      if (d != null) {
        schema.put("description", d.value());
      } else if (root) {
        schema.put("title", type.getSimpleName());
      }
      ObjectNode properties = schema.putObject("properties");
      ArrayNode required = schema.putArray("required");
      for (RecordComponent c : type.getRecordComponents()) {
        ObjectNode property;
        try {
          property = typeSchema(c.getGenericType(), c.getAnnotatedType());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "component '" + c.getName() + "' of " + type.getName() + ": " + e.getMessage(), e);
        }
        if (hasNullable(c.getAnnotations())) {
          makeNullable(property);
        }
        Description cd = c.getAnnotation(Description.class);
        if (cd != null) {
          property.put("description", cd.value());
        }
        properties.set(c.getName(), property);
        required.add(c.getName());
      }
      schema.put("additionalProperties", false);
      return schema;
    } finally {
      visiting.pop();
    }
  }

  private ObjectNode typeSchema(Type type, @Nullable AnnotatedType annotated) {
    ObjectNode schema = plainTypeSchema(type, annotated);
    if (annotated != null && isNullable(annotated)) {
      makeNullable(schema);
    }
    return schema;
  }

  private ObjectNode plainTypeSchema(Type type, @Nullable AnnotatedType annotated) {
    if (type instanceof Class<?> c) {
      return classSchema(c);
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      AnnotatedType[] annotatedArgs =
          annotated instanceof AnnotatedParameterizedType ap
              ? ap.getAnnotatedActualTypeArguments()
              : new AnnotatedType[args.length];
      if (raw == Optional.class) {
        ObjectNode inner = typeSchema(args[0], annotatedArgs[0]);
        makeNullable(inner);
        return inner;
      }
      if (Collection.class.isAssignableFrom(raw)) {
        ObjectNode array = NODES.objectNode().put("type", "array");
        array.set("items", typeSchema(args[0], annotatedArgs[0]));
        if (Set.class.isAssignableFrom(raw)) {
          array.put("uniqueItems", true);
        }
        return array;
      }
      if (Map.class.isAssignableFrom(raw)) {
        if (args[0] != String.class) {
          throw new IllegalArgumentException("map keys must be String, but were " + args[0]);
        }
        ObjectNode object = NODES.objectNode().put("type", "object");
        object.set("additionalProperties", typeSchema(args[1], annotatedArgs[1]));
        return object;
      }
    }
    if (type instanceof GenericArrayType g) {
      ObjectNode array = NODES.objectNode().put("type", "array");
      array.set("items", typeSchema(g.getGenericComponentType(), null));
      return array;
    }
    throw new IllegalArgumentException("cannot describe type " + type.getTypeName());
  }

  private ObjectNode classSchema(Class<?> c) {
    if (c == String.class || c == CharSequence.class || c == char.class || c == Character.class) {
      return NODES.objectNode().put("type", "string");
    }
    if (c == boolean.class || c == Boolean.class) {
      return NODES.objectNode().put("type", "boolean");
    }
    if (c == int.class
        || c == long.class
        || c == short.class
        || c == byte.class
        || c == Integer.class
        || c == Long.class
        || c == Short.class
        || c == Byte.class
        || c == BigInteger.class) {
      return NODES.objectNode().put("type", "integer");
    }
    if (c == double.class
        || c == float.class
        || c == Double.class
        || c == Float.class
        || c == BigDecimal.class) {
      return NODES.objectNode().put("type", "number");
    }
    if (c.isEnum()) {
      ObjectNode schema = NODES.objectNode().put("type", "string");
      ArrayNode values = schema.putArray("enum");
      for (Object constant : c.getEnumConstants()) {
        values.add(((Enum<?>) constant).name());
      }
      return schema;
    }
    if (c.isRecord()) {
      return recordSchema(c, false);
    }
    if (c.isArray()) {
      ObjectNode array = NODES.objectNode().put("type", "array");
      array.set("items", classSchema(c.getComponentType()));
      return array;
    }
    if (c == Instant.class || c == OffsetDateTime.class || c == ZonedDateTime.class) {
      return NODES.objectNode().put("type", "string").put("format", "date-time");
    }
    if (c == LocalDate.class) {
      return NODES.objectNode().put("type", "string").put("format", "date");
    }
    if (c == Duration.class) {
      return NODES.objectNode().put("type", "string").put("format", "duration");
    }
    if (c == UUID.class) {
      return NODES.objectNode().put("type", "string").put("format", "uuid");
    }
    if (c == URI.class) {
      return NODES.objectNode().put("type", "string").put("format", "uri");
    }
    if (c == List.class || c == Set.class || c == Map.class || c == Optional.class) {
      throw new IllegalArgumentException("raw type " + c.getName() + " needs a type argument");
    }
    throw new IllegalArgumentException("cannot describe type " + c.getName());
  }

  /**
   * Any type-use annotation named {@code Nullable} counts (JSpecify's, Checker's, Jakarta's), and
   * matching by name keeps JSpecify optional at run time.
   */
  private static boolean isNullable(AnnotatedType annotated) {
    return hasNullable(annotated.getAnnotations());
  }

  private static boolean hasNullable(Annotation[] annotations) {
    for (Annotation a : annotations) {
      if (a.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    return false;
  }

  private static void makeNullable(ObjectNode schema) {
    if (schema.get("type") != null && schema.get("type").isTextual()) {
      String t = schema.get("type").asText();
      ArrayNode types = NODES.arrayNode().add(t).add("null");
      schema.set("type", types);
      if (schema.get("enum") instanceof ArrayNode values) {
        values.addNull();
      }
    }
  }
}
