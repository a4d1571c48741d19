package dev.agentops.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.FinishReason;
import dev.agentops.llm.MalformedResponseException;
import dev.agentops.llm.ProviderErrorException;
import dev.agentops.llm.ResponseFormat;
import dev.agentops.llm.TokenUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** The Anthropic Messages wire format. */
public final class AnthropicWire {

  /** What the adapter is configured to send. */
  public record Options(String model, boolean nativeJsonSchema, int defaultMaxOutputTokens) {}

  private AnthropicWire() {}

  /** Returns the codec for an adapter with these options. */
  public static HttpChatClient.Codec codec(
      String provider, Options options, UnaryOperator<String> clean) {
    return new HttpChatClient.Codec() {
      @Override
      public ObjectNode request(ChatRequest request, boolean stream) {
        return AnthropicWire.request(request, options, stream);
      }

      @Override
      public ChatResponse response(byte[] body, Duration latency) {
        return AnthropicWire.response(provider, body, options.model(), latency);
      }

      @Override
      public ChatResponse stream(LineSource lines, Consumer<String> onText, long startNanos)
          throws IOException {
        return AnthropicWire.stream(provider, lines, onText, options.model(), startNanos, clean);
      }
    };
  }

  /**
   * Builds the request body.
   *
   * @throws IllegalArgumentException if the temperature is above 1, the Messages API's limit
   */
  public static ObjectNode request(ChatRequest request, Options options, boolean stream) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", options.model());
    body.put(
        "max_tokens",
        request.maxOutputTokens().isPresent()
            ? request.maxOutputTokens().getAsInt()
            : options.defaultMaxOutputTokens());
    ResponseFormat format = request.responseFormat();
    // Anthropic's JSON outputs are always strict: a schema that is not stays in the system text.
    boolean schemaNative =
        format.kind() == ResponseFormat.Kind.JSON_SCHEMA
            && options.nativeJsonSchema()
            && FormatInstructions.strictCompatible(format.schema().orElseThrow());
    FormatInstructions.system(request, schemaNative).ifPresent(s -> body.put("system", s));
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage m : request.messages()) {
      messages
          .addObject()
          .put("role", m.role().name().toLowerCase(Locale.ROOT))
          .put("content", m.content());
    }
    if (request.temperature().isPresent()) {
      double t = request.temperature().getAsDouble();
      if (t > 1.0) {
        throw new IllegalArgumentException(
            "temperature must be between 0 and 1 for the Anthropic Messages API, but was " + t);
      }
      body.put("temperature", t);
    }
    if (!request.stopSequences().isEmpty()) {
      ArrayNode stop = body.putArray("stop_sequences");
      request.stopSequences().forEach(stop::add);
    }
    if (schemaNative) {
      ObjectNode fmt = body.putObject("output_config").putObject("format");
      fmt.put("type", "json_schema");
      fmt.set("schema", FormatInstructions.forProvider(format.schema().orElseThrow()));
    }
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  /** Reads a complete (non-streaming) reply. */
  public static ChatResponse response(
      String provider, byte[] body, String requestedModel, Duration latency) {
    JsonNode root = WireJson.readJson(provider, body);
    JsonNode content = root.get("content");
    if (content == null || !content.isArray()) {
      throw new MalformedResponseException(
          provider, provider + " reply has no 'content' array (HTTP 200)", null);
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : content) {
      if ("text".equals(WireJson.textOrNull(block.get("type")))) {
        text.append(block.path("text").asText(""));
      }
    }
    if (!root.has("stop_reason")) {
      throw new MalformedResponseException(
          provider, provider + " reply has no 'stop_reason' (HTTP 200)", null);
    }
    return ChatResponse.builder(text.toString())
        .finishReason(finishReason(WireJson.textOrNull(root.get("stop_reason"))))
        .modelId(modelId(root, requestedModel))
        .usage(usage(root.get("usage"), TokenUsage.NONE))
        .latency(latency)
        .build();
  }

  /** Reads a streamed reply, handing each piece of text to {@code onText}. */
  public static ChatResponse stream(
      String provider,
      LineSource lines,
      Consumer<String> onText,
      String requestedModel,
      long startNanos,
      UnaryOperator<String> clean)
      throws IOException {
    SseReader sse = new SseReader(lines);
    StringBuilder text = new StringBuilder();
    @Nullable FinishReason finish = null;
    TokenUsage usage = TokenUsage.NONE;
    String model = requestedModel;
    boolean stopped = false;
    SseReader.Event event;
    while ((event = sse.next()) != null) {
      JsonNode data = WireJson.readJson(provider, event.data().getBytes(StandardCharsets.UTF_8));
      String type = WireJson.textOrNull(data.get("type"));
      if (type == null) {
        continue;
      }
      switch (type) {
        case "message_start":
          model = modelId(data.path("message"), model);
          usage = usage(data.path("message").get("usage"), usage);
          break;
        case "content_block_delta":
          JsonNode delta = data.path("delta");
          if ("text_delta".equals(WireJson.textOrNull(delta.get("type")))) {
            String piece = delta.path("text").asText("");
            if (!piece.isEmpty()) {
              text.append(piece);
              onText.accept(piece);
            }
          }
          break;
        case "message_delta":
          String reason = WireJson.textOrNull(data.path("delta").get("stop_reason"));
          if (reason != null) {
            finish = finishReason(reason);
          }
          usage = usage(data.get("usage"), usage);
          break;
        case "message_stop":
          stopped = true;
          break;
        case "error":
          HttpTransport.ProviderError e = error(data);
          throw new ProviderErrorException(
              provider,
              200,
              e.type() == null ? null : clean.apply(e.type()),
              clean.apply(e.message()),
              false,
              null,
              1);
        default:
          break; // ping, content_block_start, content_block_stop
      }
      if (stopped) {
        break;
      }
    }
    if (!stopped) {
      throw new MalformedResponseException(
          provider, provider + " stream ended before 'message_stop' (truncated)", null);
    }
    return ChatResponse.builder(text.toString())
        .finishReason(finish == null ? FinishReason.OTHER : finish)
        .modelId(model)
        .usage(usage)
        .latency(Duration.ofNanos(System.nanoTime() - startNanos))
        .build();
  }

  /** Reads an error body: {@code {"type": "error", "error": {"type", "message"}}}. */
  public static HttpTransport.ProviderError error(int status, byte[] body) {
    try {
      return error(Json.MAPPER.readTree(body));
    } catch (IOException | RuntimeException e) {
      return new HttpTransport.ProviderError(null, HttpTransport.text(body));
    }
  }

  private static HttpTransport.ProviderError error(JsonNode root) {
    JsonNode error = root.path("error");
    String message = WireJson.textOrNull(error.get("message"));
    return new HttpTransport.ProviderError(
        WireJson.textOrNull(error.get("type")), message == null ? "" : message);
  }

  static FinishReason finishReason(@Nullable String reason) {
    if (reason == null) {
      return FinishReason.OTHER;
    }
    switch (reason) {
      case "end_turn":
        return FinishReason.STOP;
      case "max_tokens":
      case "model_context_window_exceeded":
        return FinishReason.LENGTH;
      case "stop_sequence":
        return FinishReason.STOP_SEQUENCE;
      case "tool_use":
        return FinishReason.TOOL_CALLS;
      case "refusal":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.OTHER;
    }
  }

  /**
   * Reads usage. Anthropic's {@code input_tokens} excludes cache reads and writes; AgentOps's
   * prompt tokens include them. Fields absent from a streaming update keep their earlier value.
   */
  private static TokenUsage usage(@Nullable JsonNode usage, TokenUsage previous) {
    if (usage == null || !usage.isObject()) {
      return previous;
    }
    long input =
        usage.has("input_tokens")
            ? usage.path("input_tokens").asLong(0)
                + usage.path("cache_creation_input_tokens").asLong(0)
                + usage.path("cache_read_input_tokens").asLong(0)
            : previous.promptTokens();
    long cached =
        usage.has("cache_read_input_tokens")
            ? usage.path("cache_read_input_tokens").asLong(0)
            : previous.cachedTokens();
    long output =
        usage.has("output_tokens")
            ? usage.path("output_tokens").asLong(0)
            : previous.completionTokens();
    return new TokenUsage(input, output, Math.min(cached, input));
  }

  private static String modelId(JsonNode root, String fallback) {
    String model = WireJson.textOrNull(root.get("model"));
    return model == null || model.isBlank() ? fallback : model;
  }
}
