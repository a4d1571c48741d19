package dev.agentops.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ChatRequestTest {

  @Nested
  class Building {

    @Test
    void keepsEverySettingAndDefaultsToText() {
      ChatRequest r =
          ChatRequest.builder()
              .system("sys")
              .user("u1")
              .assistant("a1")
              .temperature(0.7)
              .maxOutputTokens(100)
              .stopSequences(List.of("END"))
              .build();

      assertThat(r.system()).contains("sys");
      assertThat(r.messages()).containsExactly(ChatMessage.user("u1"), ChatMessage.assistant("a1"));
      assertThat(r.temperature()).hasValue(0.7);
      assertThat(r.maxOutputTokens()).hasValue(100);
      assertThat(r.stopSequences()).containsExactly("END");
      assertThat(r.responseFormat()).isEqualTo(ResponseFormat.text());
    }

    @Test
    void toBuilderDerivesAnEqualRequestThatCanDiverge() {
      ChatRequest r = ChatRequest.builder().system("s").user("u").temperature(0).build();

      assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
      ChatRequest longer = r.toBuilder().assistant("a").user("again").build();
      assertThat(longer.messages()).hasSize(3);
      assertThat(r.messages()).hasSize(1);
    }

    @Test
    void settingsCanBeClearedBackToDefaults() {
      ChatRequest r =
          ChatRequest.builder().user("u").temperature(1).maxOutputTokens(5).build().toBuilder()
              .defaultTemperature()
              .defaultMaxOutputTokens()
              .build();

      assertThat(r.temperature()).isEmpty();
      assertThat(r.maxOutputTokens()).isEmpty();
    }

    @Test
    void theMessageListIsImmutable() {
      ChatRequest r = ChatRequest.builder().user("u").build();

      assertThatThrownBy(() -> r.messages().add(ChatMessage.user("x")))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class BadInput {

    @Test
    void aRequestNeedsAMessage() {
      assertThatThrownBy(() -> ChatRequest.builder().system("only system").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("at least one message");
    }

    @Test
    void temperatureOutOfRangeNamesTheValue() {
      assertThatThrownBy(() -> ChatRequest.builder().temperature(2.5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("temperature must be between 0 and 2, but was 2.5");
      assertThatThrownBy(() -> ChatRequest.builder().temperature(Double.NaN))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNonPositiveOutputLimitNamesTheValue() {
      assertThatThrownBy(() -> ChatRequest.builder().maxOutputTokens(-5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxOutputTokens must be > 0, but was -5");
    }

    @Test
    void anEmptyStopSequenceNamesItsIndex() {
      assertThatThrownBy(() -> ChatRequest.builder().stopSequences(List.of("a", "")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("stopSequences[1] must not be empty");
    }

    @Test
    void nullsAreRefusedWithTheArgumentsName() {
      assertThatThrownBy(() -> ChatRequest.builder().user(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("content");
      assertThatThrownBy(() -> ChatRequest.builder().responseFormat(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("responseFormat");
    }
  }

  @Nested
  class NothingLeaksIntoLogs {

    @Test
    void toStringNeverShowsPromptText() {
      ChatRequest r =
          ChatRequest.builder().system("secret system prompt").user("private question").build();

      assertThat(r.toString())
          .doesNotContain("secret system prompt")
          .doesNotContain("private question")
          .contains("messages=1");
      assertThat(ChatMessage.user("private question").toString())
          .isEqualTo("ChatMessage[USER, 16 chars]");
    }

    @Test
    void responsesHideTheirTextToo() {
      ChatResponse r = ChatResponse.builder("private answer").modelId("m").build();

      assertThat(r.toString()).doesNotContain("private answer").contains("14 chars");
    }
  }

  @Nested
  class Responses {

    @Test
    void defaultsAreStopUnknownModelNoUsageZeroLatency() {
      ChatResponse r = ChatResponse.builder("t").build();

      assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(r.modelId()).isEqualTo("unknown");
      assertThat(r.usage()).isEqualTo(TokenUsage.NONE);
      assertThat(r.latency()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aNegativeLatencyIsRefused() {
      assertThatThrownBy(() -> ChatResponse.builder("t").latency(Duration.ofMillis(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("latency must not be negative");
    }
  }

  @Nested
  class Usage {

    @Test
    void addsUpAndTotals() {
      TokenUsage sum = new TokenUsage(100, 10, 40).plus(TokenUsage.of(50, 5));

      assertThat(sum).isEqualTo(new TokenUsage(150, 15, 40));
      assertThat(sum.totalTokens()).isEqualTo(165);
      assertThat(sum.isReported()).isTrue();
      assertThat(TokenUsage.NONE.isReported()).isFalse();
    }

    @Test
    void moreCachedThanPromptTokensIsRefused() {
      assertThatThrownBy(() -> new TokenUsage(10, 0, 11))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("cachedTokens must be between 0 and promptTokens (10), but was 11");
    }

    @Test
    void negativeCountsAreRefused() {
      assertThatThrownBy(() -> TokenUsage.of(-1, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("promptTokens must be >= 0, but was -1");
    }
  }
}
