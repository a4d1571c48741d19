package dev.agentops.examples.loop;

import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;

/**
 * A deterministic, offline stand-in for a judge's model. It is not a model: it passes a change
 * whose deterministic checks it was shown all passed, and abstains when it was shown none. Councils
 * run after the gates, so in this example it only ever sees changes whose tests pass; a failing
 * test is never overridden by a vote (Factor V). Thread-safe (stateless).
 */
final class DemoJudge implements LanguageModel {

  private final String modelId;

  DemoJudge(String modelId) {
    this.modelId = modelId;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    String shown = "";
    for (ChatMessage m : request.messages()) {
      shown = m.content();
    }
    return ChatResponse.builder(reply(shown)).modelId(modelId).build();
  }

  /**
   * What the demo judge answers, from the last message it was shown.
   *
   * @param shown the judge's request: the artifact and the checks already run
   * @return the reply's JSON
   */
  static String reply(String shown) {
    boolean checked = shown.contains("Deterministic checks already run on it:");
    boolean allPassed = checked && !shown.contains(": FAIL (");
    return allPassed
        ? "{\"verdict\":\"PASS\",\"confidence\":0.85,\"summary\":\"the change is small and"
            + " the checks that cover it pass\",\"findings\":[]}"
        : "{\"verdict\":\"ABSTAIN\",\"confidence\":0.5,\"summary\":\"no passing checks were"
            + " shown; not judging blind\",\"findings\":[]}";
  }

  @Override
  public String toString() {
    return "DemoJudge[" + modelId + "] (deterministic, offline)";
  }
}
