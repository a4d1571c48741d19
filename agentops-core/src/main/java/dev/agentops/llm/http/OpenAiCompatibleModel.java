package dev.agentops.llm.http;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ModelProfile;
import dev.agentops.llm.internal.HttpChatClient;
import dev.agentops.llm.internal.HttpTransport;
import dev.agentops.llm.internal.OpenAiWire;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LanguageModel} that speaks the OpenAI Chat Completions API ({@code POST
 * {baseUrl}/chat/completions}), and so works with OpenAI and with every server that offers the same
 * API: Ollama ({@code http://localhost:11434/v1}), vLLM, the llama.cpp server, LM Studio.
 *
 * <pre>{@code
 * LanguageModel gpt = OpenAiCompatibleModel.builder()
 *     .model("gpt-4o")                      // key from OPENAI_API_KEY
 *     .build();
 *
 * LanguageModel local = OpenAiCompatibleModel.builder()
 *     .baseUrl("http://localhost:11434/v1") // Ollama; no key needed
 *     .model("llama3.1:8b")
 *     .build();
 * }</pre>
 *
 * <p>JSON Schema response formats are sent as {@code response_format: json_schema} (strict when the
 * schema allows it) if the model's profile says the server enforces schemas; otherwise as {@code
 * json_object} with the schema stated in the system text. Streaming uses server-sent events with
 * {@code stream_options.include_usage}, so streamed replies report usage too.
 *
 * <p>Thread-safe. Transient failures are retried as {@link HttpRetries} describes.
 *
 * @since 0.1.0
 */
public final class OpenAiCompatibleModel implements LanguageModel {

  private final String provider;
  private final String model;
  private final URI baseUrl;
  private final @Nullable ModelProfile profile;
  private final HttpChatClient client;

  private OpenAiCompatibleModel(Builder b) {
    this.model = b.requireModel();
    this.baseUrl = b.baseUrl();
    boolean official = "api.openai.com".equalsIgnoreCase(baseUrl.getHost());
    this.provider =
        b.providerName != null ? b.providerName : official ? "openai" : "openai-compatible";
    Optional<ModelProfile> resolved = b.resolveProfile(model);
    this.profile = resolved.orElse(null);
    Optional<String> key = b.resolveApiKey();
    if (official && key.isEmpty()) {
      throw new IllegalStateException(
          "no API key for OpenAI: call apiKey(...) or set " + b.apiKeyVariable());
    }
    MaxTokensField maxTokensField =
        b.maxTokensField != null
            ? b.maxTokensField
            : official ? MaxTokensField.MAX_COMPLETION_TOKENS : MaxTokensField.MAX_TOKENS;
    boolean temperature =
        b.temperatureSupported != null ? b.temperatureSupported : !isReasoningModel(model);
    OpenAiWire.Options options =
        new OpenAiWire.Options(
            model,
            b.nativeJsonSchema(resolved),
            maxTokensField.json,
            temperature,
            b.defaultMaxOutputTokens());
    Map<String, String> headers = new LinkedHashMap<>(b.headers());
    key.ifPresent(k -> headers.put("Authorization", "Bearer " + k));
    HttpTransport transport =
        new HttpTransport(
            provider,
            b.httpClient(),
            b.requestTimeout(),
            b.retries(),
            OpenAiWire::error,
            key.orElse(null));
    this.client =
        new HttpChatClient(
            URI.create(baseUrl + "/chat/completions"),
            headers,
            b.requestTimeout(),
            transport,
            OpenAiWire.codec(provider, options, transport::clean));
  }

  /**
   * Starts an adapter for {@code https://api.openai.com/v1}, with the key read from {@code
   * OPENAI_API_KEY}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return client.chat(request);
  }

  @Override
  public ChatResponse stream(ChatRequest request, Consumer<String> onText) {
    return client.stream(request, onText);
  }

  /**
   * Returns the model this adapter calls.
   *
   * @return the model id
   */
  public String modelId() {
    return model;
  }

  /**
   * Returns the model's profile, if the model is known or a profile was given.
   *
   * @return the profile
   */
  public Optional<ModelProfile> profile() {
    return Optional.ofNullable(profile);
  }

  /**
   * Returns the provider's name as it appears in exceptions: {@code openai} for OpenAI's own API,
   * {@code openai-compatible} for other servers unless {@link Builder#providerName(String)} says
   * otherwise.
   *
   * @return the provider name
   */
  public String provider() {
    return provider;
  }

  @Override
  public String toString() {
    return "OpenAiCompatibleModel[provider="
        + provider
        + ", model="
        + model
        + ", baseUrl="
        + HttpModelBuilder.withoutCredentials(baseUrl.toString())
        + "]";
  }

  private static boolean isReasoningModel(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    return m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4") || m.startsWith("gpt-5");
  }

  /** How the output limit is named on the wire. */
  public enum MaxTokensField {
    /** {@code max_tokens}: what most OpenAI-compatible servers read. */
    MAX_TOKENS("max_tokens"),
    /** {@code max_completion_tokens}: what OpenAI's own API expects of current models. */
    MAX_COMPLETION_TOKENS("max_completion_tokens");

    private final String json;

    MaxTokensField(String json) {
      this.json = json;
    }
  }

  /**
   * Builds an {@link OpenAiCompatibleModel}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder extends HttpModelBuilder<Builder, OpenAiCompatibleModel> {

    private @Nullable String providerName;
    private @Nullable MaxTokensField maxTokensField;
    private @Nullable Boolean temperatureSupported;

    private Builder() {
      super("https://api.openai.com/v1", "OPENAI_API_KEY");
    }

    /**
     * Names the provider in exceptions and logs, such as {@code ollama} or {@code vllm}.
     *
     * @param providerName a non-blank name
     * @return this builder
     */
    public Builder providerName(String providerName) {
      Objects.requireNonNull(providerName, "providerName");
      if (providerName.isBlank()) {
        throw new IllegalArgumentException("providerName must not be blank");
      }
      this.providerName = providerName;
      return this;
    }

    /**
     * Sets how the output limit is named; by default {@code max_completion_tokens} for OpenAI's own
     * API and {@code max_tokens} for any other server.
     *
     * @param field the field
     * @return this builder
     */
    public Builder maxTokensField(MaxTokensField field) {
      this.maxTokensField = Objects.requireNonNull(field, "field");
      return this;
    }

    /**
     * Sets whether the model accepts a temperature. By default it is sent, except to OpenAI's
     * reasoning models (o1, o3, o4, GPT-5), which reject any but their own.
     *
     * @param supported {@code false} to never send a temperature
     * @return this builder
     */
    public Builder temperatureSupported(boolean supported) {
      this.temperatureSupported = supported;
      return this;
    }

    @Override
    public OpenAiCompatibleModel build() {
      return new OpenAiCompatibleModel(this);
    }
  }
}
