package dev.agentops.llm;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What AgentOps needs to know about a model to budget and call it: who serves and who made it, how
 * large its context window is, how long a reply may be, how its tokens are counted, and whether the
 * provider can enforce a JSON Schema natively.
 *
 * <p>Immutable and thread-safe. {@link ModelProfiles#defaults()} holds the well-known models; hosts
 * add or override entries there.
 *
 * <pre>{@code
 * ModelProfile local = ModelProfile.builder("ollama", "llama3.1:8b")
 *     .vendor("meta")
 *     .contextWindow(32_768)      // the num_ctx this server runs with
 *     .maxOutputTokens(4_096)
 *     .tokenizerFamily(TokenizerFamily.OPEN_WEIGHTS)
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ModelProfile {

  private final String provider;
  private final String vendor;
  private final String modelId;
  private final int contextWindow;
  private final int maxOutputTokens;
  private final TokenizerFamily tokenizerFamily;
  private final boolean nativeJsonSchema;

  private ModelProfile(Builder b) {
    this.provider = b.provider;
    this.vendor = b.vendor == null ? b.provider : b.vendor;
    this.modelId = b.modelId;
    this.contextWindow = b.contextWindow;
    this.maxOutputTokens = b.maxOutputTokens;
    this.tokenizerFamily = b.tokenizerFamily;
    this.nativeJsonSchema = b.nativeJsonSchema;
  }

  /**
   * Starts a profile.
   *
   * @param provider who serves the model, for example {@code "openai"}, {@code "anthropic"}, {@code
   *     "google"}, {@code "ollama"}
   * @param modelId the id the provider knows the model by
   * @return a builder with a 128,000-token window, 4,096 output tokens, {@code o200k_base} counting
   *     and native JSON Schema support
   * @throws IllegalArgumentException if either argument is blank
   */
  public static Builder builder(String provider, String modelId) {
    return new Builder(requireText(provider, "provider"), requireText(modelId, "modelId"));
  }

  /**
   * Returns a builder holding this profile's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(provider, modelId)
        .vendor(vendor)
        .contextWindow(contextWindow)
        .maxOutputTokens(maxOutputTokens)
        .tokenizerFamily(tokenizerFamily)
        .nativeJsonSchema(nativeJsonSchema);
  }

  /**
   * Returns who serves the model.
   *
   * @return the provider, such as {@code "openai"} or {@code "ollama"}
   */
  public String provider() {
    return provider;
  }

  /**
   * Returns who made the model; councils use it to tell independent judges apart. For hosted models
   * this is the provider; a Llama model served by Ollama has vendor {@code "meta"}.
   *
   * @return the vendor
   */
  public String vendor() {
    return vendor;
  }

  /**
   * Returns the id the provider knows the model by.
   *
   * @return the model id
   */
  public String modelId() {
    return modelId;
  }

  /**
   * Returns the context window: the most tokens of input and output together.
   *
   * @return the window, in tokens
   */
  public int contextWindow() {
    return contextWindow;
  }

  /**
   * Returns the most tokens one reply may have.
   *
   * @return the output limit, in tokens; never more than the window
   */
  public int maxOutputTokens() {
    return maxOutputTokens;
  }

  /**
   * Returns how the model's tokens are counted.
   *
   * @return the tokenizer family
   */
  public TokenizerFamily tokenizerFamily() {
    return tokenizerFamily;
  }

  /**
   * Tells whether the provider can constrain replies to a JSON Schema for this model. When it
   * cannot, adapters state the schema in the system text instead.
   *
   * @return {@code true} if the schema can be enforced natively
   */
  public boolean nativeJsonSchema() {
    return nativeJsonSchema;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ModelProfile other
        && provider.equals(other.provider)
        && vendor.equals(other.vendor)
        && modelId.equals(other.modelId)
        && contextWindow == other.contextWindow
        && maxOutputTokens == other.maxOutputTokens
        && tokenizerFamily == other.tokenizerFamily
        && nativeJsonSchema == other.nativeJsonSchema;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        provider,
        vendor,
        modelId,
        contextWindow,
        maxOutputTokens,
        tokenizerFamily,
        nativeJsonSchema);
  }

  @Override
  public String toString() {
    return "ModelProfile["
        + provider
        + "/"
        + modelId
        + ", vendor="
        + vendor
        + ", window="
        + contextWindow
        + ", maxOutput="
        + maxOutputTokens
        + ", "
        + tokenizerFamily
        + (nativeJsonSchema ? ", native JSON schema" : "")
        + "]";
  }

  private static String requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /**
   * Builds a {@link ModelProfile}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final String provider;
    private final String modelId;
    private @Nullable String vendor;
    private int contextWindow = 128_000;
    private int maxOutputTokens = 4_096;
    private TokenizerFamily tokenizerFamily = TokenizerFamily.O200K_BASE;
    private boolean nativeJsonSchema = true;

    private Builder(String provider, String modelId) {
      this.provider = provider;
      this.modelId = modelId;
    }

    /**
     * Sets who made the model; defaults to the provider.
     *
     * @param vendor the vendor, such as {@code "meta"}
     * @return this builder
     */
    public Builder vendor(String vendor) {
      this.vendor = requireText(vendor, "vendor");
      return this;
    }

    /**
     * Sets the context window.
     *
     * @param contextWindow tokens of input and output together, greater than zero
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder contextWindow(int contextWindow) {
      if (contextWindow <= 0) {
        throw new IllegalArgumentException("contextWindow must be > 0, but was " + contextWindow);
      }
      this.contextWindow = contextWindow;
      return this;
    }

    /**
     * Sets the most tokens one reply may have.
     *
     * @param maxOutputTokens greater than zero
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxOutputTokens(int maxOutputTokens) {
      if (maxOutputTokens <= 0) {
        throw new IllegalArgumentException(
            "maxOutputTokens must be > 0, but was " + maxOutputTokens);
      }
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    /**
     * Sets how tokens are counted.
     *
     * @param tokenizerFamily the family
     * @return this builder
     */
    public Builder tokenizerFamily(TokenizerFamily tokenizerFamily) {
      this.tokenizerFamily = Objects.requireNonNull(tokenizerFamily, "tokenizerFamily");
      return this;
    }

    /**
     * Sets whether the provider enforces JSON Schemas for this model.
     *
     * @param nativeJsonSchema {@code true} if it does
     * @return this builder
     */
    public Builder nativeJsonSchema(boolean nativeJsonSchema) {
      this.nativeJsonSchema = nativeJsonSchema;
      return this;
    }

    /**
     * Builds the profile.
     *
     * @return the profile
     * @throws IllegalStateException if the output limit exceeds the window
     */
    public ModelProfile build() {
      if (maxOutputTokens > contextWindow) {
        throw new IllegalStateException(
            "maxOutputTokens ("
                + maxOutputTokens
                + ") must not exceed contextWindow ("
                + contextWindow
                + ") for model '"
                + modelId
                + "'");
      }
      return new ModelProfile(this);
    }
  }
}
