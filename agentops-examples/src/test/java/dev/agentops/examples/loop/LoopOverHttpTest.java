package dev.agentops.examples.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentops.examples.ExampleModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop against a provider configured by environment variables, as a user runs it with {@code
 * AGENTOPS_PROVIDER=openai}: the real OpenAI adapter over HTTP, to a server on loopback that speaks
 * the chat completions wire format. Behind the wire the server answers as the demo coder and the
 * demo judge would, from what each request carries (its messages and its JSON schema's name), so
 * the run must work through the real request building, structured output and reply parsing.
 */
class LoopOverHttpTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "sk-test-0123456789abcdef";

  @TempDir Path dir;
  HttpServer server;
  final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::complete);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  void complete(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody());
    requests.add(body);
    authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    StringBuilder all = new StringBuilder();
    String last = "";
    for (JsonNode m : body.path("messages")) {
      all.append(m.path("content").asText()).append('\n');
      last = m.path("content").asText();
    }
    String schema = body.path("response_format").path("json_schema").path("name").asText("");
    String content =
        schema.equals("JudgeReply")
            ? DemoJudge.reply(last)
            : DemoCoder.reply(schema, all.toString());
    ObjectNode reply = JSON.createObjectNode();
    reply.put("id", "chatcmpl-" + requests.size()).put("object", "chat.completion");
    reply.put("created", 1_780_000_000L).put("model", body.path("model").asText());
    ObjectNode choice = reply.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", content);
    int prompt = all.length() / 4;
    int completion = content.length() / 4;
    reply
        .putObject("usage")
        .put("prompt_tokens", prompt)
        .put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
    byte[] bytes = JSON.writeValueAsBytes(reply);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Test
  void theLoopRunsThroughTheOpenAiAdapter_andEndsDormant() {
    Map<String, String> env =
        Map.of(
            "AGENTOPS_PROVIDER",
            "openai",
            "AGENTOPS_MODEL",
            "gpt-4o-mini",
            "AGENTOPS_BASE_URL",
            "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
            "OPENAI_API_KEY",
            KEY);
    ExampleModels.Choice choice = ExampleModels.from(env::get);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      status = LoopExample.run(choice, dir.resolve("work"), out);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertThat(status).as(output).isZero();
    assertThat(output)
        .containsPattern("model: openai[a-z-]* / gpt-4o-mini")
        .contains("3 of 3 goals pass (slug ✓ slug-length ✓ wrap ✓)")
        .contains("dormant: every goal passes")
        .doesNotContain(KEY);
    // every phase that asks, and every judge, went over the wire with a JSON schema
    assertThat(requests)
        .extracting(r -> r.path("response_format").path("json_schema").path("name").asText())
        .contains("ResearchNotes", "Plan", "Patch", "JudgeReply");
    assertThat(authorizations).containsOnly("Bearer " + KEY);
    // the judges were shown the gates' results; a failing attempt never reached them
    assertThat(requests)
        .filteredOn(r ->
            r.path("response_format")
                .path("json_schema")
                .path("name")
                .asText()
                .equals("JudgeReply"))
        .hasSize(6)
        .allSatisfy(r -> assertThat(r.toString()).doesNotContain(": FAIL ("));
  }
}
