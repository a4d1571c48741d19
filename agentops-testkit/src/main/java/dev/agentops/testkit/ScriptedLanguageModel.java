package dev.agentops.testkit;

import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.TokenUsage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LanguageModel} whose replies a test scripts: queued in order, computed from the request,
 * or failures. Every request is recorded.
 *
 * <pre>{@code
 * ScriptedLanguageModel model = ScriptedLanguageModel.builder()
 *     .reply("{\"goal\": \"fix the build\"}")
 *     .fail(new ModelTimeoutException("scripted", Duration.ofSeconds(1), null))
 *     .otherwise(request -> "echo: " + request.messages().size())
 *     .build();
 * }</pre>
 *
 * <p>Usage is reported as the {@link Builder#usage(BiFunction) usage function} says; by default one
 * token per four characters, rounded up, of the system text and messages (prompt) and of the reply
 * (completion). That default is an approximation for tests, not a tokenizer.
 *
 * <p>Thread-safe: concurrent callers each take the next scripted step. With {@link
 * Builder#delay(Duration)} each call really blocks, which lets timing behaviour (timeouts, parallel
 * councils) be tested; {@link Builder#latency(Duration)} only reports a latency.
 *
 * @since 0.1.0
 */
public final class ScriptedLanguageModel implements LanguageModel {

  private final String modelId;
  private final Deque<Step> script;
  private final @Nullable Step otherwise;
  private final BiFunction<ChatRequest, String, TokenUsage> usage;
  private final Duration latency;
  private final Duration delay;
  private final List<ChatRequest> requests = new ArrayList<>();

  private ScriptedLanguageModel(Builder b) {
    this.modelId = b.modelId;
    this.script = new ArrayDeque<>(b.script);
    this.otherwise = b.otherwise;
    this.usage = b.usage;
    this.latency = b.latency;
    this.delay = b.delay;
  }

  /**
   * Starts a scripted model.
   *
   * @return a builder with an empty script
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a model that gives these replies, in order, and then fails.
   *
   * @param replies the reply texts
   * @return the model
   */
  public static ScriptedLanguageModel replying(String... replies) {
    Builder b = builder();
    for (String r : replies) {
      b.reply(r);
    }
    return b.build();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    Step step;
    int index;
    synchronized (this) {
      requests.add(request);
      index = requests.size();
      step = script.pollFirst();
    }
    if (step == null) {
      step = otherwise;
    }
    if (step == null) {
      throw new IllegalStateException(
          "ScriptedLanguageModel '"
              + modelId
              + "' has no reply scripted for request #"
              + index
              + "; script more replies or set otherwise(...)");
    }
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during the scripted delay", e);
      }
    }
    return step.run(this, request);
  }

  /**
   * Streams the reply in word-sized pieces, so that callers see more than one piece.
   *
   * @param request the request
   * @param onText receives each piece
   * @return the whole reply
   */
  @Override
  public ChatResponse stream(ChatRequest request, Consumer<String> onText) {
    Objects.requireNonNull(onText, "onText");
    ChatResponse response = chat(request);
    String text = response.text();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || Character.isWhitespace(text.charAt(i - 1))) {
        if (i > start) {
          onText.accept(text.substring(start, i));
        }
        start = i;
      }
    }
    return response;
  }

  /**
   * Adds a reply to the end of the script, for tests that script as they go.
   *
   * @param text the reply text
   */
  public void enqueue(String text) {
    Objects.requireNonNull(text, "text");
    Step step = (model, request) -> model.respond(request, text);
    synchronized (this) {
      script.addLast(step);
    }
  }

  /**
   * Adds a whole response to the end of the script, given as it is.
   *
   * @param response the response
   */
  public void enqueue(ChatResponse response) {
    Objects.requireNonNull(response, "response");
    Step step = (model, request) -> response;
    synchronized (this) {
      script.addLast(step);
    }
  }

  /**
   * Returns every request received so far, oldest first.
   *
   * @return a snapshot of the requests
   */
  public synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * Returns the most recent request.
   *
   * @return the request
   * @throws IllegalStateException if there was none
   */
  public synchronized ChatRequest lastRequest() {
    if (requests.isEmpty()) {
      throw new IllegalStateException("no request has been received");
    }
    return requests.get(requests.size() - 1);
  }

  /**
   * Returns how many scripted steps are left.
   *
   * @return the number of queued steps
   */
  public synchronized int remaining() {
    return script.size();
  }

  /**
   * Returns the model id this model reports.
   *
   * @return the id
   */
  public String modelId() {
    return modelId;
  }

  private ChatResponse respond(ChatRequest request, String text) {
    return ChatResponse.builder(text)
        .modelId(modelId)
        .usage(usage.apply(request, text))
        .latency(latency)
        .build();
  }

  /**
   * Estimates tokens as one per four characters, rounded up. For tests only.
   *
   * @param request the request
   * @param reply the reply text
   * @return the estimated usage
   */
  public static TokenUsage estimateUsage(ChatRequest request, String reply) {
    long chars = request.system().map(String::length).orElse(0);
    for (ChatMessage m : request.messages()) {
      chars += m.content().length();
    }
    return TokenUsage.of((chars + 3) / 4, (reply.length() + 3) / 4);
  }

  /** One scripted step: a reply or a failure. */
  @FunctionalInterface
  private interface Step {
    ChatResponse run(ScriptedLanguageModel model, ChatRequest request);
  }

  /**
   * Builds a {@link ScriptedLanguageModel}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private String modelId = "scripted";
    private final List<Step> script = new ArrayList<>();
    private @Nullable Step otherwise;
    private BiFunction<ChatRequest, String, TokenUsage> usage =
        ScriptedLanguageModel::estimateUsage;
    private Duration latency = Duration.ZERO;
    private Duration delay = Duration.ZERO;

    private Builder() {}

    /**
     * Sets the model id the replies report.
     *
     * @param modelId a non-blank id; default {@code scripted}
     * @return this builder
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
     * Queues a reply.
     *
     * @param text the reply text
     * @return this builder
     */
    public Builder reply(String text) {
      Objects.requireNonNull(text, "text");
      return replyWith(request -> text);
    }

    /**
     * Queues a reply computed from its request.
     *
     * @param reply computes the reply text
     * @return this builder
     */
    public Builder replyWith(Function<ChatRequest, String> reply) {
      Objects.requireNonNull(reply, "reply");
      script.add((model, request) -> model.respond(request, reply.apply(request)));
      return this;
    }

    /**
     * Queues a reply given whole: text, finish reason, model id, usage and latency as they are.
     *
     * @param response the response
     * @return this builder
     */
    public Builder reply(ChatResponse response) {
      Objects.requireNonNull(response, "response");
      script.add((model, request) -> response);
      return this;
    }

    /**
     * Queues a failure: the call throws this exception.
     *
     * @param failure the exception to throw
     * @return this builder
     */
    public Builder fail(RuntimeException failure) {
      Objects.requireNonNull(failure, "failure");
      return fail(() -> failure);
    }

    /**
     * Queues a failure created when the call happens.
     *
     * @param failure creates the exception to throw
     * @return this builder
     */
    public Builder fail(Supplier<? extends RuntimeException> failure) {
      Objects.requireNonNull(failure, "failure");
      script.add((model, request) -> {
        throw failure.get();
      });
      return this;
    }

    /**
     * Sets the reply for requests that find the queue empty; without it they fail with {@link
     * IllegalStateException}.
     *
     * @param reply computes the reply text
     * @return this builder
     */
    public Builder otherwise(Function<ChatRequest, String> reply) {
      Objects.requireNonNull(reply, "reply");
      this.otherwise = (model, request) -> model.respond(request, reply.apply(request));
      return this;
    }

    /**
     * Sets the usage every text reply reports.
     *
     * @param usage computes the usage from the request and the reply text
     * @return this builder
     */
    public Builder usage(BiFunction<ChatRequest, String, TokenUsage> usage) {
      this.usage = Objects.requireNonNull(usage, "usage");
      return this;
    }

    /**
     * Sets a fixed usage for every text reply.
     *
     * @param usage the usage
     * @return this builder
     */
    public Builder usage(TokenUsage usage) {
      Objects.requireNonNull(usage, "usage");
      return usage((request, text) -> usage);
    }

    /**
     * Sets the latency text replies report; nothing waits.
     *
     * @param latency not negative
     * @return this builder
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
     * Makes every call block for this long before answering.
     *
     * @param delay not negative
     * @return this builder
     */
    public Builder delay(Duration delay) {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, but was " + delay);
      }
      this.delay = delay;
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     */
    public ScriptedLanguageModel build() {
      return new ScriptedLanguageModel(this);
    }
  }
}
