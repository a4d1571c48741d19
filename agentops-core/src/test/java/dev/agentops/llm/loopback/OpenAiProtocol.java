package dev.agentops.llm.loopback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatRole;
import dev.agentops.llm.FinishReason;
import dev.agentops.llm.ResponseFormat;
import dev.agentops.llm.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAI Chat Completions wire format as a provider speaks it, written from the API reference:
 * reply bodies, streamed chunks, error bodies, and request bodies read back.
 */
public final class OpenAiProtocol {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiProtocol() {}

  /** A {@code chat.completion} object. */
  public static String completion(
      String text, FinishReason finish, TokenUsage usage, String model) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-loopback");
    root.put("object", "chat.completion");
    root.put("created", 1_767_225_600L);
    root.put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", text);
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason(finish));
    root.set("usage", usage(usage));
    return root.toString();
  }

  /** The events of a streamed completion: one chunk per piece, then usage, then [DONE]. */
  public static List<String> stream(
      List<String> pieces, FinishReason finish, TokenUsage usage, String model) {
    List<String> events = new ArrayList<>();
    ObjectNode first = chunk(model);
    first
        .withArray("choices")
        .addObject()
        .put("index", 0)
        .putObject("delta")
        .put("role", "assistant")
        .put("content", "");
    events.add(event(first));
    for (String piece : pieces) {
      ObjectNode c = chunk(model);
      ObjectNode choice = c.withArray("choices").addObject().put("index", 0);
      choice.putObject("delta").put("content", piece);
      choice.putNull("finish_reason");
      events.add(event(c));
    }
    ObjectNode last = chunk(model);
    ObjectNode choice = last.withArray("choices").addObject().put("index", 0);
    choice.putObject("delta");
    choice.put("finish_reason", finishReason(finish));
    events.add(event(last));
    ObjectNode usageChunk = chunk(model);
    usageChunk.putArray("choices");
    usageChunk.set("usage", usage(usage));
    events.add(event(usageChunk));
    events.add("data: [DONE]\n\n");
    return events;
  }

  /** An error body. */
  public static String error(String type, String message) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.putNull("param");
    error.putNull("code");
    return root.toString();
  }

  /** Reads a request body back into a ChatRequest. */
  public static ChatRequest decode(JsonNode body) {
    ChatRequest.Builder b = ChatRequest.builder();
    List<String> system = new ArrayList<>();
    for (JsonNode m : body.path("messages")) {
      String role = m.path("role").asText();
      String content = m.path("content").asText();
      if (role.equals("system") || role.equals("developer")) {
        system.add(content);
      } else {
        b.message(ChatMessage.of(ChatRole.valueOf(role.toUpperCase(Locale.ROOT)), content));
      }
    }
    if (!system.isEmpty()) {
      b.system(String.join("\n", system));
    }
    if (body.has("temperature")) {
      b.temperature(body.get("temperature").asDouble());
    }
    if (body.has("max_completion_tokens")) {
      b.maxOutputTokens(body.get("max_completion_tokens").asInt());
    } else if (body.has("max_tokens")) {
      b.maxOutputTokens(body.get("max_tokens").asInt());
    }
    if (body.has("stop")) {
      List<String> stop = new ArrayList<>();
      body.get("stop").forEach(s -> stop.add(s.asText()));
      b.stopSequences(stop);
    }
    JsonNode format = body.path("response_format");
    if (format.path("type").asText().equals("json_schema")) {
      JsonNode js = format.path("json_schema");
      b.responseFormat(
          ResponseFormat.jsonSchema(js.path("name").asText(), js.path("schema").toString()));
    } else if (format.path("type").asText().equals("json_object")) {
      b.responseFormat(ResponseFormat.json());
    }
    return b.build();
  }

  private static ObjectNode chunk(String model) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", "chatcmpl-loopback");
    c.put("object", "chat.completion.chunk");
    c.put("created", 1_767_225_600L);
    c.put("model", model);
    return c;
  }

  private static String event(JsonNode data) {
    return "data: " + data + "\n\n";
  }

  private static ObjectNode usage(TokenUsage usage) {
    ObjectNode u = JSON.createObjectNode();
    u.put("prompt_tokens", usage.promptTokens());
    u.put("completion_tokens", usage.completionTokens());
    u.put("total_tokens", usage.totalTokens());
    u.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
    u.putObject("completion_tokens_details").put("reasoning_tokens", 0);
    return u;
  }

  private static String finishReason(FinishReason finish) {
    switch (finish) {
      case LENGTH:
        return "length";
      case CONTENT_FILTER:
        return "content_filter";
      case TOOL_CALLS:
        return "tool_calls";
      default:
        return "stop";
    }
  }
}
