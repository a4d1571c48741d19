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
 * The Anthropic Messages wire format as the provider speaks it, written from the API reference:
 * message bodies, streamed events, error bodies, and request bodies read back.
 */
public final class AnthropicProtocol {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AnthropicProtocol() {}

  /**
   * A {@code message} object. The usage's cached tokens are reported as cache reads, and the rest
   * of the prompt as {@code input_tokens}, as the API does.
   */
  public static String message(String text, FinishReason finish, TokenUsage usage, String model) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "msg_loopback");
    root.put("type", "message");
    root.put("role", "assistant");
    root.put("model", model);
    root.putArray("content").addObject().put("type", "text").put("text", text);
    root.put("stop_reason", stopReason(finish));
    root.putNull("stop_sequence");
    root.set("usage", usage(usage));
    return root.toString();
  }

  /** The events of a streamed message. */
  public static List<String> stream(
      List<String> pieces, FinishReason finish, TokenUsage usage, String model) {
    List<String> events = new ArrayList<>();
    ObjectNode start = JSON.createObjectNode().put("type", "message_start");
    ObjectNode message = start.putObject("message");
    message.put("id", "msg_loopback").put("type", "message").put("role", "assistant");
    message.put("model", model);
    message.putArray("content");
    message.putNull("stop_reason");
    ObjectNode startUsage = usage(usage);
    startUsage.put("output_tokens", 1);
    message.set("usage", startUsage);
    events.add(event("message_start", start));
    ObjectNode blockStart =
        JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
    blockStart.putObject("content_block").put("type", "text").put("text", "");
    events.add(event("content_block_start", blockStart));
    events.add(event("ping", JSON.createObjectNode().put("type", "ping")));
    for (String piece : pieces) {
      ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
      delta.putObject("delta").put("type", "text_delta").put("text", piece);
      events.add(event("content_block_delta", delta));
    }
    events.add(
        event(
            "content_block_stop",
            JSON.createObjectNode().put("type", "content_block_stop").put("index", 0)));
    ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
    messageDelta.putObject("delta").put("stop_reason", stopReason(finish)).putNull("stop_sequence");
    messageDelta.putObject("usage").put("output_tokens", usage.completionTokens());
    events.add(event("message_delta", messageDelta));
    events.add(event("message_stop", JSON.createObjectNode().put("type", "message_stop")));
    return events;
  }

  /** An error body. */
  public static String error(String type, String message) {
    ObjectNode root = JSON.createObjectNode().put("type", "error");
    root.putObject("error").put("type", type).put("message", message);
    return root.toString();
  }

  /** Reads a request body back into a ChatRequest. */
  public static ChatRequest decode(JsonNode body) {
    ChatRequest.Builder b = ChatRequest.builder();
    if (body.has("system")) {
      JsonNode system = body.get("system");
      if (system.isTextual()) {
        b.system(system.asText());
      } else {
        List<String> parts = new ArrayList<>();
        system.forEach(block -> parts.add(block.path("text").asText()));
        b.system(String.join("\n", parts));
      }
    }
    for (JsonNode m : body.path("messages")) {
      JsonNode content = m.path("content");
      String text;
      if (content.isTextual()) {
        text = content.asText();
      } else {
        StringBuilder sb = new StringBuilder();
        content.forEach(block -> sb.append(block.path("text").asText()));
        text = sb.toString();
      }
      b.message(
          ChatMessage.of(ChatRole.valueOf(m.path("role").asText().toUpperCase(Locale.ROOT)), text));
    }
    if (body.has("temperature")) {
      b.temperature(body.get("temperature").asDouble());
    }
    b.maxOutputTokens(body.path("max_tokens").asInt());
    if (body.has("stop_sequences")) {
      List<String> stop = new ArrayList<>();
      body.get("stop_sequences").forEach(s -> stop.add(s.asText()));
      b.stopSequences(stop);
    }
    JsonNode format = body.path("output_config").path("format");
    if (format.path("type").asText().equals("json_schema")) {
      // The wire carries no schema name; the schema's title stands in for it.
      String name = format.path("schema").path("title").asText("schema");
      b.responseFormat(ResponseFormat.jsonSchema(name, format.path("schema").toString()));
    }
    return b.build();
  }

  private static String event(String name, JsonNode data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  private static ObjectNode usage(TokenUsage usage) {
    ObjectNode u = JSON.createObjectNode();
    u.put("input_tokens", usage.promptTokens() - usage.cachedTokens());
    u.put("cache_creation_input_tokens", 0);
    u.put("cache_read_input_tokens", usage.cachedTokens());
    u.put("output_tokens", usage.completionTokens());
    return u;
  }

  private static String stopReason(FinishReason finish) {
    switch (finish) {
      case LENGTH:
        return "max_tokens";
      case STOP_SEQUENCE:
        return "stop_sequence";
      case TOOL_CALLS:
        return "tool_use";
      case CONTENT_FILTER:
        return "refusal";
      default:
        return "end_turn";
    }
  }
}
