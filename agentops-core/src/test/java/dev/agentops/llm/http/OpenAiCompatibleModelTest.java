package dev.agentops.llm.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.FinishReason;
import dev.agentops.llm.MalformedResponseException;
import dev.agentops.llm.ModelTimeoutException;
import dev.agentops.llm.ModelTransportException;
import dev.agentops.llm.ProviderErrorException;
import dev.agentops.llm.ResponseFormat;
import dev.agentops.llm.TokenUsage;
import dev.agentops.llm.loopback.LoopbackProvider;
import dev.agentops.llm.loopback.LoopbackProvider.Canned;
import dev.agentops.llm.loopback.OpenAiProtocol;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleModelTest {

  static final String KEY = "sk-loopback-test-key-0123456789abcdef";

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

  OpenAiCompatibleModel.Builder model() {
    return OpenAiCompatibleModel.builder()
        .baseUrl(provider.baseUrl() + "/v1")
        .model("gpt-4o")
        .apiKey(KEY)
        .retries(HttpRetries.builder().sleeper(sleeps::add).build());
  }

  static Canned ok(String text) {
    return Canned.json(
        200, OpenAiProtocol.completion(text, FinishReason.STOP, TokenUsage.of(10, 2), "gpt-4o"));
  }

  static ChatRequest ask(String text) {
    return ChatRequest.builder().user(text).build();
  }

  record Verdict(String status, int findings) {}

  @Nested
  class WireFormat {

    @Test
    void postsJsonToChatCompletionsWithABearerKey() {
      provider.enqueue(ok("fine"));
      ChatRequest request =
          ChatRequest.builder()
              .system("You are terse.")
              .user("Status?")
              .temperature(0.3)
              .maxOutputTokens(50)
              .stopSequences(List.of("###"))
              .build();

      model().build().chat(request);

      LoopbackProvider.Recorded r = provider.onlyRequest();
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.path()).isEqualTo("/v1/chat/completions");
      assertThat(r.header("authorization")).isEqualTo("Bearer " + KEY);
      assertThat(r.header("content-type")).isEqualTo("application/json");
      JsonNode body = r.json();
      assertThat(body.path("model").asText()).isEqualTo("gpt-4o");
      assertThat(body.path("messages").toString())
          .isEqualTo(
              "[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                  + "{\"role\":\"user\",\"content\":\"Status?\"}]");
      assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
      assertThat(body.path("max_tokens").asInt()).isEqualTo(50);
      assertThat(body.path("stop").toString()).isEqualTo("[\"###\"]");
      assertThat(body.has("stream")).isFalse();
      assertThat(body.has("response_format")).isFalse();
    }

    @Test
    void namesTheLimitMaxCompletionTokensWhenAsked() {
      provider.enqueue(ok("fine"));

      model()
          .maxTokensField(OpenAiCompatibleModel.MaxTokensField.MAX_COMPLETION_TOKENS)
          .build()
          .chat(ChatRequest.builder().user("x").maxOutputTokens(64).build());

      JsonNode body = provider.onlyRequest().json();
      assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(64);
      assertThat(body.has("max_tokens")).isFalse();
    }

    @Test
    void leavesTheTemperatureOutForReasoningModels() {
      provider.enqueue(ok("fine"));

      model()
          .model("gpt-5-mini")
          .build()
          .chat(ChatRequest.builder().user("x").temperature(0).build());

      assertThat(provider.onlyRequest().json().has("temperature")).isFalse();
    }

    @Test
    void readsTextFinishReasonUsageAndModel() {
      provider.enqueue(
          Canned.json(
              200,
              OpenAiProtocol.completion(
                  "cut",
                  FinishReason.LENGTH,
                  new TokenUsage(2006, 300, 1920),
                  "gpt-4o-2024-08-06")));

      ChatResponse response = model().build().chat(ask("long"));

      assertThat(response.text()).isEqualTo("cut");
      assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(response.usage()).isEqualTo(new TokenUsage(2006, 300, 1920));
      assertThat(response.modelId()).isEqualTo("gpt-4o-2024-08-06");
    }
  }

  @Nested
  class JsonMode {

    @Test
    void sendsAStrictJsonSchemaDerivedFromARecord() {
      provider.enqueue(ok("{\"status\":\"PASS\",\"findings\":0}"));
      ResponseFormat format = ResponseFormat.jsonSchema(Verdict.class);

      model().build().chat(ChatRequest.builder().user("judge").responseFormat(format).build());

      JsonNode rf = provider.onlyRequest().json().path("response_format");
      assertThat(rf.path("type").asText()).isEqualTo("json_schema");
      assertThat(rf.path("json_schema").path("name").asText()).isEqualTo("Verdict");
      assertThat(rf.path("json_schema").path("strict").asBoolean()).isTrue();
      assertThat(rf.path("json_schema").path("schema").toString())
          .isEqualTo(format.schema().orElseThrow());
    }

    @Test
    void sendsALooseSchemaWithoutStrictMode() {
      provider.enqueue(ok("{}"));
      String loose = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}";

      model()
          .build()
          .chat(
              ChatRequest.builder()
                  .user("x")
                  .responseFormat(ResponseFormat.jsonSchema("Loose", loose))
                  .build());

      JsonNode js = provider.onlyRequest().json().path("response_format").path("json_schema");
      assertThat(js.path("strict").asBoolean()).isFalse();
    }

    @Test
    void statesTheSchemaInTheSystemTextWhenTheModelCannotEnforceIt() {
      provider.enqueue(ok("{}"));
      ResponseFormat format = ResponseFormat.jsonSchema(Verdict.class);

      model()
          .model("gpt-4-turbo")
          .build()
          .chat(ChatRequest.builder().system("Judge.").user("x").responseFormat(format).build());

      JsonNode body = provider.onlyRequest().json();
      assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
      String system = body.path("messages").get(0).path("content").asText();
      assertThat(system).startsWith("Judge.").contains(format.schema().orElseThrow());
    }
  }

  @Nested
  class Retries {

    @Test
    void waitsAsToldByRetryAfterOn429ThenSucceeds() {
      provider
          .enqueue(
              Canned.json(429, OpenAiProtocol.error("rate_limit_exceeded", "Slow down."))
                  .header("Retry-After", "2"))
          .enqueue(ok("after the wait"));

      ChatResponse response = model().build().chat(ask("x"));

      assertThat(response.text()).isEqualTo("after the wait");
      assertThat(provider.requests()).hasSize(2);
      assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void prefersRetryAfterMilliseconds() {
      provider
          .enqueue(
              Canned.json(429, OpenAiProtocol.error("rate_limit_exceeded", "Slow down."))
                  .header("retry-after-ms", "750")
                  .header("Retry-After", "1"))
          .enqueue(ok("fine"));

      model().build().chat(ask("x"));

      assertThat(sleeps).containsExactly(Duration.ofMillis(750));
    }

    @Test
    void backsOffAfterAServerErrorThenSucceeds() {
      provider
          .enqueue(Canned.json(500, OpenAiProtocol.error("server_error", "Oops.")))
          .enqueue(ok("recovered"));

      ChatResponse response = model().build().chat(ask("x"));

      assertThat(response.text()).isEqualTo("recovered");
      assertThat(sleeps).hasSize(1);
      assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void givesUpAfterTheLastAttemptWithARetryableError() {
      for (int i = 0; i < 4; i++) {
        provider.enqueue(Canned.json(503, OpenAiProtocol.error("server_error", "Overloaded.")));
      }

      assertThatThrownBy(() -> model().build().chat(ask("x")))
          .isInstanceOfSatisfying(
              ProviderErrorException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(503);
                assertThat(e.retryable()).isTrue();
                assertThat(e.attempts()).isEqualTo(4);
                assertThat(e.provider()).isEqualTo("openai-compatible");
                assertThat(e.getMessage()).contains("4 attempts");
              });
      assertThat(provider.requests()).hasSize(4);
      assertThat(sleeps).hasSize(3);
    }

    @Test
    void retriesAnyServerErrorButNotImplemented() {
      provider
          .enqueue(Canned.json(507, OpenAiProtocol.error("server_error", "Insufficient storage.")))
          .enqueue(Canned.text(520, "origin error"))
          .enqueue(ok("third time"));

      assertThat(model().build().chat(ask("x")).text()).isEqualTo("third time");

      provider.enqueue(Canned.json(501, OpenAiProtocol.error("server_error", "Not implemented.")));
      assertThatThrownBy(() -> model().build().chat(ask("x")))
          .isInstanceOfSatisfying(
              ProviderErrorException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.attempts()).isEqualTo(1);
              });
      assertThat(provider.requests()).hasSize(4);
    }

    @Test
    void ignoresARetryAfterThatIsNotAUsableNumber() {
      provider
          .enqueue(
              Canned.json(429, OpenAiProtocol.error("rate_limit_exceeded", "Slow down."))
                  .header("Retry-After", "-5"))
          .enqueue(
              Canned.json(429, OpenAiProtocol.error("rate_limit_exceeded", "Slow down."))
                  .header("Retry-After", "NaN"))
          .enqueue(ok("fine"));

      model().build().chat(ask("x"));

      assertThat(sleeps).hasSize(2);
      assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
      assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void failsAtOnceWhenAskedToWaitLongerThanAllowed() {
      provider.enqueue(
          Canned.json(429, OpenAiProtocol.error("rate_limit_exceeded", "Quota."))
              .header("Retry-After", "3600"));

      assertThatThrownBy(() -> model().build().chat(ask("x")))
          .isInstanceOfSatisfying(
              ProviderErrorException.class,
              e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));
      assertThat(provider.requests()).hasSize(1);
      assertThat(sleeps).isEmpty();
    }

    @Test
    void doesNotRetryWhenTheProviderSaysNotTo() {
      provider.enqueue(
          Canned.json(500, OpenAiProtocol.error("server_error", "Do not retry."))
              .header("x-should-retry", "false"));

      assertThatThrownBy(() -> model().build().chat(ask("x")))
          .isInstanceOf(ProviderErrorException.class);
      assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void retriesABodyCutShortByTheConnection() {
      provider.enqueue(ok("never complete").declareLength(10_000)).enqueue(ok("whole"));

      ChatResponse response = model().build().chat(ask("x"));

      assertThat(response.text()).isEqualTo("whole");
      assertThat(provider.requests()).hasSize(2);
    }

    @Test
    void reportsAnUnreachableServerAfterEveryAttempt() throws IOException {
      int closedPort;
      try (ServerSocket s = new ServerSocket(0)) {
        closedPort = s.getLocalPort();
      }

      assertThatThrownBy(() ->
              model().baseUrl("http://127.0.0.1:" + closedPort + "/v1").build().chat(ask("x")))
          .isInstanceOf(ModelTransportException.class)
          .hasMessageContaining("attempt 4 of 4");
      assertThat(sleeps).hasSize(3);
    }
  }

  @Nested
  class Errors {

    @Test
    void anAuthenticationFailureIsNotRetriedAndKeepsTheKeyOut() {
      provider.enqueue(
          Canned.json(
              401,
              OpenAiProtocol.error(
                  "invalid_request_error", "Incorrect API key provided: " + KEY + ".")));

      assertThatThrownBy(() -> model().build().chat(ask("x")))
          .isInstanceOfSatisfying(
              ProviderErrorException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(401);
                assertThat(e.retryable()).isFalse();
                assertThat(e.errorType()).contains("invalid_request_error");
                assertThat(e.providerMessage()).startsWith("Incorrect API key provided");
                assertThat(e.providerMessage()).doesNotContain(KEY);
                assertThat(e.getMessage()).doesNotContain(KEY).contains("HTTP 401");
              });
      assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void aBodyThatIsNotJsonIsAClearError() {
      provider.enqueue(Canned.json(200, "{\"id\": \"chatcmpl-1\", \"choices\": [{\"mess"));

      assertThatThrownBy(() -> model().build().chat(ask("x")))
          .isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("not valid JSON");
      assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void aMalformedBodyIsDescribedWithoutQuotingIt() {
      provider.enqueue(Canned.json(200, "PromptEchoSecretWords and more"));

      assertThatThrownBy(() -> model().build().chat(ask("x")))
          .isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("not valid JSON")
          .hasMessageNotContaining("PromptEchoSecretWords");
    }

    @Test
    void aBodyWithoutChoicesIsAClearError() {
      provider.enqueue(
          Canned.json(200, "{\"id\": \"chatcmpl-1\", \"object\": \"chat.completion\"}"));

      assertThatThrownBy(() -> model().build().chat(ask("x")))
          .isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("no 'choices'");
    }

    @Test
    void aReplySlowerThanTheTimeoutFailsWithoutRetrying() {
      CountDownLatch release = new CountDownLatch(1);
      provider.enqueue(ok("too late").holdUntil(release));
      try {
        assertThatThrownBy(
                () -> model().requestTimeout(Duration.ofMillis(200)).build().chat(ask("x")))
            .isInstanceOfSatisfying(
                ModelTimeoutException.class,
                e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(200)));
        assertThat(provider.requests()).hasSize(1);
      } finally {
        release.countDown();
      }
    }

    @Test
    void aProxyErrorPageBecomesAProviderError() {
      for (int i = 0; i < 4; i++) {
        provider.enqueue(Canned.text(502, "<html><body>Bad Gateway</body></html>"));
      }

      assertThatThrownBy(() -> model().build().chat(ask("x")))
          .isInstanceOfSatisfying(
              ProviderErrorException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(502);
                assertThat(e.providerMessage()).contains("Bad Gateway");
              });
    }
  }

  @Nested
  class Credentials {

    @Test
    void theKeyNeverAppearsInToString() {
      assertThat(model().build().toString()).doesNotContain(KEY).contains("gpt-4o");
    }

    @Test
    void credentialsInTheBaseUrlAreHiddenFromToStringAndErrors() {
      OpenAiCompatibleModel withUser =
          model().baseUrl("http://proxyuser:proxy-pass-123@127.0.0.1:1/v1").build();

      assertThat(withUser.toString()).doesNotContain("proxy-pass-123").contains("***@127.0.0.1");
      assertThatThrownBy(() -> model().baseUrl("ftp://user:proxy-pass-123@host/v1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("proxy-pass-123");
    }

    @Test
    void aKeyReadFromAFileWithItsNewlineStillWorks() {
      provider.enqueue(ok("fine"));

      model().apiKey(KEY + "\n").build().chat(ask("x"));

      assertThat(provider.onlyRequest().header("authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void aKeyWithALineBreakInsideIsRefusedWithoutShowingIt() {
      assertThatThrownBy(() -> model().apiKey("sk-abc\r\nX-Injected: 1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("apiKey")
          .hasMessageNotContaining("sk-abc");
    }

    @Test
    void aHeaderValueWithALineBreakIsRefused() {
      assertThatThrownBy(() -> model().header("OpenAI-Organization", "org\r\nX-Evil: 1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("OpenAI-Organization")
          .hasMessageNotContaining("X-Evil");
    }

    @Test
    void theKeyIsReadFromTheEnvironmentWhenNotGiven() {
      provider.enqueue(ok("fine"));
      String envKey = "sk-from-environment-0123456789abcdef";

      OpenAiCompatibleModel.builder()
          .baseUrl(provider.baseUrl() + "/v1")
          .model("gpt-4o")
          .environment(name -> name.equals("OPENAI_API_KEY") ? envKey : null)
          .build()
          .chat(ask("x"));

      assertThat(provider.onlyRequest().header("authorization")).isEqualTo("Bearer " + envKey);
    }

    @Test
    void openAisOwnApiNeedsAKey() {
      assertThatThrownBy(() ->
              OpenAiCompatibleModel.builder().model("gpt-4o").environment(name -> null).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("OPENAI_API_KEY");
    }

    @Test
    void aLocalServerNeedsNoKey() {
      provider.enqueue(ok("fine"));

      OpenAiCompatibleModel.builder()
          .baseUrl(provider.baseUrl() + "/v1")
          .model("llama3.1:8b")
          .environment(name -> null)
          .build()
          .chat(ask("x"));

      assertThat(provider.onlyRequest().header("authorization")).isNull();
    }
  }

  @Nested
  class Streaming {

    @Test
    void deliversEachPieceAndTheUsage() {
      provider.enqueue(
          Canned.sse(
              OpenAiProtocol.stream(
                  List.of("Research ", "before ", "you build."),
                  FinishReason.STOP,
                  TokenUsage.of(40, 6),
                  "gpt-4o-2024-08-06")));
      List<String> pieces = new ArrayList<>();

      ChatResponse response = model().build().stream(ask("x"), pieces::add);

      assertThat(pieces).containsExactly("Research ", "before ", "you build.");
      assertThat(response.text()).isEqualTo("Research before you build.");
      assertThat(response.usage()).isEqualTo(TokenUsage.of(40, 6));
      assertThat(response.modelId()).isEqualTo("gpt-4o-2024-08-06");
      JsonNode body = provider.onlyRequest().json();
      assertThat(body.path("stream").asBoolean()).isTrue();
      assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
      assertThat(provider.onlyRequest().header("accept")).isEqualTo("text/event-stream");
    }

    @Test
    void aStreamThatEndsEarlyIsAClearError() {
      List<String> events =
          new ArrayList<>(
              OpenAiProtocol.stream(
                  List.of("half"), FinishReason.STOP, TokenUsage.of(1, 1), "gpt-4o"));
      events.remove(events.size() - 1);
      provider.enqueue(Canned.sse(events));

      assertThatThrownBy(() -> model().build().stream(ask("x"), piece -> {}))
          .isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("[DONE]");
    }

    @Test
    void aStreamThatStallsTimesOutInsteadOfHanging() {
      CountDownLatch release = new CountDownLatch(1);
      List<String> first =
          OpenAiProtocol.stream(
                  List.of("partial"), FinishReason.STOP, TokenUsage.of(1, 1), "gpt-4o")
              .subList(0, 2);
      provider.enqueue(Canned.sse(first).stallAfterBody(release));
      List<String> pieces = new ArrayList<>();
      try {
        assertThatThrownBy(() ->
                model().requestTimeout(Duration.ofMillis(300)).build().stream(
                    ask("x"), pieces::add))
            .isInstanceOf(ModelTimeoutException.class);
        assertThat(pieces).containsExactly("partial");
        assertThat(provider.requests()).hasSize(1);
      } finally {
        release.countDown();
      }
    }

    @Test
    void anErrorEventInTheStreamKeepsTheKeyOut() {
      provider.enqueue(
          Canned.sse(
              List.of(
                  "data: "
                      + OpenAiProtocol.error(
                          "invalid_request_error", "Incorrect API key provided: " + KEY)
                      + "\n\n")));

      assertThatThrownBy(() -> model().build().stream(ask("x"), piece -> {}))
          .isInstanceOfSatisfying(
              ProviderErrorException.class,
              e -> {
                assertThat(e.getMessage()).doesNotContain(KEY).contains("Incorrect API key");
                assertThat(e.providerMessage()).doesNotContain(KEY);
              });
    }

    @Test
    void aRateLimitBeforeTheStreamStartsIsRetried() {
      provider
          .enqueue(
              Canned.json(429, OpenAiProtocol.error("rate_limit_exceeded", "Slow down."))
                  .header("Retry-After", "1"))
          .enqueue(
              Canned.sse(
                  OpenAiProtocol.stream(
                      List.of("ok"), FinishReason.STOP, TokenUsage.of(1, 1), "gpt-4o")));

      ChatResponse response = model().build().stream(ask("x"), piece -> {});

      assertThat(response.text()).isEqualTo("ok");
      assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    }
  }
}
