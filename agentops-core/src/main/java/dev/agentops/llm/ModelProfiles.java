package dev.agentops.llm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table of {@link ModelProfile}s looked up by model id.
 *
 * <p>{@link #defaults()} holds the well-known hosted models (OpenAI GPT-4o, GPT-4.1, GPT-5 and
 * o-series; Anthropic Claude; Google Gemini) and common Ollama models. Hosts extend or override it
 * with {@link #with(ModelProfile...)}; nothing here is global.
 *
 * <p>Lookups match an exact id first, then the longest known id that the asked id extends at a
 * boundary ({@code -}, {@code :}, {@code @} or {@code /}): {@code gpt-4o-2024-08-06} finds {@code
 * gpt-4o}, {@code llama3.1:8b} finds {@code llama3.1}, but {@code gpt-4.1} never finds {@code
 * gpt-4}.
 *
 * <p>The numbers are the providers' published limits as of late 2026. Where a provider offers a
 * larger window only in beta, the table keeps the generally available one. Ollama profiles carry
 * the model's trained window; an Ollama server runs with a smaller {@code num_ctx} unless
 * configured otherwise, so override the profile with the window your server really uses.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ModelProfiles {

  private static final ModelProfiles DEFAULTS = new ModelProfiles(wellKnown());

  private final Map<String, ModelProfile> byId;

  private ModelProfiles(Collection<ModelProfile> profiles) {
    Map<String, ModelProfile> map = new LinkedHashMap<>();
    for (ModelProfile p : profiles) {
      map.put(Objects.requireNonNull(p, "profile").modelId(), p);
    }
    this.byId = map;
  }

  /**
   * Returns the table of well-known models.
   *
   * @return the defaults
   */
  public static ModelProfiles defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a table holding exactly the given profiles; a later profile with the same id replaces
   * an earlier one.
   *
   * @param profiles the profiles
   * @return the table
   */
  public static ModelProfiles of(Collection<ModelProfile> profiles) {
    return new ModelProfiles(List.copyOf(profiles));
  }

  /**
   * Returns a copy of this table with profiles added, replacing any with the same model id.
   *
   * @param profiles the profiles to add or override
   * @return the new table
   */
  public ModelProfiles with(ModelProfile... profiles) {
    List<ModelProfile> all = new ArrayList<>(byId.values());
    all.addAll(Arrays.asList(profiles));
    return new ModelProfiles(all);
  }

  /**
   * Finds the profile for a model id.
   *
   * @param modelId the id, possibly with a version or tag suffix
   * @return the profile, if the id or a prefix of it is known
   */
  public Optional<ModelProfile> find(String modelId) {
    Objects.requireNonNull(modelId, "modelId");
    ModelProfile exact = byId.get(modelId);
    if (exact != null) {
      return Optional.of(exact);
    }
    ModelProfile best = null;
    for (ModelProfile p : byId.values()) {
      String id = p.modelId();
      if (modelId.length() > id.length()
          && modelId.startsWith(id)
          && "-:@/".indexOf(modelId.charAt(id.length())) >= 0
          && (best == null || id.length() > best.modelId().length())) {
        best = p;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Returns the profile for a model id, or fails.
   *
   * @param modelId the id
   * @return the profile
   * @throws IllegalArgumentException if the id is unknown
   */
  public ModelProfile require(String modelId) {
    return find(modelId)
        .orElseThrow(() ->
            new IllegalArgumentException(
                "unknown model id '"
                    + modelId
                    + "': add a ModelProfile for it with ModelProfiles.with(...); known ids: "
                    + String.join(", ", byId.keySet())));
  }

  /**
   * Returns every profile in the table.
   *
   * @return the profiles, in the order they were added
   */
  public List<ModelProfile> all() {
    return List.copyOf(byId.values());
  }

  private static List<ModelProfile> wellKnown() {
    List<ModelProfile> l = new ArrayList<>();
    // OpenAI
    for (String id : List.of("gpt-5", "gpt-5.1", "gpt-5-mini", "gpt-5-nano")) {
      l.add(openAi(id, 400_000, 128_000, TokenizerFamily.O200K_BASE, true));
    }
    // The ChatGPT snapshots have a smaller window than the API models of the same name.
    l.add(openAi("gpt-5-chat", 128_000, 16_384, TokenizerFamily.O200K_BASE, true));
    for (String id : List.of("gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano")) {
      l.add(openAi(id, 1_047_576, 32_768, TokenizerFamily.O200K_BASE, true));
    }
    for (String id : List.of("gpt-4o", "gpt-4o-mini")) {
      l.add(openAi(id, 128_000, 16_384, TokenizerFamily.O200K_BASE, true));
    }
    for (String id : List.of("o3", "o3-mini", "o4-mini")) {
      l.add(openAi(id, 200_000, 100_000, TokenizerFamily.O200K_BASE, true));
    }
    l.add(openAi("gpt-4-turbo", 128_000, 4_096, TokenizerFamily.CL100K_BASE, false));
    l.add(openAi("gpt-4", 8_192, 8_192, TokenizerFamily.CL100K_BASE, false));
    l.add(openAi("gpt-3.5-turbo", 16_385, 4_096, TokenizerFamily.CL100K_BASE, false));
    // Anthropic
    l.add(claude("claude-opus-4-7", 1_000_000, 128_000, true));
    l.add(claude("claude-sonnet-4-6", 1_000_000, 64_000, true));
    l.add(claude("claude-opus-4-6", 200_000, 64_000, true));
    l.add(claude("claude-opus-4-5", 200_000, 64_000, true));
    l.add(claude("claude-sonnet-4-5", 200_000, 64_000, true));
    l.add(claude("claude-haiku-4-5", 200_000, 64_000, true));
    l.add(claude("claude-opus-4-1", 200_000, 32_000, false));
    l.add(claude("claude-opus-4", 200_000, 32_000, false));
    l.add(claude("claude-sonnet-4", 200_000, 64_000, false));
    l.add(claude("claude-3-7-sonnet", 200_000, 64_000, false));
    l.add(claude("claude-3-5-haiku", 200_000, 8_192, false));
    // Google
    for (String id : List.of("gemini-3-pro-preview", "gemini-2.5-pro", "gemini-2.5-flash")) {
      l.add(gemini(id, 65_536));
    }
    l.add(gemini("gemini-2.5-flash-lite", 65_536));
    l.add(gemini("gemini-2.0-flash", 8_192));
    // Ollama (trained windows; see the class comment about num_ctx)
    l.add(ollama("llama3.1", "meta", 131_072, TokenizerFamily.OPEN_WEIGHTS));
    l.add(ollama("llama3.2", "meta", 131_072, TokenizerFamily.OPEN_WEIGHTS));
    l.add(ollama("llama3.3", "meta", 131_072, TokenizerFamily.OPEN_WEIGHTS));
    l.add(ollama("qwen2.5", "alibaba", 32_768, TokenizerFamily.OPEN_WEIGHTS));
    l.add(ollama("qwen2.5-coder", "alibaba", 32_768, TokenizerFamily.OPEN_WEIGHTS));
    l.add(ollama("qwen3", "alibaba", 40_960, TokenizerFamily.OPEN_WEIGHTS));
    l.add(ollama("mistral", "mistral", 32_768, TokenizerFamily.OPEN_WEIGHTS));
    l.add(ollama("gemma3", "google", 131_072, TokenizerFamily.OPEN_WEIGHTS));
    l.add(ollama("phi4", "microsoft", 16_384, TokenizerFamily.OPEN_WEIGHTS));
    l.add(ollama("deepseek-r1", "deepseek", 131_072, TokenizerFamily.OPEN_WEIGHTS));
    l.add(ollama("gpt-oss", "openai", 131_072, TokenizerFamily.O200K_BASE));
    return l;
  }

  private static ModelProfile openAi(
      String id, int window, int maxOutput, TokenizerFamily family, boolean nativeSchema) {
    return ModelProfile.builder("openai", id)
        .contextWindow(window)
        .maxOutputTokens(maxOutput)
        .tokenizerFamily(family)
        .nativeJsonSchema(nativeSchema)
        .build();
  }

  private static ModelProfile claude(String id, int window, int maxOutput, boolean nativeSchema) {
    return ModelProfile.builder("anthropic", id)
        .contextWindow(window)
        .maxOutputTokens(maxOutput)
        .tokenizerFamily(TokenizerFamily.CLAUDE)
        .nativeJsonSchema(nativeSchema)
        .build();
  }

  private static ModelProfile gemini(String id, int maxOutput) {
    return ModelProfile.builder("google", id)
        .contextWindow(1_048_576)
        .maxOutputTokens(maxOutput)
        .tokenizerFamily(TokenizerFamily.GEMINI)
        .build();
  }

  private static ModelProfile ollama(String id, String vendor, int window, TokenizerFamily family) {
    return ModelProfile.builder("ollama", id)
        .vendor(vendor)
        .contextWindow(window)
        .maxOutputTokens(8_192)
        .tokenizerFamily(family)
        .build();
  }
}
