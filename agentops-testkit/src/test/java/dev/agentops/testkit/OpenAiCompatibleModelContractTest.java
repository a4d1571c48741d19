package dev.agentops.testkit;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.http.HttpRetries;
import dev.agentops.llm.http.OpenAiCompatibleModel;
import dev.agentops.llm.loopback.LoopbackProvider;
import dev.agentops.llm.loopback.LoopbackProvider.Canned;
import dev.agentops.llm.loopback.OpenAiProtocol;
import java.util.List;

/** The OpenAI-compatible adapter, against a loopback server speaking Chat Completions. */
class OpenAiCompatibleModelContractTest extends LanguageModelContract {

  @Override
  protected Harness harness() {
    return new LoopbackHarness();
  }

  static final class LoopbackHarness implements Harness, AutoCloseable {
    final LoopbackProvider provider = LoopbackProvider.start();
    final OpenAiCompatibleModel model =
        OpenAiCompatibleModel.builder()
            .baseUrl(provider.baseUrl() + "/v1")
            .model("gpt-4o")
            .apiKey("sk-contract-test-key-0123456789abcdef")
            .retries(HttpRetries.none())
            .build();

    @Override
    public LanguageModel model() {
      return model;
    }

    @Override
    public void enqueue(Reply reply) {
      provider.enqueue(request ->
          request.json().path("stream").asBoolean()
              ? Canned.sse(
                  OpenAiProtocol.stream(
                      List.of(reply.text()), reply.finishReason(), reply.usage(), "gpt-4o"))
              : Canned.json(
                  200,
                  OpenAiProtocol.completion(
                      reply.text(), reply.finishReason(), reply.usage(), "gpt-4o")));
    }

    @Override
    public List<ChatRequest> received() {
      return provider.requests().stream().map(r -> OpenAiProtocol.decode(r.json())).toList();
    }

    @Override
    public void close() {
      provider.close();
    }
  }
}
