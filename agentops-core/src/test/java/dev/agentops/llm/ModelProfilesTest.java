package dev.agentops.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ModelProfilesTest {

  final ModelProfiles defaults = ModelProfiles.defaults();

  @Nested
  class Lookup {

    @Test
    void findsAnExactId() {
      ModelProfile p = defaults.require("gpt-4o");

      assertThat(p.provider()).isEqualTo("openai");
      assertThat(p.contextWindow()).isEqualTo(128_000);
      assertThat(p.tokenizerFamily()).isEqualTo(TokenizerFamily.O200K_BASE);
    }

    @Test
    void findsADatedSnapshotThroughItsFamily() {
      assertThat(defaults.require("gpt-4o-2024-08-06").modelId()).isEqualTo("gpt-4o");
      assertThat(defaults.require("claude-haiku-4-5-20251001").modelId())
          .isEqualTo("claude-haiku-4-5");
      assertThat(defaults.require("claude-sonnet-4-20250514").modelId())
          .isEqualTo("claude-sonnet-4");
    }

    @Test
    void prefersTheLongestKnownPrefix() {
      assertThat(defaults.require("gpt-4o-mini-2024-07-18").modelId()).isEqualTo("gpt-4o-mini");
      assertThat(defaults.require("claude-sonnet-4-5-20250929").modelId())
          .isEqualTo("claude-sonnet-4-5");
    }

    @Test
    void theChatSnapshotIsNotTakenForTheApiModel() {
      assertThat(defaults.require("gpt-5-chat-latest").contextWindow()).isEqualTo(128_000);
      assertThat(defaults.require("gpt-5-2025-08-07").contextWindow()).isEqualTo(400_000);
    }

    @Test
    void findsAnOllamaTag() {
      ModelProfile p = defaults.require("llama3.1:8b");

      assertThat(p.modelId()).isEqualTo("llama3.1");
      assertThat(p.provider()).isEqualTo("ollama");
      assertThat(p.vendor()).isEqualTo("meta");
      assertThat(p.tokenizerFamily().exact()).isFalse();
    }

    @Test
    void neverMatchesAcrossAVersionDot() {
      assertThat(defaults.require("gpt-4.1-mini").modelId()).isEqualTo("gpt-4.1-mini");
      assertThat(defaults.find("gpt-4.5")).isEmpty();
      assertThat(defaults.find("gpt-4o2")).isEmpty();
    }

    @Test
    void anUnknownIdIsAClearError() {
      assertThatThrownBy(() -> defaults.require("mystery-model-9"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown model id 'mystery-model-9'")
          .hasMessageContaining("ModelProfiles.with");
    }
  }

  @Nested
  class TheTable {

    @Test
    void coversEveryFamilyTheDesignNames() {
      List<String> ids = defaults.all().stream().map(ModelProfile::modelId).toList();

      assertThat(ids)
          .contains("gpt-4o", "gpt-4.1", "gpt-5", "claude-sonnet-4-6", "claude-opus-4-7")
          .contains("gemini-2.5-pro", "llama3.1", "qwen2.5", "mistral");
    }

    @Test
    void everyProfileIsConsistent() {
      for (ModelProfile p : defaults.all()) {
        assertThat(p.maxOutputTokens()).as(p.modelId()).isLessThanOrEqualTo(p.contextWindow());
        assertThat(p.tokenizerFamily().exact())
            .as("%s counts exactly only with an OpenAI encoding", p.modelId())
            .isEqualTo(
                p.tokenizerFamily() == TokenizerFamily.O200K_BASE
                    || p.tokenizerFamily() == TokenizerFamily.CL100K_BASE);
      }
    }

    @Test
    void claudeAndGeminiAreApproximatedWithTheDesignsStartingFactors() {
      assertThat(defaults.require("claude-sonnet-4-6").tokenizerFamily().initialFactor())
          .isEqualTo(1.25);
      assertThat(defaults.require("gemini-2.5-flash").tokenizerFamily().initialFactor())
          .isEqualTo(1.15);
    }
  }

  @Nested
  class Extension {

    @Test
    void aHostCanOverrideAKnownModel() {
      ModelProfile small =
          defaults.require("llama3.1").toBuilder()
              .contextWindow(8_192)
              .maxOutputTokens(1_024)
              .build();

      ModelProfiles mine = defaults.with(small);

      assertThat(mine.require("llama3.1:8b").contextWindow()).isEqualTo(8_192);
      assertThat(defaults.require("llama3.1:8b").contextWindow()).isEqualTo(131_072);
    }

    @Test
    void aHostCanAddAModel() {
      ModelProfile inHouse =
          ModelProfile.builder("vllm", "acme-coder-7b")
              .vendor("acme")
              .contextWindow(32_768)
              .maxOutputTokens(4_096)
              .tokenizerFamily(TokenizerFamily.OPEN_WEIGHTS)
              .nativeJsonSchema(false)
              .build();

      ModelProfiles mine = defaults.with(inHouse);

      assertThat(mine.require("acme-coder-7b")).isEqualTo(inHouse);
      assertThat(mine.all()).hasSize(defaults.all().size() + 1);
    }

    @Test
    void ofHoldsExactlyTheGivenProfiles() {
      ModelProfile one = ModelProfile.builder("x", "one").build();

      assertThat(ModelProfiles.of(List.of(one)).all()).containsExactly(one);
    }
  }

  @Nested
  class ProfileValidation {

    @Test
    void aNonPositiveWindowNamesTheArgument() {
      assertThatThrownBy(() -> ModelProfile.builder("x", "y").contextWindow(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("contextWindow must be > 0, but was 0");
    }

    @Test
    void anOutputLimitLargerThanTheWindowIsRefused() {
      assertThatThrownBy(() ->
              ModelProfile.builder("x", "y").contextWindow(1_000).maxOutputTokens(2_000).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("maxOutputTokens (2000) must not exceed contextWindow (1000)");
    }

    @Test
    void blankIdsAreRefused() {
      assertThatThrownBy(() -> ModelProfile.builder("openai", " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("modelId must not be blank");
    }

    @Test
    void theVendorDefaultsToTheProvider() {
      assertThat(ModelProfile.builder("anthropic", "claude-x").build().vendor())
          .isEqualTo("anthropic");
    }
  }
}
