package dev.agentops.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a JSON value against the subset of JSON Schema that structured output uses: {@code type}
 * (one or several), {@code properties}, {@code required}, {@code additionalProperties}, {@code
 * items}, {@code enum}, {@code uniqueItems}, {@code minItems}, {@code maxItems}, {@code minLength},
 * {@code maxLength}, {@code pattern}, {@code minimum}, {@code maximum}. Other keywords are ignored.
 * Problems are reported with a JSON path, such as {@code $.steps[2].title: expected string but was
 * number}.
 */
public final class JsonSchemaCheck {

  private static final int MAX_PROBLEMS = 20;

  private final boolean reportAdditional;
  private final List<String> problems = new ArrayList<>();

  private JsonSchemaCheck(boolean reportAdditional) {
    this.reportAdditional = reportAdditional;
  }

  /**
   * Returns the problems of a value, at most 20; empty if it matches.
   *
   * @param reportAdditional whether properties forbidden by {@code additionalProperties: false} are
   *     problems; when a record will be bound they are harmless and ignored
   */
  public static List<String> check(JsonNode schema, JsonNode value, boolean reportAdditional) {
    JsonSchemaCheck check = new JsonSchemaCheck(reportAdditional);
    check.visit(schema, value, "$");
    return List.copyOf(check.problems);
  }

  private void problem(String path, String what) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(path + ": " + what);
    }
  }

  private void visit(JsonNode schema, JsonNode value, String path) {
    if (!schema.isObject() || problems.size() >= MAX_PROBLEMS) {
      return;
    }
    JsonNode type = schema.get("type");
    if (type != null && !matchesType(type, value)) {
      problem(path, "expected " + describeType(type) + " but was " + kindOf(value));
      return;
    }
    JsonNode allowed = schema.get("enum");
    if (allowed != null && allowed.isArray()) {
      boolean found = false;
      for (JsonNode option : allowed) {
        if (sameValue(option, value)) {
          found = true;
          break;
        }
      }
      if (!found) {
        problem(path, "must be one of " + allowed + " but was " + abbreviate(value));
        return;
      }
    }
    if (value.isObject()) {
      visitObject(schema, value, path);
    } else if (value.isArray()) {
      visitArray(schema, value, path);
    } else if (value.isTextual()) {
      int length = value.asText().codePointCount(0, value.asText().length());
      JsonNode min = schema.get("minLength");
      JsonNode max = schema.get("maxLength");
      if (min != null && length < min.asInt()) {
        problem(path, "must have at least " + min.asInt() + " characters but had " + length);
      }
      if (max != null && length > max.asInt()) {
        problem(path, "must have at most " + max.asInt() + " characters but had " + length);
      }
      JsonNode pattern = schema.get("pattern");
      if (pattern != null && pattern.isTextual() && !matches(pattern.asText(), value.asText())) {
        problem(path, "must match the pattern " + pattern.asText());
      }
    } else if (value.isNumber()) {
      JsonNode min = schema.get("minimum");
      JsonNode max = schema.get("maximum");
      if (min != null && compare(value, min) < 0) {
        problem(path, "must be >= " + min + " but was " + value);
      }
      if (max != null && compare(value, max) > 0) {
        problem(path, "must be <= " + max + " but was " + value);
      }
    }
  }

  private void visitObject(JsonNode schema, JsonNode value, String path) {
    JsonNode properties = schema.get("properties");
    JsonNode required = schema.get("required");
    if (required != null && required.isArray()) {
      for (JsonNode name : required) {
        if (!value.has(name.asText())) {
          problem(path + "." + name.asText(), "required property is missing");
        }
      }
    }
    Set<String> known = new HashSet<>();
    if (properties != null && properties.isObject()) {
      for (Map.Entry<String, JsonNode> e : properties.properties()) {
        known.add(e.getKey());
        JsonNode child = value.get(e.getKey());
        if (child != null) {
          visit(e.getValue(), child, path + "." + e.getKey());
        }
      }
    }
    JsonNode additional = schema.get("additionalProperties");
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      if (known.contains(e.getKey()) || additional == null) {
        continue;
      }
      if (additional.isBoolean() && !additional.asBoolean()) {
        if (reportAdditional) {
          problem(path + "." + e.getKey(), "property is not allowed by the schema");
        }
      } else if (additional.isObject()) {
        visit(additional, e.getValue(), path + "." + e.getKey());
      }
    }
  }

  private void visitArray(JsonNode schema, JsonNode value, String path) {
    JsonNode min = schema.get("minItems");
    JsonNode max = schema.get("maxItems");
    if (min != null && value.size() < min.asInt()) {
      problem(path, "must have at least " + min.asInt() + " items but had " + value.size());
    }
    if (max != null && value.size() > max.asInt()) {
      problem(path, "must have at most " + max.asInt() + " items but had " + value.size());
    }
    JsonNode unique = schema.get("uniqueItems");
    if (unique != null && unique.asBoolean()) {
      Set<JsonNode> seen = new HashSet<>();
      for (int i = 0; i < value.size(); i++) {
        if (!seen.add(value.get(i))) {
          problem(path + "[" + i + "]", "repeats an earlier item, but items must be unique");
        }
      }
    }
    JsonNode items = schema.get("items");
    if (items != null) {
      for (int i = 0; i < value.size(); i++) {
        visit(items, value.get(i), path + "[" + i + "]");
      }
    }
  }

  /** ECMA-262 patterns are unanchored; a pattern Java cannot compile is not enforced. */
  private static boolean matches(String pattern, String value) {
    try {
      return Pattern.compile(pattern).matcher(value).find();
    } catch (PatternSyntaxException e) {
      return true;
    }
  }

  private static boolean matchesType(JsonNode type, JsonNode value) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (matchesOne(t.asText(), value)) {
          return true;
        }
      }
      return false;
    }
    return matchesOne(type.asText(), value);
  }

  private static boolean matchesOne(String type, JsonNode value) {
    switch (type) {
      case "string":
        return value.isTextual();
      case "integer":
        return value.isIntegralNumber()
            || (value.isNumber()
                && isFinite(value)
                && value.decimalValue().stripTrailingZeros().scale() <= 0);
      case "number":
        return value.isNumber();
      case "boolean":
        return value.isBoolean();
      case "object":
        return value.isObject();
      case "array":
        return value.isArray();
      case "null":
        return value.isNull();
      default:
        return true;
    }
  }

  /** Numbers are equal by value, as JSON Schema has it: {@code 1} and {@code 1.0} are one. */
  private static boolean sameValue(JsonNode option, JsonNode value) {
    if (option.isNumber() && value.isNumber()) {
      return compare(option, value) == 0;
    }
    return option.equals(value);
  }

  /**
   * Compares two numbers exactly; a double beyond the range of doubles (which a parser reads as an
   * infinity) has no exact value and is compared as a double.
   */
  private static int compare(JsonNode a, JsonNode b) {
    if (!isFinite(a) || !isFinite(b)) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    return a.decimalValue().compareTo(b.decimalValue());
  }

  private static boolean isFinite(JsonNode number) {
    return !number.isFloatingPointNumber()
        || number.isBigDecimal()
        || Double.isFinite(number.doubleValue());
  }

  private static String describeType(JsonNode type) {
    if (!type.isArray()) {
      return type.asText();
    }
    List<String> names = new ArrayList<>();
    type.forEach(t -> names.add(t.asText()));
    return String.join(" or ", names);
  }

  private static String kindOf(JsonNode value) {
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isTextual()) {
      return "string";
    }
    return value.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String abbreviate(JsonNode value) {
    String s = value.toString();
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
