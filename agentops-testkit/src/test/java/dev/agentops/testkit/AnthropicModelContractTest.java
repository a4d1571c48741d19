package dev.agentops.testkit;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.http.AnthropicModel;
import dev.agentops.llm.http.HttpRetries;
import dev.agentops.llm.loopback.AnthropicProtocol;
import dev.agentops.llm.loopback.LoopbackProvider;
import dev.agentops.llm.loopback.LoopbackProvider.Canned;
import java.util.List;

/** The Anthropic adapter, against a loopback server speaking the Messages API. */
class AnthropicModelContractTest extends LanguageModelContract {

  @Override
  protected Harness harness() {
    return new LoopbackHarness();
  }

  static final class LoopbackHarness implements Harness, AutoCloseable {
    final LoopbackProvider provider = LoopbackProvider.start();
    final AnthropicModel model =
        AnthropicModel.builder()
            .baseUrl(provider.baseUrl())
            .model("claude-sonnet-4-6")
            .apiKey("sk-ant-contract-test-key-0123456789")
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
                  AnthropicProtocol.stream(
                      List.of(reply.text()),
                      reply.finishReason(),
                      reply.usage(),
                      "claude-sonnet-4-6"))
              : Canned.json(
                  200,
                  AnthropicProtocol.message(
                      reply.text(), reply.finishReason(), reply.usage(), "claude-sonnet-4-6")));
    }

    @Override
    public List<ChatRequest> received() {
      return provider.requests().stream().map(r -> AnthropicProtocol.decode(r.json())).toList();
    }

    @Override
    public void close() {
      provider.close();
    }
  }
}
