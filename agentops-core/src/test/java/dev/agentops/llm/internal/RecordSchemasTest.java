package dev.agentops.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentops.llm.Description;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecordSchemasTest {

  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("bad test JSON: " + text, e);
    }
  }

  static JsonNode schema(Class<? extends Record> type) {
    return json(RecordSchemas.schemaOf(type));
  }

  static JsonNode property(Class<? extends Record> type, String name) {
    JsonNode property = schema(type).path("properties").get(name);
    assertThat(property).as("property '%s' of %s", name, type.getSimpleName()).isNotNull();
    return property;
  }

  static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }

  record Texts(String text, CharSequence sequence, char letter, Character boxedLetter) {}

  record Integers(
      int i, long l, short s, byte b, Integer boxedInt, Long boxedLong, BigInteger big) {}

  record Decimals(double d, float f, Double boxedDouble, Float boxedFloat, BigDecimal money) {}

  record Flags(boolean on, Boolean boxed) {}

  enum Severity {
    LOW,
    HIGH
  }

  record Finding(Severity severity) {}

  record Bag(
      List<String> tags,
      Set<Integer> ids,
      SortedSet<String> sorted,
      Map<String, Double> scores,
      String[] names,
      int[] counts,
      List<List<String>> grid) {}

  record Step(String title) {}

  record Plan(String goal, Step first, List<Step> steps, Map<String, Step> byName) {}

  record Optionals(
      Optional<String> nickname,
      @Nullable Integer age,
      Optional<Severity> severity,
      @Nullable Severity other,
      Optional<Step> step,
      @Nullable Step anotherStep,
      Optional<List<String>> tags,
      List<@Nullable String> gaps,
      Optional<@Nullable String> doubly) {}

  record Times(
      Instant at,
      OffsetDateTime offset,
      ZonedDateTime zoned,
      LocalDate day,
      Duration took,
      UUID id,
      URI link) {}

  @Description("A plan of work for one engineer")
  record Described(
      @Description("what the work achieves") String goal,
      @Description("how urgent it is") Severity severity,
      @Description("the parts, in order") List<String> parts,
      @Description("when it is due, if known") Optional<LocalDate> due,
      @Description("the first step") Step first) {}

  @Description("one unit of work")
  record DescribedStep(String title) {}

  record UsesDescribedStep(DescribedStep step) {}

  record TreeNode(String name, List<TreeNode> children) {}

  record SelfOptional(Optional<SelfOptional> next) {}

  record Ping(Pong pong) {}

  record Pong(Ping ping) {}

  record Untyped(String fine, Object anything) {}

  record IntKeys(Map<Integer, String> byId) {}

  record Box<T>(T value) {}

  record Wildcard(List<? extends Number> values) {}

  @SuppressWarnings("rawtypes")
  record RawList(List items) {}

  record Holder(Untyped inner) {}

  record Twice(Step a, Step b, List<Step> more) {}

  record Empty() {}

  @Nested
  class Scalars {

    @Test
    void schemaOf_describesTextAsString() {
      for (String name : List.of("text", "sequence", "letter", "boxedLetter")) {
        assertThat(property(Texts.class, name)).as(name).isEqualTo(json("{\"type\":\"string\"}"));
      }
    }

    @Test
    void schemaOf_describesWholeNumbersAsInteger() {
      for (String name : List.of("i", "l", "s", "b", "boxedInt", "boxedLong", "big")) {
        assertThat(property(Integers.class, name))
            .as(name)
            .isEqualTo(json("{\"type\":\"integer\"}"));
      }
    }

    @Test
    void schemaOf_describesFractionalNumbersAsNumber() {
      for (String name : List.of("d", "f", "boxedDouble", "boxedFloat", "money")) {
        assertThat(property(Decimals.class, name))
            .as(name)
            .isEqualTo(json("{\"type\":\"number\"}"));
      }
    }

    @Test
    void schemaOf_describesBooleansAsBoolean() {
      assertThat(property(Flags.class, "on")).isEqualTo(json("{\"type\":\"boolean\"}"));
      assertThat(property(Flags.class, "boxed")).isEqualTo(json("{\"type\":\"boolean\"}"));
    }

    @Test
    void schemaOf_describesAnEnumAsAStringEnumOfItsConstantNames() {
      assertThat(property(Finding.class, "severity"))
          .isEqualTo(json("{\"type\":\"string\",\"enum\":[\"LOW\",\"HIGH\"]}"));
    }

    @Test
    void schemaOf_givesTimesAndIdsAStringFormat() {
      assertThat(property(Times.class, "at"))
          .isEqualTo(json("{\"type\":\"string\",\"format\":\"date-time\"}"));
      assertThat(property(Times.class, "offset"))
          .isEqualTo(json("{\"type\":\"string\",\"format\":\"date-time\"}"));
      assertThat(property(Times.class, "zoned"))
          .isEqualTo(json("{\"type\":\"string\",\"format\":\"date-time\"}"));
      assertThat(property(Times.class, "day"))
          .isEqualTo(json("{\"type\":\"string\",\"format\":\"date\"}"));
      assertThat(property(Times.class, "took"))
          .isEqualTo(json("{\"type\":\"string\",\"format\":\"duration\"}"));
      assertThat(property(Times.class, "id"))
          .isEqualTo(json("{\"type\":\"string\",\"format\":\"uuid\"}"));
      assertThat(property(Times.class, "link"))
          .isEqualTo(json("{\"type\":\"string\",\"format\":\"uri\"}"));
    }
  }

  @Nested
  class Containers {

    @Test
    void schemaOf_describesAListAsAnArrayOfItsElements() {
      assertThat(property(Bag.class, "tags"))
          .isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));
    }

    @Test
    void schemaOf_describesASetAsAnArrayOfUniqueItems() {
      assertThat(property(Bag.class, "ids"))
          .isEqualTo(
              json("{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"uniqueItems\":true}"));
      assertThat(property(Bag.class, "sorted").get("uniqueItems").asBoolean()).isTrue();
    }

    @Test
    void schemaOf_describesAMapAsAnObjectWithTypedAdditionalProperties() {
      assertThat(property(Bag.class, "scores"))
          .isEqualTo(json("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"number\"}}"));
    }

    @Test
    void schemaOf_describesJavaArraysAsArrays() {
      assertThat(property(Bag.class, "names"))
          .isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));
      assertThat(property(Bag.class, "counts"))
          .isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}"));
    }

    @Test
    void schemaOf_describesNestedCollections() {
      assertThat(property(Bag.class, "grid"))
          .isEqualTo(
              json(
                  "{\"type\":\"array\",\"items\":"
                      + "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}"));
    }
  }

  @Nested
  class NestedRecords {

    static final String STEP =
        "{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"}},"
            + "\"required\":[\"title\"],\"additionalProperties\":false}";

    @Test
    void schemaOf_inlinesANestedRecordAsAClosedObject() {
      assertThat(property(Plan.class, "first")).isEqualTo(json(STEP));
    }

    @Test
    void schemaOf_inlinesRecordsInsideListsAndMaps() {
      assertThat(property(Plan.class, "steps"))
          .isEqualTo(json("{\"type\":\"array\",\"items\":" + STEP + "}"));
      assertThat(property(Plan.class, "byName"))
          .isEqualTo(json("{\"type\":\"object\",\"additionalProperties\":" + STEP + "}"));
    }

    @Test
    void schemaOf_allowsTheSameRecordSeveralTimesWithoutRecursion() {
      assertThat(property(Twice.class, "a")).isEqualTo(json(STEP));
      assertThat(property(Twice.class, "b")).isEqualTo(json(STEP));
      assertThat(property(Twice.class, "more").get("items")).isEqualTo(json(STEP));
    }

    @Test
    void schemaOf_givesANestedRecordNoTitle() {
      assertThat(property(Plan.class, "first").has("title")).isFalse();
    }
  }

  @Nested
  class Nullability {

    @Test
    void schemaOf_makesAnOptionalNullable() {
      assertThat(property(Optionals.class, "nickname"))
          .isEqualTo(json("{\"type\":[\"string\",\"null\"]}"));
    }

    @Test
    void schemaOf_makesANullableComponentNullable() {
      assertThat(property(Optionals.class, "age"))
          .isEqualTo(json("{\"type\":[\"integer\",\"null\"]}"));
    }

    @Test
    void schemaOf_addsNullToTheValuesOfANullableEnum() {
      JsonNode expected = json("{\"type\":[\"string\",\"null\"],\"enum\":[\"LOW\",\"HIGH\",null]}");

      assertThat(property(Optionals.class, "severity")).isEqualTo(expected);
      assertThat(property(Optionals.class, "other")).isEqualTo(expected);
    }

    @Test
    void schemaOf_makesANullableNestedRecordANullableObject() {
      assertThat(property(Optionals.class, "step").get("type"))
          .isEqualTo(json("[\"object\",\"null\"]"));
      assertThat(property(Optionals.class, "anotherStep").get("type"))
          .isEqualTo(json("[\"object\",\"null\"]"));
    }

    @Test
    void schemaOf_makesAnOptionalListANullableArray() {
      assertThat(property(Optionals.class, "tags"))
          .isEqualTo(json("{\"type\":[\"array\",\"null\"],\"items\":{\"type\":\"string\"}}"));
    }

    @Test
    void schemaOf_makesNullableElementsNullableInsideANonNullableList() {
      assertThat(property(Optionals.class, "gaps"))
          .isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":[\"string\",\"null\"]}}"));
    }

    @Test
    void schemaOf_addsNullOnlyOnceWhenAComponentIsNullableTwice() {
      assertThat(property(Optionals.class, "doubly"))
          .isEqualTo(json("{\"type\":[\"string\",\"null\"]}"));
    }

    @Test
    void schemaOf_leavesPlainComponentsNonNullable() {
      assertThat(property(Flags.class, "boxed").get("type").isTextual()).isTrue();
      assertThat(property(Texts.class, "text").get("type").isTextual()).isTrue();
    }
  }

  @Nested
  class ObjectShape {

    @Test
    void schemaOf_requiresEveryComponentInDeclarationOrder() {
      JsonNode schema = schema(Optionals.class);

      assertThat(names(schema.get("required")))
          .containsExactly(
              "nickname",
              "age",
              "severity",
              "other",
              "step",
              "anotherStep",
              "tags",
              "gaps",
              "doubly");
      List<String> properties = new ArrayList<>();
      schema.get("properties").fieldNames().forEachRemaining(properties::add);
      assertThat(properties).isEqualTo(names(schema.get("required")));
    }

    @Test
    void schemaOf_forbidsAdditionalPropertiesAtEveryLevel() {
      JsonNode schema = schema(Plan.class);

      assertThat(schema.get("type").asText()).isEqualTo("object");
      assertThat(schema.get("additionalProperties")).isEqualTo(json("false"));
      assertThat(schema.at("/properties/first/additionalProperties")).isEqualTo(json("false"));
      assertThat(schema.at("/properties/steps/items/additionalProperties"))
          .isEqualTo(json("false"));
    }

    @Test
    void schemaOf_titlesTheRootAfterTheRecord() {
      assertThat(schema(Plan.class).get("title").asText()).isEqualTo("Plan");
    }

    @Test
    void schemaOf_describesARecordWithoutComponents() {
      assertThat(schema(Empty.class))
          .isEqualTo(
              json(
                  "{\"type\":\"object\",\"title\":\"Empty\",\"properties\":{},\"required\":[],"
                      + "\"additionalProperties\":false}"));
    }
  }

  @Nested
  class Descriptions {

    @Test
    void schemaOf_describesTheRecordFromItsAnnotation() {
      assertThat(schema(Described.class).get("description").asText())
          .isEqualTo("A plan of work for one engineer");
    }

    @Test
    void schemaOf_describesEachAnnotatedComponent() {
      assertThat(property(Described.class, "goal"))
          .isEqualTo(json("{\"type\":\"string\",\"description\":\"what the work achieves\"}"));
      assertThat(property(Described.class, "severity").get("description").asText())
          .isEqualTo("how urgent it is");
      assertThat(property(Described.class, "parts").get("description").asText())
          .isEqualTo("the parts, in order");
    }

    @Test
    void schemaOf_describesAnOptionalComponentAndKeepsItNullable() {
      assertThat(property(Described.class, "due"))
          .isEqualTo(
              json(
                  "{\"type\":[\"string\",\"null\"],\"format\":\"date\","
                      + "\"description\":\"when it is due, if known\"}"));
    }

    @Test
    void schemaOf_describesANestedRecordComponentFromTheComponent() {
      assertThat(property(Described.class, "first").get("description").asText())
          .isEqualTo("the first step");
    }

    @Test
    void schemaOf_describesANestedRecordFromItsOwnAnnotation() {
      assertThat(property(UsesDescribedStep.class, "step").get("description").asText())
          .isEqualTo("one unit of work");
    }

    @Test
    void schemaOf_leavesUnannotatedComponentsUndescribed() {
      assertThat(property(Plan.class, "goal").has("description")).isFalse();
    }
  }

  @Nested
  class Rejections {

    @Test
    void schemaOf_rejectsARecursiveRecordNamingTheComponent() {
      assertThatThrownBy(() -> RecordSchemas.schemaOf(TreeNode.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'children'")
          .hasMessageContaining("recursive")
          .hasMessageContaining(TreeNode.class.getName());
    }

    @Test
    void schemaOf_rejectsARecordRecursiveThroughAnOptional() {
      assertThatThrownBy(() -> RecordSchemas.schemaOf(SelfOptional.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'next'")
          .hasMessageContaining("recursive");
    }

    @Test
    void schemaOf_rejectsMutuallyRecursiveRecords() {
      assertThatThrownBy(() -> RecordSchemas.schemaOf(Ping.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'pong'")
          .hasMessageContaining("'ping'")
          .hasMessageContaining("recursive");
    }

    @Test
    void schemaOf_rejectsAnObjectComponentNamingIt() {
      assertThatThrownBy(() -> RecordSchemas.schemaOf(Untyped.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'anything'")
          .hasMessageContaining("java.lang.Object")
          .hasMessageNotContaining("'fine'");
    }

    @Test
    void schemaOf_rejectsAMapWithNonStringKeysNamingTheComponent() {
      assertThatThrownBy(() -> RecordSchemas.schemaOf(IntKeys.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'byId'")
          .hasMessageContaining("map keys must be String")
          .hasMessageContaining("java.lang.Integer");
    }

    @Test
    void schemaOf_rejectsATypeVariable() {
      assertThatThrownBy(() -> RecordSchemas.schemaOf(Box.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'value'");
    }

    @Test
    void schemaOf_rejectsAWildcard() {
      assertThatThrownBy(() -> RecordSchemas.schemaOf(Wildcard.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'values'");
    }

    @Test
    void schemaOf_rejectsARawCollection() {
      assertThatThrownBy(() -> RecordSchemas.schemaOf(RawList.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'items'")
          .hasMessageContaining("needs a type argument");
    }

    @Test
    void schemaOf_namesThePathToABadComponentOfANestedRecord() {
      assertThatThrownBy(() -> RecordSchemas.schemaOf(Holder.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'inner'")
          .hasMessageContaining("'anything'");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void schemaOf_rejectsAClassThatIsNotARecord() {
      Class notARecord = String.class;

      assertThatThrownBy(() -> RecordSchemas.schemaOf(notARecord))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("java.lang.String")
          .hasMessageContaining("not a record");
    }

    @Test
    void schemaOf_keepsRejectingOnEveryCall() {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> RecordSchemas.schemaOf(Untyped.class))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Nested
  class Caching {

    @Test
    void schemaOf_returnsTheSameTextForRepeatedCalls() {
      String first = RecordSchemas.schemaOf(Plan.class);

      assertThat(RecordSchemas.schemaOf(Plan.class)).isSameAs(first);
    }

    @Test
    void schemaOf_returnsCompactJson() {
      String schema = RecordSchemas.schemaOf(Plan.class);

      assertThat(schema).doesNotContain("\n").doesNotContain(": ");
      assertThat(json(schema).toString()).isEqualTo(schema);
    }
  }

  @Nested
  class SelfConsistency {

    @Test
    void schemaOf_producesASchemaThatAcceptsAMatchingValue() {
      JsonNode value =
          json(
              "{\"goal\":\"g\",\"first\":{\"title\":\"a\"},\"steps\":[{\"title\":\"b\"}],"
                  + "\"byName\":{\"c\":{\"title\":\"c\"}}}");

      assertThat(JsonSchemaCheck.check(schema(Plan.class), value, true)).isEmpty();
    }

    @Test
    void schemaOf_producesASchemaThatRejectsAMissingComponent() {
      JsonNode value = json("{\"goal\":\"g\",\"first\":{},\"steps\":[],\"byName\":{}}");

      assertThat(JsonSchemaCheck.check(schema(Plan.class), value, true))
          .containsExactly("$.first.title: required property is missing");
    }
  }
}
