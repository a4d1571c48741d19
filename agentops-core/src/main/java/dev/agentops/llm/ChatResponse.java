package dev.agentops.llm;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A model's reply to one {@link ChatRequest}: the text, why it ended, which model wrote it, the
 * tokens it cost and how long the caller waited.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the text.
 *
 * @since 0.1.0
 */
public final class ChatResponse {

  private final String text;
  private final FinishReason finishReason;
  private final String modelId;
  private final TokenUsage usage;
  private final Duration latency;

  private ChatResponse(Builder b) {
    this.text = Objects.requireNonNull(b.text, "text");
    this.finishReason = b.finishReason;
    this.modelId = b.modelId;
    this.usage = b.usage;
    this.latency = b.latency;
  }

  /**
   * Starts a response; adapters and test doubles use it.
   *
   * @param text the reply text
   * @return a builder with finish reason {@link FinishReason#STOP}, model id {@code "unknown"},
   *     usage {@link TokenUsage#NONE} and zero latency
   */
  public static Builder builder(String text) {
    return new Builder(Objects.requireNonNull(text, "text"));
  }

  /**
   * Returns a builder holding this response's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(text)
        .finishReason(finishReason)
        .modelId(modelId)
        .usage(usage)
        .latency(latency);
  }

  /**
   * Returns the reply text.
   *
   * @return the text, possibly empty
   */
  public String text() {
    return text;
  }

  /**
   * Returns why the model stopped writing.
   *
   * @return the finish reason
   */
  public FinishReason finishReason() {
    return finishReason;
  }

  /**
   * Returns the id of the model that wrote the reply, as the provider named it (which may be more
   * specific than the id that was asked for).
   *
   * @return the model id
   */
  public String modelId() {
    return modelId;
  }

  /**
   * Returns the tokens the call consumed.
   *
   * @return the usage, {@link TokenUsage#NONE} if the provider reported none
   */
  public TokenUsage usage() {
    return usage;
  }

  /**
   * Returns how long the caller waited for this reply, retries included.
   *
   * @return the latency, never negative
   */
  public Duration latency() {
    return latency;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ChatResponse other
        && text.equals(other.text)
        && finishReason == other.finishReason
        && modelId.equals(other.modelId)
        && usage.equals(other.usage)
        && latency.equals(other.latency);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, finishReason, modelId, usage, latency);
  }

  @Override
  public String toString() {
    return "ChatResponse[model="
        + modelId
        + ", "
        + finishReason
        + ", "
        + text.length()
        + " chars, "
        + usage
        + ", latency="
        + latency
        + "]";
  }

  /**
   * Builds a {@link ChatResponse}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final String text;
    private FinishReason finishReason = FinishReason.STOP;
    private String modelId = "unknown";
    private TokenUsage usage = TokenUsage.NONE;
    private Duration latency = Duration.ZERO;

    private Builder(String text) {
      this.text = text;
    }

    /**
     * Sets why the model stopped.
     *
     * @param finishReason the reason
     * @return this builder
     */
    public Builder finishReason(FinishReason finishReason) {
      this.finishReason = Objects.requireNonNull(finishReason, "finishReason");
      return this;
    }

    /**
     * Sets the model id.
     *
     * @param modelId a non-blank id
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder modelId(String modelId) {
      Objects.requireNonNull(modelId, "modelId");
      if (modelId.isBlank()) {
        throw new IllegalArgumentException("modelId must not be blank");
      }
      this.modelId = modelId;
      return this;
    }

    /**
     * Sets the usage.
     *
     * @param usage the usage
     * @return this builder
     */
    public Builder usage(TokenUsage usage) {
      this.usage = Objects.requireNonNull(usage, "usage");
      return this;
    }

    /**
     * Sets the latency.
     *
     * @param latency how long the caller waited; not negative
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder latency(Duration latency) {
      Objects.requireNonNull(latency, "latency");
      if (latency.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative, but was " + latency);
      }
      this.latency = latency;
      return this;
    }

    /**
     * Builds the response.
     *
     * @return the response
     */
    public ChatResponse build() {
      return new ChatResponse(this);
    }
  }
}
