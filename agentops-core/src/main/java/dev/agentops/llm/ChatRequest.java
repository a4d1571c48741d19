package dev.agentops.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * One request to a language model: system text, the conversation so far, sampling settings and the
 * shape the reply must take.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} and derive variants with {@link
 * #toBuilder()}. {@link #toString()} never shows prompt text.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *     .system("You review Java code.")
 *     .user("Is this method thread-safe? ...")
 *     .temperature(0.0)
 *     .maxOutputTokens(800)
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ChatRequest {

  private final @Nullable String system;
  private final List<ChatMessage> messages;
  private final @Nullable Double temperature;
  private final @Nullable Integer maxOutputTokens;
  private final List<String> stopSequences;
  private final ResponseFormat responseFormat;

  private ChatRequest(Builder b) {
    this.system = b.system;
    this.messages = List.copyOf(b.messages);
    this.temperature = b.temperature;
    this.maxOutputTokens = b.maxOutputTokens;
    this.stopSequences = List.copyOf(b.stopSequences);
    this.responseFormat = b.responseFormat;
  }

  /**
   * Starts a new request.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this request's values.
   *
   * @return a builder to derive a variant from
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.system = system;
    b.messages.addAll(messages);
    b.temperature = temperature;
    b.maxOutputTokens = maxOutputTokens;
    b.stopSequences.addAll(stopSequences);
    b.responseFormat = responseFormat;
    return b;
  }

  /**
   * Returns the system text: who the model is and the rules it works under.
   *
   * @return the system text, if any
   */
  public Optional<String> system() {
    return Optional.ofNullable(system);
  }

  /**
   * Returns the conversation, oldest first; never empty.
   *
   * @return the messages
   */
  public List<ChatMessage> messages() {
    return messages;
  }

  /**
   * Returns the sampling temperature, between 0 and 2.
   *
   * @return the temperature, or empty for the provider's default
   */
  public OptionalDouble temperature() {
    return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
  }

  /**
   * Returns the most tokens the reply may have.
   *
   * @return the limit, or empty for the adapter's default
   */
  public OptionalInt maxOutputTokens() {
    return maxOutputTokens == null ? OptionalInt.empty() : OptionalInt.of(maxOutputTokens);
  }

  /**
   * Returns the sequences at which the model must stop writing.
   *
   * @return the stop sequences, possibly empty
   */
  public List<String> stopSequences() {
    return stopSequences;
  }

  /**
   * Returns the shape the reply must take.
   *
   * @return the response format; {@link ResponseFormat#text()} unless set
   */
  public ResponseFormat responseFormat() {
    return responseFormat;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ChatRequest other
        && Objects.equals(system, other.system)
        && messages.equals(other.messages)
        && Objects.equals(temperature, other.temperature)
        && Objects.equals(maxOutputTokens, other.maxOutputTokens)
        && stopSequences.equals(other.stopSequences)
        && responseFormat.equals(other.responseFormat);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        system, messages, temperature, maxOutputTokens, stopSequences, responseFormat);
  }

  @Override
  public String toString() {
    return "ChatRequest[system="
        + (system == null ? "none" : system.length() + " chars")
        + ", messages="
        + messages.size()
        + ", temperature="
        + temperature
        + ", maxOutputTokens="
        + maxOutputTokens
        + ", stopSequences="
        + stopSequences.size()
        + ", "
        + responseFormat
        + "]";
  }

  /**
   * Builds a {@link ChatRequest}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private @Nullable String system;
    private final List<ChatMessage> messages = new ArrayList<>();
    private @Nullable Double temperature;
    private @Nullable Integer maxOutputTokens;
    private final List<String> stopSequences = new ArrayList<>();
    private ResponseFormat responseFormat = ResponseFormat.text();

    private Builder() {}

    /**
     * Sets the system text.
     *
     * @param system the system text, or {@code null} for none
     * @return this builder
     */
    public Builder system(@Nullable String system) {
      this.system = system;
      return this;
    }

    /**
     * Appends a message from the user.
     *
     * @param content what the user says
     * @return this builder
     */
    public Builder user(String content) {
      return message(ChatMessage.user(content));
    }

    /**
     * Appends an earlier reply of the model.
     *
     * @param content what the model said
     * @return this builder
     */
    public Builder assistant(String content) {
      return message(ChatMessage.assistant(content));
    }

    /**
     * Appends a message.
     *
     * @param message the message
     * @return this builder
     */
    public Builder message(ChatMessage message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /**
     * Replaces the conversation.
     *
     * @param messages the messages, oldest first
     * @return this builder
     */
    public Builder messages(List<ChatMessage> messages) {
      Objects.requireNonNull(messages, "messages");
      this.messages.clear();
      messages.forEach(this::message);
      return this;
    }

    /**
     * Sets the sampling temperature.
     *
     * @param temperature between 0 and 2 inclusive
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder temperature(double temperature) {
      if (!(temperature >= 0.0 && temperature <= 2.0)) {
        throw new IllegalArgumentException(
            "temperature must be between 0 and 2, but was " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /**
     * Clears the temperature, leaving the provider's default.
     *
     * @return this builder
     */
    public Builder defaultTemperature() {
      this.temperature = null;
      return this;
    }

    /**
     * Sets the most tokens the reply may have.
     *
     * @param maxOutputTokens the limit, greater than zero
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
     * Clears the output limit, leaving the adapter's default.
     *
     * @return this builder
     */
    public Builder defaultMaxOutputTokens() {
      this.maxOutputTokens = null;
      return this;
    }

    /**
     * Replaces the stop sequences.
     *
     * @param stopSequences non-empty strings
     * @return this builder
     * @throws IllegalArgumentException if a sequence is empty
     */
    public Builder stopSequences(List<String> stopSequences) {
      Objects.requireNonNull(stopSequences, "stopSequences");
      List<String> copy = new ArrayList<>(stopSequences.size());
      for (int i = 0; i < stopSequences.size(); i++) {
        String s = Objects.requireNonNull(stopSequences.get(i), "stopSequences[" + i + "]");
        if (s.isEmpty()) {
          throw new IllegalArgumentException("stopSequences[" + i + "] must not be empty");
        }
        copy.add(s);
      }
      this.stopSequences.clear();
      this.stopSequences.addAll(copy);
      return this;
    }

    /**
     * Sets the shape the reply must take.
     *
     * @param responseFormat the format
     * @return this builder
     */
    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = Objects.requireNonNull(responseFormat, "responseFormat");
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalStateException if there are no messages
     */
    public ChatRequest build() {
      if (messages.isEmpty()) {
        throw new IllegalStateException("a ChatRequest needs at least one message, but had none");
      }
      return new ChatRequest(this);
    }
  }
}
