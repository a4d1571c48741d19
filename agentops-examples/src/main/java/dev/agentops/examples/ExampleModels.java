package dev.agentops.examples;

import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ModelProfile;
import dev.agentops.llm.http.AnthropicModel;
import dev.agentops.llm.http.OpenAiCompatibleModel;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the model the examples talk to, from environment variables:
 *
 * <ul>
 *   <li>{@code AGENTOPS_PROVIDER}: {@code openai}, {@code anthropic}, {@code ollama} or {@code
 *       openai-compatible}; unset means the offline {@link DemoModel};
 *   <li>{@code AGENTOPS_MODEL}: the model id (defaults: {@code gpt-4o-mini}, {@code
 *       claude-haiku-4-5}, {@code llama3.1});
 *   <li>{@code AGENTOPS_BASE_URL}: where the API is, for Ollama and other compatible servers;
 *   <li>{@code OPENAI_API_KEY} or {@code ANTHROPIC_API_KEY}: the key, read by the adapters.
 * </ul>
 */
public final class ExampleModels {

  /**
   * The model chosen, its profile, and a line describing it for the user.
   *
   * @param model the model
   * @param profile its profile, which sizes context budgets
   * @param description a line for the user
   */
  public record Choice(LanguageModel model, ModelProfile profile, String description) {}

  /** The demo model's profile: a small window, so that budgets show visible fractions. */
  public static final ModelProfile DEMO_PROFILE =
      ModelProfile.builder("demo", DemoModel.ID)
          .contextWindow(8_192)
          .maxOutputTokens(1_024)
          .build();

  private ExampleModels() {}

  /**
   * Chooses from the process environment.
   *
   * @return the model and its description
   */
  public static Choice fromEnvironment() {
    return from(System::getenv);
  }

  /**
   * Chooses from the given environment.
   *
   * @param env returns a variable's value, or {@code null}
   * @return the model and its description
   * @throws IllegalArgumentException if {@code AGENTOPS_PROVIDER} names an unknown provider
   */
  public static Choice from(Function<String, @Nullable String> env) {
    String provider = env.apply("AGENTOPS_PROVIDER");
    if (provider == null || provider.isBlank()) {
      return new Choice(
          new DemoModel(),
          DEMO_PROFILE,
          DemoModel.ID
              + " (deterministic, offline; set AGENTOPS_PROVIDER=openai|anthropic|ollama to use"
              + " a real model)");
    }
    String model = env.apply("AGENTOPS_MODEL");
    String baseUrl = env.apply("AGENTOPS_BASE_URL");
    switch (provider.strip().toLowerCase(Locale.ROOT)) {
      case "openai":
      case "openai-compatible":
        {
          OpenAiCompatibleModel.Builder b =
              OpenAiCompatibleModel.builder()
                  .model(orDefault(model, "gpt-4o-mini"))
                  .environment(env);
          if (baseUrl != null && !baseUrl.isBlank()) {
            b.baseUrl(baseUrl);
          }
          OpenAiCompatibleModel m = b.build();
          return new Choice(
              m,
              profileOf(m.profile(), m.provider(), m.modelId()),
              m.provider() + " / " + m.modelId());
        }
      case "ollama":
        {
          OpenAiCompatibleModel m =
              OpenAiCompatibleModel.builder()
                  .baseUrl(orDefault(baseUrl, "http://localhost:11434/v1"))
                  .model(orDefault(model, "llama3.1"))
                  .providerName("ollama")
                  .environment(env)
                  .build();
          return new Choice(
              m, profileOf(m.profile(), "ollama", m.modelId()), "ollama / " + m.modelId());
        }
      case "anthropic":
        {
          AnthropicModel.Builder b =
              AnthropicModel.builder().model(orDefault(model, "claude-haiku-4-5")).environment(env);
          if (baseUrl != null && !baseUrl.isBlank()) {
            b.baseUrl(baseUrl);
          }
          AnthropicModel m = b.build();
          return new Choice(
              m, profileOf(m.profile(), "anthropic", m.modelId()), "anthropic / " + m.modelId());
        }
      default:
        throw new IllegalArgumentException(
            "AGENTOPS_PROVIDER must be openai, anthropic, ollama or openai-compatible, but was '"
                + provider
                + "'");
    }
  }

  /** A model the table does not know gets the builder's defaults (a 128,000-token window). */
  private static ModelProfile profileOf(
      Optional<ModelProfile> known, String provider, String modelId) {
    return known.orElseGet(() -> ModelProfile.builder(provider, modelId).build());
  }

  private static String orDefault(@Nullable String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}
