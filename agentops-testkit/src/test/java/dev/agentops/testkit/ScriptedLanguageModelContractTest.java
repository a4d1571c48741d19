package dev.agentops.testkit;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import java.util.List;

/** The scripted model keeps the same contract as the real adapters. */
class ScriptedLanguageModelContractTest extends LanguageModelContract {

  @Override
  protected Harness harness() {
    ScriptedLanguageModel model = ScriptedLanguageModel.builder().build();
    return new Harness() {
      @Override
      public LanguageModel model() {
        return model;
      }

      @Override
      public void enqueue(Reply reply) {
        model.enqueue(
            ChatResponse.builder(reply.text())
                .finishReason(reply.finishReason())
                .usage(reply.usage())
                .modelId(model.modelId())
                .build());
      }

      @Override
      public List<ChatRequest> received() {
        return model.requests();
      }
    };
  }
}
