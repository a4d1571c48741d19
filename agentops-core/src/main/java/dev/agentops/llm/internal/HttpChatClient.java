package dev.agentops.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** Sends chat requests to one provider endpoint through a wire codec. Thread-safe. */
public final class HttpChatClient {

  /** Translates between AgentOps's types and one provider's wire format. */
  public interface Codec {
    ObjectNode request(ChatRequest request, boolean stream);

    ChatResponse response(byte[] body, Duration latency);

    ChatResponse stream(LineSource lines, Consumer<String> onText, long startNanos)
        throws IOException;
  }

  private final URI endpoint;
  private final Map<String, String> headers;
  private final Duration requestTimeout;
  private final HttpTransport transport;
  private final Codec codec;

  public HttpChatClient(
      URI endpoint,
      Map<String, String> headers,
      Duration requestTimeout,
      HttpTransport transport,
      Codec codec) {
    this.endpoint = endpoint;
    this.headers = Map.copyOf(headers);
    this.requestTimeout = requestTimeout;
    this.transport = transport;
    this.codec = codec;
  }

  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    HttpRequest http = httpRequest(codec.request(request, false), "application/json");
    long start = System.nanoTime();
    byte[] body = transport.send(http);
    return codec.response(body, Duration.ofNanos(System.nanoTime() - start));
  }

  public ChatResponse stream(ChatRequest request, Consumer<String> onText) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(onText, "onText");
    HttpRequest http = httpRequest(codec.request(request, true), "text/event-stream");
    long start = System.nanoTime();
    return transport.stream(http, lines -> codec.stream(lines, onText, start));
  }

  private HttpRequest httpRequest(ObjectNode body, String accept) {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new AssertionError("a JSON tree must serialize", e);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", accept)
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    headers.forEach(b::header);
    return b.build();
  }
}
