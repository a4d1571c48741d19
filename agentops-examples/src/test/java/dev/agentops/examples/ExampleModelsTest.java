package dev.agentops.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.llm.http.AnthropicModel;
import dev.agentops.llm.http.OpenAiCompatibleModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleModelsTest {

  static ExampleModels.Choice choose(Map<String, String> env) {
    return ExampleModels.from(env::get);
  }

  @Test
  void withoutAProviderTheDemoModelIsUsedAndSaysSo() {
    ExampleModels.Choice c = choose(Map.of());

    assertThat(c.model()).isInstanceOf(DemoModel.class);
    assertThat(c.description()).contains("deterministic, offline").contains("AGENTOPS_PROVIDER");
  }

  @Test
  void ollamaNeedsNoKeyAndDefaultsToLocalhost() {
    ExampleModels.Choice c = choose(Map.of("AGENTOPS_PROVIDER", "ollama"));

    assertThat(c.model()).isInstanceOf(OpenAiCompatibleModel.class);
    assertThat(c.model().toString()).contains("localhost:11434").contains("llama3.1");
    assertThat(c.description()).isEqualTo("ollama / llama3.1");
  }

  @Test
  void openAiTakesTheModelAndKeyFromTheEnvironment() {
    ExampleModels.Choice c =
        choose(
            Map.of(
                "AGENTOPS_PROVIDER", "openai",
                "AGENTOPS_MODEL", "gpt-4.1-mini",
                "OPENAI_API_KEY", "sk-example-test-key-0123456789abcdef"));

    assertThat(c.description()).isEqualTo("openai / gpt-4.1-mini");
    assertThat(c.model().toString()).doesNotContain("sk-example");
  }

  @Test
  void anthropicWithoutAKeyFailsNamingTheVariable() {
    assertThatThrownBy(() -> choose(Map.of("AGENTOPS_PROVIDER", "anthropic")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY");
  }

  @Test
  void anthropicWithAKeyUsesTheDefaultModel() {
    ExampleModels.Choice c =
        choose(
            Map.of(
                "AGENTOPS_PROVIDER", "Anthropic",
                "ANTHROPIC_API_KEY", "sk-ant-example-test-key-0123456789"));

    assertThat(c.model()).isInstanceOf(AnthropicModel.class);
    assertThat(c.description()).isEqualTo("anthropic / claude-haiku-4-5");
  }

  @Test
  void anUnknownProviderIsNamedInTheError() {
    assertThatThrownBy(() -> choose(Map.of("AGENTOPS_PROVIDER", "skynet")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'skynet'");
  }
}
