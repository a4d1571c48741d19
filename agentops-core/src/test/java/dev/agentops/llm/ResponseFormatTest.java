package dev.agentops.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.llm.internal.RecordSchemas;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ResponseFormatTest {

  record Plan(String goal, List<String> steps) {}

  record AVeryLongRecordNameThatSomeCodeGeneratorsLikeToProduceForTheirStructuredReplies(
      String value) {}

  record Übersicht(String text) {}

  record Untyped(Object anything) {}

  @Nested
  class Kinds {

    @Test
    void text_asksForFreeTextWithoutASchema() {
      assertThat(ResponseFormat.text().kind()).isEqualTo(ResponseFormat.Kind.TEXT);
      assertThat(ResponseFormat.text().schema()).isEmpty();
      assertThat(ResponseFormat.text().schemaName()).isEmpty();
    }

    @Test
    void json_asksForJsonWithoutASchema() {
      assertThat(ResponseFormat.json().kind()).isEqualTo(ResponseFormat.Kind.JSON);
      assertThat(ResponseFormat.json().schema()).isEmpty();
    }
  }

  @Nested
  class FromSchemaText {

    @Test
    void jsonSchema_keepsTheNameAndCompactsTheSchema() {
      ResponseFormat format = ResponseFormat.jsonSchema("person_v2-x", "{ \"type\" : \"object\" }");

      assertThat(format.kind()).isEqualTo(ResponseFormat.Kind.JSON_SCHEMA);
      assertThat(format.schemaName()).contains("person_v2-x");
      assertThat(format.schema()).contains("{\"type\":\"object\"}");
    }

    @Test
    void jsonSchema_rejectsANameWithASpace() {
      assertThatThrownBy(() -> ResponseFormat.jsonSchema("a person", "{}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'a person'");
    }

    @Test
    void jsonSchema_rejectsANameLongerThan64Characters() {
      assertThat(ResponseFormat.jsonSchema("n".repeat(64), "{}").schemaName()).isPresent();
      assertThatThrownBy(() -> ResponseFormat.jsonSchema("n".repeat(65), "{}"))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonSchema_rejectsAnEmptyName() {
      assertThatThrownBy(() -> ResponseFormat.jsonSchema("", "{}"))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonSchema_rejectsASchemaThatIsNotAnObject() {
      assertThatThrownBy(() -> ResponseFormat.jsonSchema("x", "true"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("schemaJson must be a JSON object");
    }

    @Test
    void jsonSchema_rejectsTextThatIsNotJson() {
      assertThatThrownBy(() -> ResponseFormat.jsonSchema("x", "{type: object"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("schemaJson is not valid JSON");
    }
  }

  @Nested
  class FromRecord {

    @Test
    void jsonSchema_namesTheSchemaAfterTheRecord() {
      ResponseFormat format = ResponseFormat.jsonSchema(Plan.class);

      assertThat(format.kind()).isEqualTo(ResponseFormat.Kind.JSON_SCHEMA);
      assertThat(format.schemaName()).contains("Plan");
      assertThat(format.schema()).contains(RecordSchemas.schemaOf(Plan.class));
    }

    @Test
    void jsonSchema_givesALongRecordNameThatProvidersAccept() {
      String name =
          ResponseFormat.jsonSchema(
                  AVeryLongRecordNameThatSomeCodeGeneratorsLikeToProduceForTheirStructuredReplies
                      .class)
              .schemaName()
              .orElseThrow();

      assertThat(name).matches("[A-Za-z0-9_-]{1,64}").startsWith("AVeryLongRecordName");
    }

    @Test
    void jsonSchema_givesANonAsciiRecordNameThatProvidersAccept() {
      String name = ResponseFormat.jsonSchema(Übersicht.class).schemaName().orElseThrow();

      assertThat(name).matches("[A-Za-z0-9_-]{1,64}").endsWith("bersicht");
    }

    @Test
    void jsonSchema_rejectsARecordWithoutASchema() {
      assertThatThrownBy(() -> ResponseFormat.jsonSchema(Untyped.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'anything'");
    }

    @Test
    void jsonSchema_equalsTheSameFormatMadeAgain() {
      assertThat(ResponseFormat.jsonSchema(Plan.class))
          .isEqualTo(ResponseFormat.jsonSchema(Plan.class))
          .hasSameHashCodeAs(ResponseFormat.jsonSchema(Plan.class))
          .isNotEqualTo(ResponseFormat.jsonSchema("Plan", "{}"));
    }
  }

  @Nested
  class Text {

    @Test
    void toString_namesTheKindAndSchemaButNotTheSchemaText() {
      assertThat(ResponseFormat.jsonSchema(Plan.class).toString())
          .isEqualTo("ResponseFormat[JSON_SCHEMA 'Plan']");
      assertThat(ResponseFormat.text().toString()).isEqualTo("ResponseFormat[TEXT]");
    }
  }
}
