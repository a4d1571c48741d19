package dev.agentops.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonSchemaCheckTest {

  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("bad test JSON: " + text, e);
    }
  }

  static List<String> check(String schema, String value) {
    return JsonSchemaCheck.check(json(schema), json(value), true);
  }

  @Nested
  class Types {

    @ParameterizedTest(name = "{0} accepts {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "string  | \"text\"",
          "string  | \"\"",
          "integer | 7",
          "integer | -7",
          "integer | 2.0",
          "integer | 1e2",
          "integer | 12345678901234567890123",
          "number  | 7",
          "number  | 2.5",
          "number  | -1e-3",
          "boolean | true",
          "boolean | false",
          "object  | {}",
          "array   | []",
          "null    | null"
        })
    void check_acceptsAValueOfTheNamedType(String type, String value) {
      assertThat(check("{\"type\": \"" + type + "\"}", value)).isEmpty();
    }

    @ParameterizedTest(name = "{0} rejects {1} as {2}")
    @CsvSource(
        delimiter = '|',
        value = {
          "string  | 7         | integer",
          "string  | null      | null",
          "integer | 2.5       | number",
          "integer | \"7\"     | string",
          "number  | \"7.5\"   | string",
          "number  | true      | boolean",
          "boolean | \"true\"  | string",
          "boolean | 0         | integer",
          "object  | []        | array",
          "object  | \"{}\"    | string",
          "array   | {}        | object",
          "null    | 0         | integer"
        })
    void check_rejectsAValueOfAnotherType(String type, String value, String seen) {
      assertThat(check("{\"type\": \"" + type + "\"}", value))
          .containsExactly("$: expected " + type + " but was " + seen);
    }

    @Test
    void check_countsAWholeDecimalAsAnInteger() {
      assertThat(check("{\"type\": \"integer\"}", "2.0")).isEmpty();
      assertThat(check("{\"type\": \"integer\"}", "-40.000")).isEmpty();
    }

    @Test
    void check_acceptsNullWhenTheTypeArrayAllowsIt() {
      String schema = "{\"type\": [\"string\", \"null\"]}";

      assertThat(check(schema, "null")).isEmpty();
      assertThat(check(schema, "\"text\"")).isEmpty();
    }

    @Test
    void check_namesEveryAllowedTypeWhenATypeArrayRejects() {
      assertThat(check("{\"type\": [\"string\", \"null\"]}", "3"))
          .containsExactly("$: expected string or null but was integer");
    }

    @Test
    void check_rejectsNullWhenTheTypeIsNotNullable() {
      assertThat(check("{\"type\": \"integer\"}", "null"))
          .containsExactly("$: expected integer but was null");
    }

    @Test
    void check_acceptsAnythingWithoutAType() {
      assertThat(check("{}", "[1, \"a\", null]")).isEmpty();
      assertThat(check("{\"description\": \"anything\"}", "null")).isEmpty();
    }

    @Test
    void check_acceptsAnythingForAnUnknownTypeName() {
      assertThat(check("{\"type\": \"decimal\"}", "\"x\"")).isEmpty();
    }

    @Test
    void check_doesNotDescendIntoAValueOfTheWrongType() {
      String schema =
          "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}},"
              + " \"required\": [\"a\"]}";

      assertThat(check(schema, "[{\"a\": 1}]")).containsExactly("$: expected object but was array");
    }

    @Test
    void check_handlesANumberTooLargeForADouble() {
      assertThat(check("{\"type\": \"number\"}", "1e400")).isEmpty();
      assertThat(check("{\"type\": \"number\", \"maximum\": 10}", "1e400"))
          .singleElement(STRING)
          .startsWith("$: must be <= 10 but was ");
      assertThat(check("{\"type\": \"number\", \"minimum\": 10}", "-1e400"))
          .singleElement(STRING)
          .startsWith("$: must be >= 10 but was ");
    }
  }

  @Nested
  class Enums {

    static final String SEVERITY = "{\"type\": \"string\", \"enum\": [\"LOW\", \"HIGH\"]}";

    @Test
    void check_acceptsAnAllowedValue() {
      assertThat(check(SEVERITY, "\"HIGH\"")).isEmpty();
    }

    @Test
    void check_rejectsAValueNotListed() {
      assertThat(check(SEVERITY, "\"MEDIUM\""))
          .containsExactly("$: must be one of [\"LOW\",\"HIGH\"] but was \"MEDIUM\"");
    }

    @Test
    void check_comparesCaseSensitively() {
      assertThat(check(SEVERITY, "\"high\"")).hasSize(1);
    }

    @Test
    void check_acceptsNullWhenTheEnumListsIt() {
      String schema = "{\"type\": [\"string\", \"null\"], \"enum\": [\"LOW\", \"HIGH\", null]}";

      assertThat(check(schema, "null")).isEmpty();
      assertThat(check(schema, "\"LOW\"")).isEmpty();
    }

    @Test
    void check_comparesNumbersByValue() {
      String schema = "{\"enum\": [1, 2.5]}";

      assertThat(check(schema, "1.0")).isEmpty();
      assertThat(check(schema, "2.50")).isEmpty();
      assertThat(check(schema, "3")).hasSize(1);
    }

    @Test
    void check_abbreviatesALongRejectedValue() {
      String longValue = "x".repeat(200);

      List<String> problems = check(SEVERITY, "\"" + longValue + "\"");

      assertThat(problems).singleElement().asString().doesNotContain(longValue).endsWith("...");
      assertThat(problems.get(0).length()).isLessThan(100);
    }
  }

  @Nested
  class ObjectValues {

    static final String PERSON =
        "{\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}, \"age\":"
            + " {\"type\": \"integer\"}}, \"required\": [\"name\", \"age\"],"
            + " \"additionalProperties\": false}";

    @Test
    void check_acceptsAnObjectWithEveryRequiredProperty() {
      assertThat(check(PERSON, "{\"name\": \"Ada\", \"age\": 36}")).isEmpty();
    }

    @Test
    void check_namesAMissingRequiredPropertyByItsPath() {
      assertThat(check(PERSON, "{\"name\": \"Ada\"}"))
          .containsExactly("$.age: required property is missing");
    }

    @Test
    void check_reportsEveryMissingRequiredProperty() {
      assertThat(check(PERSON, "{}"))
          .containsExactly(
              "$.name: required property is missing", "$.age: required property is missing");
    }

    @Test
    void check_treatsAnExplicitNullAsPresentButOfTheWrongType() {
      assertThat(check(PERSON, "{\"name\": \"Ada\", \"age\": null}"))
          .containsExactly("$.age: expected integer but was null");
    }

    @Test
    void check_checksEachPropertyAgainstItsSchema() {
      assertThat(check(PERSON, "{\"name\": 1, \"age\": \"old\"}"))
          .containsExactly(
              "$.name: expected string but was integer", "$.age: expected integer but was string");
    }

    @Test
    void check_reportsAForbiddenAdditionalProperty() {
      assertThat(check(PERSON, "{\"name\": \"Ada\", \"age\": 36, \"email\": \"a@b\"}"))
          .containsExactly("$.email: property is not allowed by the schema");
    }

    @Test
    void check_ignoresAForbiddenAdditionalPropertyWhenAskedTo() {
      assertThat(
              JsonSchemaCheck.check(
                  json(PERSON),
                  json("{\"name\": \"Ada\", \"age\": 36, \"email\": \"a@b\"}"),
                  false))
          .isEmpty();
    }

    @Test
    void check_allowsAdditionalPropertiesWhenTheSchemaSaysNothing() {
      String schema = "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}";

      assertThat(check(schema, "{\"a\": \"x\", \"b\": 2}")).isEmpty();
    }

    @Test
    void check_allowsAdditionalPropertiesWhenTheSchemaSaysTrue() {
      String schema = "{\"type\": \"object\", \"additionalProperties\": true}";

      assertThat(check(schema, "{\"b\": 2}")).isEmpty();
    }

    @Test
    void check_checksAdditionalPropertiesAgainstTheirSchema() {
      String scores = "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"number\"}}";

      assertThat(check(scores, "{\"alice\": 1.5, \"bob\": \"high\"}"))
          .containsExactly("$.bob: expected number but was string");
    }

    @Test
    void check_acceptsAMissingOptionalProperty() {
      String schema =
          "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}},"
              + " \"required\": []}";

      assertThat(check(schema, "{}")).isEmpty();
    }
  }

  @Nested
  class ArrayValues {

    @Test
    void check_checksEveryItemWithItsIndex() {
      String schema = "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}";

      assertThat(check(schema, "[\"a\", 2, \"c\", false]"))
          .containsExactly(
              "$[1]: expected string but was integer", "$[3]: expected string but was boolean");
    }

    @Test
    void check_acceptsAnArrayWithinItsItemCounts() {
      String schema = "{\"type\": \"array\", \"minItems\": 1, \"maxItems\": 2}";

      assertThat(check(schema, "[1]")).isEmpty();
      assertThat(check(schema, "[1, 2]")).isEmpty();
    }

    @Test
    void check_rejectsTooFewItems() {
      assertThat(check("{\"type\": \"array\", \"minItems\": 2}", "[1]"))
          .containsExactly("$: must have at least 2 items but had 1");
    }

    @Test
    void check_rejectsTooManyItems() {
      assertThat(check("{\"type\": \"array\", \"maxItems\": 2}", "[1, 2, 3]"))
          .containsExactly("$: must have at most 2 items but had 3");
    }

    @Test
    void check_rejectsARepeatedItemWhenItemsMustBeUnique() {
      String schema = "{\"type\": \"array\", \"uniqueItems\": true}";

      assertThat(check(schema, "[\"a\", \"b\", \"a\", {\"x\": 1}, {\"x\": 1}]"))
          .containsExactly(
              "$[2]: repeats an earlier item, but items must be unique",
              "$[4]: repeats an earlier item, but items must be unique");
      assertThat(check(schema, "[\"a\", \"b\"]")).isEmpty();
    }

    @Test
    void check_acceptsAnyItemsWithoutAnItemsSchema() {
      assertThat(check("{\"type\": \"array\"}", "[1, \"a\", {}]")).isEmpty();
    }
  }

  @Nested
  class StringValues {

    @Test
    void check_rejectsAStringThatDoesNotMatchThePattern() {
      String schema = "{\"type\": \"string\", \"pattern\": \"^[A-Z]{2}-\\\\d+$\"}";

      assertThat(check(schema, "\"AB-12\"")).isEmpty();
      assertThat(check(schema, "\"ab-12\""))
          .containsExactly("$: must match the pattern ^[A-Z]{2}-\\d+$");
    }

    @Test
    void check_doesNotEnforceAPatternJavaCannotCompile() {
      assertThat(check("{\"type\": \"string\", \"pattern\": \"(\"}", "\"x\"")).isEmpty();
    }

    @Test
    void check_acceptsAStringWithinItsLengths() {
      assertThat(check("{\"type\": \"string\", \"minLength\": 2, \"maxLength\": 3}", "\"abc\""))
          .isEmpty();
    }

    @Test
    void check_rejectsAStringTooShort() {
      assertThat(check("{\"type\": \"string\", \"minLength\": 2}", "\"a\""))
          .containsExactly("$: must have at least 2 characters but had 1");
    }

    @Test
    void check_rejectsAStringTooLong() {
      assertThat(check("{\"type\": \"string\", \"maxLength\": 3}", "\"abcd\""))
          .containsExactly("$: must have at most 3 characters but had 4");
    }

    @Test
    void check_countsCharactersOutsideTheBasicPlaneOnce() {
      String twoEmoji = "\"\uD83D\uDE80\uD83D\uDE80\"";

      assertThat(check("{\"type\": \"string\", \"maxLength\": 2}", twoEmoji)).isEmpty();
      assertThat(check("{\"type\": \"string\", \"minLength\": 3}", twoEmoji))
          .containsExactly("$: must have at least 3 characters but had 2");
    }
  }

  @Nested
  class NumberValues {

    static final String PERCENT = "{\"type\": \"number\", \"minimum\": 0, \"maximum\": 100}";

    @Test
    void check_acceptsTheBoundsThemselves() {
      assertThat(check(PERCENT, "0")).isEmpty();
      assertThat(check(PERCENT, "100")).isEmpty();
      assertThat(check(PERCENT, "99.99")).isEmpty();
    }

    @Test
    void check_rejectsANumberBelowTheMinimum() {
      assertThat(check(PERCENT, "-0.5")).containsExactly("$: must be >= 0 but was -0.5");
    }

    @Test
    void check_rejectsANumberAboveTheMaximum() {
      assertThat(check(PERCENT, "101")).containsExactly("$: must be <= 100 but was 101");
    }

    @Test
    void check_comparesDecimalBoundsExactly() {
      assertThat(check("{\"type\": \"number\", \"maximum\": 0.3}", "0.30000000000000004"))
          .hasSize(1);
    }
  }

  @Nested
  class Paths {

    static final String PLAN =
        "{\"type\": \"object\", \"properties\": {"
            + "\"steps\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
            + " \"properties\": {\"title\": {\"type\": \"string\"},"
            + " \"tags\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}},"
            + " \"required\": [\"title\"]}}},"
            + " \"required\": [\"steps\"]}";

    @Test
    void check_namesAPropertyInsideAnArrayItem() {
      String value = "{\"steps\": [{\"title\": \"a\"}, {\"title\": \"b\"}, {\"title\": 3}]}";

      assertThat(check(PLAN, value))
          .containsExactly("$.steps[2].title: expected string but was integer");
    }

    @Test
    void check_namesAMissingPropertyInsideAnArrayItem() {
      assertThat(check(PLAN, "{\"steps\": [{\"title\": \"a\"}, {}]}"))
          .containsExactly("$.steps[1].title: required property is missing");
    }

    @Test
    void check_namesAnItemOfANestedArray() {
      assertThat(check(PLAN, "{\"steps\": [{\"title\": \"a\", \"tags\": [\"x\", null]}]}"))
          .containsExactly("$.steps[0].tags[1]: expected string but was null");
    }
  }

  @Nested
  class Cap {

    @Test
    void check_reportsAtMostTwentyMissingProperties() {
      String required =
          IntStream.range(0, 30).mapToObj(i -> "\"p" + i + "\"").collect(Collectors.joining(","));
      String schema = "{\"type\": \"object\", \"required\": [" + required + "]}";

      List<String> problems = check(schema, "{}");

      assertThat(problems).hasSize(20);
      assertThat(problems.get(0)).isEqualTo("$.p0: required property is missing");
      assertThat(problems.get(19)).isEqualTo("$.p19: required property is missing");
    }

    @Test
    void check_reportsAtMostTwentyBadItems() {
      String items =
          IntStream.range(0, 50).mapToObj(Integer::toString).collect(Collectors.joining(","));

      List<String> problems =
          check("{\"type\": \"array\", \"items\": {\"type\": \"string\"}}", "[" + items + "]");

      assertThat(problems).hasSize(20).last().isEqualTo("$[19]: expected string but was integer");
    }

    @Test
    void check_reportsAtMostTwentyProblemsAcrossNestedValues() {
      String schema =
          "{\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {"
              + "\"a\": {\"type\": \"string\"}, \"b\": {\"type\": \"string\"},"
              + " \"c\": {\"type\": \"string\"}}}}";
      String item = "{\"a\": 1, \"b\": 2, \"c\": 3}";
      String value = "[" + String.join(",", Collections.nCopies(10, item)) + "]";

      assertThat(check(schema, value)).hasSize(20);
    }
  }

  @Nested
  class IgnoredKeywords {

    @Test
    void check_ignoresKeywordsOutsideTheSubset() {
      String schema = "{\"type\": \"string\", \"format\": \"date-time\", \"const\": \"z\"}";

      assertThat(check(schema, "\"not a date\"")).isEmpty();
    }

    @Test
    void check_ignoresABooleanSubschema() {
      String schema = "{\"type\": \"object\", \"properties\": {\"a\": false}}";

      assertThat(check(schema, "{\"a\": 1}")).isEmpty();
    }
  }
}
