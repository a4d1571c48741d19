package dev.agentops.examples;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.StructuredOutput;
import dev.agentops.llm.StructuredResult;
import dev.agentops.llm.http.AnthropicModel;
import dev.agentops.llm.http.OpenAiCompatibleModel;
import java.util.List;

/**
 * The README's quickstart, compiled: ask a model for a typed plan and get it checked. The code
 * between the {@code quickstart} markers is what the README shows; a test keeps them equal.
 */
public final class Quickstart {

  /**
   * A plan for a piece of work.
   *
   * @param goal what the work achieves
   * @param steps what to do, in order
   */
  public record Plan(String goal, List<String> steps) {}

  private Quickstart() {}

  /**
   * Builds the three kinds of model the README shows. Building the OpenAI and Anthropic ones needs
   * their keys in the environment.
   *
   * @return the models: OpenAI, Anthropic, a local Ollama
   */
  public static List<LanguageModel> models() {
    // adapters:begin
    // The key is read from OPENAI_API_KEY.
    LanguageModel gpt = OpenAiCompatibleModel.builder().model("gpt-4o-mini").build();
    // The key is read from ANTHROPIC_API_KEY.
    LanguageModel claude = AnthropicModel.builder().model("claude-haiku-4-5").build();
    // Ollama on this machine: no key.
    LanguageModel local =
        OpenAiCompatibleModel.builder()
            .baseUrl("http://localhost:11434/v1")
            .model("llama3.1:8b")
            .build();
    // adapters:end
    return List.of(gpt, claude, local);
  }

  /**
   * Asks a model for a plan.
   *
   * @param model any language model
   * @param task the work to plan
   * @return the plan, with what it took to get it
   */
  public static StructuredResult<Plan> plan(LanguageModel model, String task) {
    // quickstart:begin
    StructuredOutput<Plan> plans =
        StructuredOutput.forRecord(Plan.class)
            .validator(plan -> plan.steps().isEmpty() ? List.of("$.steps: name a step") : List.of())
            .maxAttempts(3)
            .build();
    StructuredResult<Plan> result =
        plans.generate(
            model,
            ChatRequest.builder()
                .system("You plan software work. Research comes before implementation.")
                .user(task)
                .build());
    // quickstart:end
    return result;
  }
}
