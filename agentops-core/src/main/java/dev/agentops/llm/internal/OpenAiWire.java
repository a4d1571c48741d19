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

/** The OpenAI Chat Completions wire format. */
public final class OpenAiWire {

  /** What the adapter is configured to send. */
  public record Options(
      String model,
      boolean nativeJsonSchema,
      String maxTokensField,
      boolean sendTemperature,
      @Nullable Integer defaultMaxOutputTokens) {}

  private OpenAiWire() {}

  /** Returns the codec for an adapter with these options. */
  public static HttpChatClient.Codec codec(
      String provider, Options options, UnaryOperator<String> clean) {
    return new HttpChatClient.Codec() {
      @Override
      public ObjectNode request(ChatRequest request, boolean stream) {
        return OpenAiWire.request(request, options, stream);
      }

      @Override
      public ChatResponse response(byte[] body, Duration latency) {
        return OpenAiWire.response(provider, body, options.model(), latency);
      }

      @Override
      public ChatResponse stream(LineSource lines, Consumer<String> onText, long startNanos)
          throws IOException {
        return OpenAiWire.stream(provider, lines, onText, options.model(), startNanos, clean);
      }
    };
  }

  /** Builds the request body. */
  public static ObjectNode request(ChatRequest request, Options options, boolean stream) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", options.model());
    ResponseFormat format = request.responseFormat();
    boolean schemaNative =
        format.kind() == ResponseFormat.Kind.JSON_SCHEMA && options.nativeJsonSchema();
    ArrayNode messages = body.putArray("messages");
    FormatInstructions.system(request, schemaNative)
        .ifPresent(s -> messages.addObject().put("role", "system").put("content", s));
    for (ChatMessage m : request.messages()) {
      messages
          .addObject()
          .put("role", m.role().name().toLowerCase(Locale.ROOT))
          .put("content", m.content());
    }
    if (options.sendTemperature()) {
      request.temperature().ifPresent(t -> body.put("temperature", t));
    }
    Integer max =
        request.maxOutputTokens().isPresent()
            ? Integer.valueOf(request.maxOutputTokens().getAsInt())
            : options.defaultMaxOutputTokens();
    if (max != null) {
      body.put(options.maxTokensField(), max);
    }
    if (!request.stopSequences().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      request.stopSequences().forEach(stop::add);
    }
    if (schemaNative) {
      ObjectNode rf = body.putObject("response_format").put("type", "json_schema");
      ObjectNode js = rf.putObject("json_schema");
      js.put("name", format.schemaName().orElseThrow());
      js.set("schema", FormatInstructions.forProvider(format.schema().orElseThrow()));
      js.put("strict", FormatInstructions.strictCompatible(format.schema().orElseThrow()));
    } else if (format.kind() != ResponseFormat.Kind.TEXT) {
      body.putObject("response_format").put("type", "json_object");
    }
    if (stream) {
      body.put("stream", true);
      body.putObject("stream_options").put("include_usage", true);
    }
    return body;
  }

  /** Reads a complete (non-streaming) reply. */
  public static ChatResponse response(
      String provider, byte[] body, String requestedModel, Duration latency) {
    JsonNode root = WireJson.readJson(provider, body);
    JsonNode choices = root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new MalformedResponseException(
          provider, provider + " reply has no 'choices' (HTTP 200)", null);
    }
    JsonNode choice = choices.get(0);
    JsonNode message = choice.get("message");
    if (message == null || !message.isObject()) {
      throw new MalformedResponseException(
          provider, provider + " reply has no 'choices[0].message'", null);
    }
    JsonNode content = message.get("content");
    String text = content == null || content.isNull() ? "" : content.asText();
    FinishReason finish = finishReason(WireJson.textOrNull(choice.get("finish_reason")));
    if (text.isEmpty() && message.hasNonNull("refusal")) {
      finish = FinishReason.CONTENT_FILTER;
    }
    return ChatResponse.builder(text)
        .finishReason(finish)
        .modelId(modelId(root, requestedModel))
        .usage(usage(root.get("usage")))
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
    boolean done = false;
    SseReader.Event event;
    while ((event = sse.next()) != null) {
      if (event.data().equals("[DONE]")) {
        done = true;
        break;
      }
      JsonNode chunk = WireJson.readJson(provider, event.data().getBytes(StandardCharsets.UTF_8));
      if (chunk.has("error")) {
        HttpTransport.ProviderError e = error(chunk);
        throw new ProviderErrorException(
            provider,
            200,
            e.type() == null ? null : clean.apply(e.type()),
            clean.apply(e.message()),
            false,
            null,
            1);
      }
      model = modelId(chunk, model);
      if (chunk.hasNonNull("usage")) {
        usage = usage(chunk.get("usage"));
      }
      JsonNode choices = chunk.get("choices");
      if (choices != null && choices.isArray() && !choices.isEmpty()) {
        JsonNode choice = choices.get(0);
        JsonNode delta = choice.path("delta").get("content");
        if (delta != null && !delta.isNull() && !delta.asText().isEmpty()) {
          text.append(delta.asText());
          onText.accept(delta.asText());
        }
        String reason = WireJson.textOrNull(choice.get("finish_reason"));
        if (reason != null) {
          finish = finishReason(reason);
        }
      }
    }
    if (!done) {
      throw new MalformedResponseException(
          provider, provider + " stream ended before its [DONE] marker (truncated)", null);
    }
    return ChatResponse.builder(text.toString())
        .finishReason(finish == null ? FinishReason.OTHER : finish)
        .modelId(model)
        .usage(usage)
        .latency(Duration.ofNanos(System.nanoTime() - startNanos))
        .build();
  }

  /** Reads an error body: {@code {"error": {"message", "type", "code"}}}. */
  public static HttpTransport.ProviderError error(int status, byte[] body) {
    try {
      return error(Json.MAPPER.readTree(body));
    } catch (IOException | RuntimeException e) {
      return new HttpTransport.ProviderError(null, HttpTransport.text(body));
    }
  }

  private static HttpTransport.ProviderError error(JsonNode root) {
    JsonNode error = root.path("error");
    if (error.isTextual()) {
      return new HttpTransport.ProviderError(null, error.asText());
    }
    String type = WireJson.textOrNull(error.get("type"));
    if (type == null) {
      type = WireJson.textOrNull(error.get("code"));
    }
    String message = WireJson.textOrNull(error.get("message"));
    return new HttpTransport.ProviderError(type, message == null ? "" : message);
  }

  static FinishReason finishReason(@Nullable String reason) {
    if (reason == null) {
      return FinishReason.OTHER;
    }
    switch (reason) {
      case "stop":
        return FinishReason.STOP;
      case "length":
        return FinishReason.LENGTH;
      case "content_filter":
        return FinishReason.CONTENT_FILTER;
      case "tool_calls":
      case "function_call":
        return FinishReason.TOOL_CALLS;
      default:
        return FinishReason.OTHER;
    }
  }

  private static TokenUsage usage(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return TokenUsage.NONE;
    }
    long prompt = usage.path("prompt_tokens").asLong(0);
    long completion = usage.path("completion_tokens").asLong(0);
    long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
    return new TokenUsage(prompt, completion, Math.min(cached, prompt));
  }

  private static String modelId(JsonNode root, String fallback) {
    String model = WireJson.textOrNull(root.get("model"));
    return model == null || model.isBlank() ? fallback : model;
  }
}
