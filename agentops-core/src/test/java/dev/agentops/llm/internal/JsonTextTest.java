package dev.agentops.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Nested
  class BareJson {

    @Test
    void extract_returnsAnObjectAsItIs() {
      assertThat(JsonText.extract("{\"a\": 1}")).isEqualTo("{\"a\": 1}");
    }

    @Test
    void extract_stripsSurroundingWhitespace() {
      assertThat(JsonText.extract("\n\n  {\"a\": 1}  \n")).isEqualTo("{\"a\": 1}");
    }

    @Test
    void extract_returnsAnArrayAsItIs() {
      assertThat(JsonText.extract("[1, 2, 3]")).isEqualTo("[1, 2, 3]");
    }

    @Test
    void extract_keepsAnArrayOfObjectsWhole() {
      assertThat(JsonText.extract("[{\"a\": 1}, {\"a\": 2}]"))
          .isEqualTo("[{\"a\": 1}, {\"a\": 2}]");
    }

    @Test
    void extract_keepsPrettyPrintedJsonWhoseStringsHoldCodeFences() {
      String json =
          "{\n"
              + "  \"before\": \"```java\\nold();\\n```\",\n"
              + "  \"after\": \"```java\\nnew();\\n```\"\n"
              + "}";

      assertThat(JsonText.extract(json)).isEqualTo(json);
    }

    @Test
    void extract_keepsCompactJsonWhoseStringsHoldCodeFences() {
      String json = "{\"snippet\": \"```sh\\nls\\n```\", \"other\": \"```\"}";

      assertThat(JsonText.extract(json)).isEqualTo(json);
    }
  }

  @Nested
  class Fences {

    @Test
    void extract_returnsTheBodyOfAJsonFence() {
      assertThat(JsonText.extract("```json\n{\"a\": 1}\n```")).isEqualTo("{\"a\": 1}");
    }

    @Test
    void extract_returnsTheBodyOfAFenceWithoutALanguageTag() {
      assertThat(JsonText.extract("```\n{\"a\": 1}\n```")).isEqualTo("{\"a\": 1}");
    }

    @Test
    void extract_returnsTheBodyOfAFenceBetweenProse() {
      String reply =
          "Here is the plan you asked for:\n\n```json\n{\"goal\": \"ship\"}\n```\n\n"
              + "Let me know if you need changes.";

      assertThat(JsonText.extract(reply)).isEqualTo("{\"goal\": \"ship\"}");
    }

    @Test
    void extract_returnsTheBodyOfAFencedArray() {
      assertThat(JsonText.extract("```json\n[\"a\", \"b\"]\n```")).isEqualTo("[\"a\", \"b\"]");
    }

    @Test
    void extract_toleratesWindowsLineEnds() {
      assertThat(JsonText.extract("```json\r\n{\"a\": 1}\r\n```\r\n")).isEqualTo("{\"a\": 1}");
    }

    @Test
    void extract_keepsFencedJsonWhoseStringsHoldCodeFences() {
      String json =
          "{\n"
              + "  \"before\": \"```java\\nold();\\n```\",\n"
              + "  \"after\": \"```java\\nnew();\\n```\"\n"
              + "}";

      assertThat(JsonText.extract("```json\n" + json + "\n```")).isEqualTo(json);
    }

    @Test
    void extract_keepsASingleLineFencedJsonWhoseStringHoldsAFence() {
      String json = "{\"snippet\": \"```sh\\nls\\n```\"}";

      assertThat(JsonText.extract("Result:\n```json\n" + json + "\n```")).isEqualTo(json);
    }

    @Test
    void extract_fallsBackToBracesWhenTheFenceIsNotClosed() {
      assertThat(JsonText.extract("```json\n{\"a\": 1}")).isEqualTo("{\"a\": 1}");
    }

    @Test
    void extract_fallsBackToBracesWhenTheFenceIsOnOneLine() {
      assertThat(JsonText.extract("```json {\"a\": 1} ```")).isEqualTo("{\"a\": 1}");
    }

    @Test
    void extract_returnsTheStartOfACutOffFencedObject() {
      assertThat(JsonText.extract("```json\n{\"a\": [1, 2")).isEqualTo("{\"a\": [1, 2");
    }
  }

  @Nested
  class Prose {

    @Test
    void extract_dropsProseBeforeAnObject() {
      assertThat(JsonText.extract("Sure! Here you go: {\"a\": 1}")).isEqualTo("{\"a\": 1}");
    }

    @Test
    void extract_dropsProseAfterAnObject() {
      assertThat(JsonText.extract("{\"a\": 1}\nHope this helps.")).isEqualTo("{\"a\": 1}");
    }

    @Test
    void extract_dropsProseAroundANestedObject() {
      assertThat(JsonText.extract("Result: {\"a\": {\"b\": [1]}} -- done"))
          .isEqualTo("{\"a\": {\"b\": [1]}}");
    }

    @Test
    void extract_dropsProseAroundAnArray() {
      assertThat(JsonText.extract("The steps are [\"a\", \"b\"] as listed."))
          .isEqualTo("[\"a\", \"b\"]");
    }

    @Test
    void extract_picksAnObjectWhenItOpensBeforeAnArray() {
      assertThat(JsonText.extract("Answer: {\"xs\": [1, 2]}")).isEqualTo("{\"xs\": [1, 2]}");
    }

    @Test
    void extract_returnsFromTheOpenerWhenNothingCloses() {
      assertThat(JsonText.extract("Partial: {\"a\": 1")).isEqualTo("{\"a\": 1");
    }
  }

  @Nested
  class NoJson {

    @Test
    void extract_returnsTheTrimmedReplyWhenItHoldsNoBraces() {
      assertThat(JsonText.extract("  I cannot help with that.  "))
          .isEqualTo("I cannot help with that.");
    }

    @Test
    void extract_returnsAScalarAsItIs() {
      assertThat(JsonText.extract(" 42 ")).isEqualTo("42");
      assertThat(JsonText.extract("\"text\"")).isEqualTo("\"text\"");
    }

    @Test
    void extract_returnsEmptyForABlankReply() {
      assertThat(JsonText.extract(" \n\t ")).isEmpty();
    }
  }
}
