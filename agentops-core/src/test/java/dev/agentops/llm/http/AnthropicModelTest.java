package dev.agentops.llm.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.FinishReason;
import dev.agentops.llm.MalformedResponseException;
import dev.agentops.llm.ModelTimeoutException;
import dev.agentops.llm.ProviderErrorException;
import dev.agentops.llm.ResponseFormat;
import dev.agentops.llm.TokenUsage;
import dev.agentops.llm.loopback.AnthropicProtocol;
import dev.agentops.llm.loopback.LoopbackProvider;
import dev.agentops.llm.loopback.LoopbackProvider.Canned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AnthropicModelTest {

  static final String KEY = "sk-ant-api03-loopback-test-key-0123456789";

  LoopbackProvider provider;
  List<Duration> sleeps;

  @BeforeEach
  void start() {
    provider = LoopbackProvider.start();
    sleeps = Collections.synchronizedList(new ArrayList<>());
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  AnthropicModel.Builder model() {
    return AnthropicModel.builder()
        .baseUrl(provider.baseUrl())
        .model("claude-sonnet-4-6")
        .apiKey(KEY)
        .retries(HttpRetries.builder().sleeper(sleeps::add).build());
  }

  static Canned ok(String text) {
    return Canned.json(
        200,
        AnthropicProtocol.message(
            text, FinishReason.STOP, TokenUsage.of(10, 2), "claude-sonnet-4-6"));
  }

  static ChatRequest ask(String text) {
    return ChatRequest.builder().user(text).build();
  }

  record Finding(String severity, String description) {}

  @Nested
  class WireFormat {

    @Test
    void postsToMessagesWithTheKeyAndVersionHeaders() {
      provider.enqueue(ok("fine"));
      ChatRequest request =
          ChatRequest.builder()
              .system("You are terse.")
              .user("Status?")
              .assistant("Green.")
              .user("Sure?")
              .temperature(0.2)
              .stopSequences(List.of("###"))
              .build();

      model().build().chat(request);

      LoopbackProvider.Recorded r = provider.onlyRequest();
      assertThat(r.path()).isEqualTo("/v1/messages");
      assertThat(r.header("x-api-key")).isEqualTo(KEY);
      assertThat(r.header("anthropic-version")).isEqualTo("2023-06-01");
      assertThat(r.header("authorization")).isNull();
      JsonNode body = r.json();
      assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-6");
      assertThat(body.path("system").asText()).isEqualTo("You are terse.");
      assertThat(body.path("messages").toString())
          .isEqualTo(
              "[{\"role\":\"user\",\"content\":\"Status?\"},"
                  + "{\"role\":\"assistant\",\"content\":\"Green.\"},"
                  + "{\"role\":\"user\",\"content\":\"Sure?\"}]");
      assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
      assertThat(body.path("stop_sequences").toString()).isEqualTo("[\"###\"]");
    }

    @Test
    void alwaysSendsAnOutputLimitBecauseTheApiRequiresOne() {
      provider.enqueue(ok("a")).enqueue(ok("b")).enqueue(ok("c"));

      model().build().chat(ask("x"));
      model().defaultMaxOutputTokens(900).build().chat(ask("x"));
      model().build().chat(ChatRequest.builder().user("x").maxOutputTokens(77).build());

      assertThat(provider.requests())
          .extracting(r -> r.json().path("max_tokens").asInt())
          .containsExactly(4096, 900, 77);
    }

    @Test
    void refusesATemperatureAboveOneBeforeCalling() {
      AnthropicModel model = model().build();
      ChatRequest hot = ChatRequest.builder().user("x").temperature(1.5).build();

      assertThatThrownBy(() -> model.chat(hot))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("temperature")
          .hasMessageContaining("1.5");
      assertThat(provider.requests()).isEmpty();
    }

    @Test
    void joinsTextBlocksAndCountsCacheTokensAsPrompt() {
      String body =
          "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
              + "\"model\":\"claude-sonnet-4-6-20260101\","
              + "\"content\":[{\"type\":\"text\",\"text\":\"Part one. \"},"
              + "{\"type\":\"text\",\"text\":\"Part two.\"}],"
              + "\"stop_reason\":\"max_tokens\",\"stop_sequence\":null,"
              + "\"usage\":{\"input_tokens\":50,\"cache_creation_input_tokens\":200,"
              + "\"cache_read_input_tokens\":1000,\"output_tokens\":64}}";
      provider.enqueue(Canned.json(200, body));

      ChatResponse response = model().build().chat(ask("x"));

      assertThat(response.text()).isEqualTo("Part one. Part two.");
      assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(response.usage()).isEqualTo(new TokenUsage(1250, 64, 1000));
      assertThat(response.modelId()).isEqualTo("claude-sonnet-4-6-20260101");
    }

    @Test
    void mapsStopSequenceAndRefusal() {
      provider
          .enqueue(
              Canned.json(
                  200,
                  AnthropicProtocol.message(
                      "a", FinishReason.STOP_SEQUENCE, TokenUsage.of(1, 1), "claude-sonnet-4-6")))
          .enqueue(
              Canned.json(
                  200,
                  AnthropicProtocol.message(
                      "", FinishReason.CONTENT_FILTER, TokenUsage.of(1, 0), "claude-sonnet-4-6")));
      AnthropicModel model = model().build();

      assertThat(model.chat(ask("x")).finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
      assertThat(model.chat(ask("x")).finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    }
  }

  @Nested
  class JsonMode {

    @Test
    void sendsTheSchemaAsOutputConfigForModelsThatEnforceIt() {
      provider.enqueue(ok("{\"severity\":\"high\",\"description\":\"x\"}"));
      ResponseFormat format = ResponseFormat.jsonSchema(Finding.class);

      model().build().chat(ChatRequest.builder().user("x").responseFormat(format).build());

      JsonNode body = provider.onlyRequest().json();
      JsonNode fmt = body.path("output_config").path("format");
      assertThat(fmt.path("type").asText()).isEqualTo("json_schema");
      assertThat(fmt.path("schema").toString()).isEqualTo(format.schema().orElseThrow());
      assertThat(body.has("system")).isFalse();
    }

    @Test
    void statesTheSchemaInTheSystemTextForOlderModels() {
      provider.enqueue(ok("{}"));
      ResponseFormat format = ResponseFormat.jsonSchema(Finding.class);

      model()
          .model("claude-3-5-haiku-20241022")
          .build()
          .chat(ChatRequest.builder().system("Review.").user("x").responseFormat(format).build());

      JsonNode body = provider.onlyRequest().json();
      assertThat(body.has("output_config")).isFalse();
      assertThat(body.path("system").asText())
          .startsWith("Review.")
          .contains(format.schema().orElseThrow());
    }

    @Test
    void keepsASchemaItsStrictModeCannotTakeInTheSystemText() {
      provider.enqueue(ok("{}"));
      String loose = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}";

      model()
          .build()
          .chat(
              ChatRequest.builder()
                  .user("x")
                  .responseFormat(ResponseFormat.jsonSchema("Loose", loose))
                  .build());

      JsonNode body = provider.onlyRequest().json();
      assertThat(body.has("output_config")).isFalse();
      assertThat(body.path("system").asText()).contains(loose);
    }

    @Test
    void sendsNativeSchemasWithoutTheConstraintsStrictModeRejects() {
      provider.enqueue(ok("{\"tags\":[\"a\"]}"));
      String schema =
          "{\"type\":\"object\",\"properties\":{\"tags\":{\"type\":\"array\","
              + "\"items\":{\"type\":\"string\",\"maxLength\":10},\"uniqueItems\":true,"
              + "\"minItems\":1}},\"required\":[\"tags\"],\"additionalProperties\":false}";

      model()
          .build()
          .chat(
              ChatRequest.builder()
                  .user("x")
                  .responseFormat(ResponseFormat.jsonSchema("Tags", schema))
                  .build());

      String sent =
          provider
              .onlyRequest()
              .json()
              .path("output_config")
              .path("format")
              .path("schema")
              .toString();
      assertThat(sent)
          .isEqualTo(
              "{\"type\":\"object\",\"properties\":{\"tags\":{\"type\":\"array\","
                  + "\"items\":{\"type\":\"string\"}}},\"required\":[\"tags\"],"
                  + "\"additionalProperties\":false}");
    }

    @Test
    void asksForPlainJsonInWordsBecauseThereIsNoSchemalessMode() {
      provider.enqueue(ok("{}"));

      model()
          .build()
          .chat(ChatRequest.builder().user("x").responseFormat(ResponseFormat.json()).build());

      JsonNode body = provider.onlyRequest().json();
      assertThat(body.has("output_config")).isFalse();
      assertThat(body.path("system").asText()).contains("JSON");
    }
  }

  @Nested
  class Failures {

    @Test
    void overloadedIsRetried() {
      provider
          .enqueue(Canned.json(529, AnthropicProtocol.error("overloaded_error", "Overloaded")))
          .enqueue(ok("fine"));

      assertThat(model().build().chat(ask("x")).text()).isEqualTo("fine");
      assertThat(provider.requests()).hasSize(2);
      assertThat(sleeps).hasSize(1);
    }

    @Test
    void aServerErrorIsRetried() {
      provider
          .enqueue(Canned.json(500, AnthropicProtocol.error("api_error", "Internal error")))
          .enqueue(ok("recovered"));

      assertThat(model().build().chat(ask("x")).text()).isEqualTo("recovered");
      assertThat(provider.requests()).hasSize(2);
    }

    @Test
    void aBodyCutShortByTheConnectionIsRetried() {
      provider.enqueue(ok("never whole").declareLength(50_000)).enqueue(ok("whole"));

      assertThat(model().build().chat(ask("x")).text()).isEqualTo("whole");
      assertThat(provider.requests()).hasSize(2);
    }

    @Test
    void aRateLimitWaitsForRetryAfter() {
      provider
          .enqueue(
              Canned.json(429, AnthropicProtocol.error("rate_limit_error", "Too many requests."))
                  .header("retry-after", "3"))
          .enqueue(ok("fine"));

      model().build().chat(ask("x"));

      assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void anAuthenticationErrorCarriesTheProvidersTypeAndNoKey() {
      provider.enqueue(
          Canned.json(401, AnthropicProtocol.error("authentication_error", "invalid x-api-key")));

      assertThatThrownBy(() -> model().build().chat(ask("x")))
          .isInstanceOfSatisfying(
              ProviderErrorException.class,
              e -> {
                assertThat(e.provider()).isEqualTo("anthropic");
                assertThat(e.statusCode()).isEqualTo(401);
                assertThat(e.errorType()).contains("authentication_error");
                assertThat(e.providerMessage()).isEqualTo("invalid x-api-key");
                assertThat(e.getMessage()).doesNotContain(KEY);
              });
      assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void aBadRequestIsNotRetried() {
      provider.enqueue(
          Canned.json(
              400, AnthropicProtocol.error("invalid_request_error", "max_tokens: too large")));

      assertThatThrownBy(() -> model().build().chat(ask("x")))
          .isInstanceOf(ProviderErrorException.class)
          .hasMessageContaining("invalid_request_error")
          .hasMessageContaining("max_tokens: too large");
      assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void aBodyWithoutContentIsAClearError() {
      provider.enqueue(Canned.json(200, "{\"type\":\"message\",\"stop_reason\":\"end_turn\"}"));

      assertThatThrownBy(() -> model().build().chat(ask("x")))
          .isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("'content'");
    }

    @Test
    void malformedJsonIsAClearError() {
      provider.enqueue(Canned.json(200, "{\"type\":\"message\",\"content\":[{\"type\":\"te"));

      assertThatThrownBy(() -> model().build().chat(ask("x")))
          .isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("not valid JSON");
    }

    @Test
    void aSlowReplyTimesOut() {
      CountDownLatch release = new CountDownLatch(1);
      provider.enqueue(ok("late").holdUntil(release));
      try {
        assertThatThrownBy(
                () -> model().requestTimeout(Duration.ofMillis(200)).build().chat(ask("x")))
            .isInstanceOf(ModelTimeoutException.class)
            .hasMessageContaining("anthropic");
      } finally {
        release.countDown();
      }
    }

    @Test
    void aMissingKeyIsRefusedAtBuildTime() {
      assertThatThrownBy(() ->
              AnthropicModel.builder().model("claude-haiku-4-5").environment(n -> null).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("ANTHROPIC_API_KEY");
    }

    @Test
    void theKeyNeverAppearsInToString() {
      assertThat(model().build().toString()).doesNotContain(KEY).contains("claude-sonnet-4-6");
    }
  }

  @Nested
  class Streaming {

    @Test
    void deliversTextDeltasAndTheFinalUsage() {
      provider.enqueue(
          Canned.sse(
              AnthropicProtocol.stream(
                  List.of("Lock ", "progress ", "forward."),
                  FinishReason.STOP,
                  new TokenUsage(900, 12, 800),
                  "claude-sonnet-4-6")));
      List<String> pieces = new ArrayList<>();

      ChatResponse response = model().build().stream(ask("x"), pieces::add);

      assertThat(pieces).containsExactly("Lock ", "progress ", "forward.");
      assertThat(response.text()).isEqualTo("Lock progress forward.");
      assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(response.usage()).isEqualTo(new TokenUsage(900, 12, 800));
      assertThat(provider.onlyRequest().json().path("stream").asBoolean()).isTrue();
    }

    @Test
    void anErrorEventMidStreamIsAProviderError() {
      List<String> events = new ArrayList<>();
      events.add(
          "event: error\ndata: "
              + AnthropicProtocol.error("overloaded_error", "Overloaded")
              + "\n\n");
      provider.enqueue(Canned.sse(events));

      assertThatThrownBy(() -> model().build().stream(ask("x"), piece -> {}))
          .isInstanceOfSatisfying(
              ProviderErrorException.class,
              e -> assertThat(e.errorType()).contains("overloaded_error"));
    }

    @Test
    void anErrorEventThatEchoesTheKeyIsRedacted() {
      provider.enqueue(
          Canned.sse(
              List.of(
                  "event: error\ndata: "
                      + AnthropicProtocol.error("authentication_error", "bad key " + KEY)
                      + "\n\n")));

      assertThatThrownBy(() -> model().build().stream(ask("x"), piece -> {}))
          .isInstanceOf(ProviderErrorException.class)
          .hasMessageNotContaining(KEY)
          .hasMessageContaining("bad key");
    }

    @Test
    void aStreamWithoutMessageStopIsTruncated() {
      List<String> events =
          new ArrayList<>(
              AnthropicProtocol.stream(
                  List.of("half"), FinishReason.STOP, TokenUsage.of(1, 1), "claude-sonnet-4-6"));
      events.remove(events.size() - 1);
      provider.enqueue(Canned.sse(events));

      assertThatThrownBy(() -> model().build().stream(ask("x"), piece -> {}))
          .isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("message_stop");
    }
  }
}
