package dev.agentops.llm.http;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ModelProfile;
import dev.agentops.llm.internal.AnthropicWire;
import dev.agentops.llm.internal.HttpChatClient;
import dev.agentops.llm.internal.HttpTransport;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LanguageModel} that speaks Anthropic's Messages API ({@code POST
 * {baseUrl}/v1/messages}).
 *
 * <pre>{@code
 * LanguageModel claude = AnthropicModel.builder()
 *     .model("claude-sonnet-4-6")   // key from ANTHROPIC_API_KEY
 *     .build();
 * }</pre>
 *
 * <p>The Messages API requires an output limit: requests that set none get {@link
 * HttpModelBuilder#defaultMaxOutputTokens(int)}, or else 4,096 tokens (less if the model's profile
 * allows less). Its temperature ranges from 0 to 1; a higher one is refused before any call. JSON
 * Schema response formats are sent as {@code output_config.format} when the model's profile says
 * Anthropic enforces schemas for it, and stated in the system text otherwise. Prompt tokens
 * reported include cache reads and writes.
 *
 * <p>Thread-safe. Transient failures (429, 5xx including 529 "overloaded") are retried as {@link
 * HttpRetries} describes.
 *
 * @since 0.1.0
 */
public final class AnthropicModel implements LanguageModel {

  /** The {@code anthropic-version} header sent unless the builder says otherwise. */
  public static final String DEFAULT_API_VERSION = "2023-06-01";

  private static final int DEFAULT_MAX_OUTPUT = 4_096;

  private final String model;
  private final URI baseUrl;
  private final @Nullable ModelProfile profile;
  private final HttpChatClient client;

  private AnthropicModel(Builder b) {
    this.model = b.requireModel();
    this.baseUrl = b.baseUrl();
    Optional<ModelProfile> resolved = b.resolveProfile(model);
    this.profile = resolved.orElse(null);
    String key =
        b.resolveApiKey()
            .orElseThrow(() ->
                new IllegalStateException(
                    "no API key for Anthropic: call apiKey(...) or set " + b.apiKeyVariable()));
    Integer configured = b.defaultMaxOutputTokens();
    int maxOutput =
        configured != null
            ? configured
            : Math.min(
                DEFAULT_MAX_OUTPUT,
                resolved.map(ModelProfile::maxOutputTokens).orElse(DEFAULT_MAX_OUTPUT));
    AnthropicWire.Options options =
        new AnthropicWire.Options(model, b.nativeJsonSchema(resolved), maxOutput);
    Map<String, String> headers = new LinkedHashMap<>(b.headers());
    headers.put("x-api-key", key);
    headers.putIfAbsent("anthropic-version", b.apiVersion);
    HttpTransport transport =
        new HttpTransport(
            "anthropic",
            b.httpClient(),
            b.requestTimeout(),
            b.retries(),
            AnthropicWire::error,
            key);
    this.client =
        new HttpChatClient(
            URI.create(baseUrl + "/v1/messages"),
            headers,
            b.requestTimeout(),
            transport,
            AnthropicWire.codec("anthropic", options, transport::clean));
  }

  /**
   * Starts an adapter for {@code https://api.anthropic.com}, with the key read from {@code
   * ANTHROPIC_API_KEY}.
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

  @Override
  public String toString() {
    return "AnthropicModel[model="
        + model
        + ", baseUrl="
        + HttpModelBuilder.withoutCredentials(baseUrl.toString())
        + "]";
  }

  /**
   * Builds an {@link AnthropicModel}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder extends HttpModelBuilder<Builder, AnthropicModel> {

    private String apiVersion = DEFAULT_API_VERSION;

    private Builder() {
      super("https://api.anthropic.com", "ANTHROPIC_API_KEY");
    }

    /**
     * Sets the {@code anthropic-version} header.
     *
     * @param apiVersion the version; default {@value AnthropicModel#DEFAULT_API_VERSION}
     * @return this builder
     */
    public Builder apiVersion(String apiVersion) {
      this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
      return this;
    }

    @Override
    public AnthropicModel build() {
      return new AnthropicModel(this);
    }
  }
}
