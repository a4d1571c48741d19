package dev.agentops.context;

import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ModelProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One agent, one job, one fresh context (Factor III). A session has its own {@link ContextBudget},
 * takes exactly one task, and ends either finished, with a {@link Handoff}, or saturated. A new
 * session starts from a handoff, never from another session's messages.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>{@link #start(String)} gives the session its task. It refuses a second task, a finished
 *       session, and a session whose window is already saturated (above 70 % of capacity by
 *       default) by the material it was given.
 *   <li>{@link #ask(String)} sends one turn through a {@link BudgetedLanguageModel}, so the
 *       window's cap is checked before the call. A saturated session refuses further turns with
 *       {@link SessionSaturatedException}.
 *   <li>{@link #handOff(Handoff, String)} finishes this session and starts the next one, with a
 *       fresh budget holding the system text, the handoff and the new task.
 * </ul>
 *
 * <p>Just-in-time material is loaded with {@link #load(ContextSource)} and released with {@link
 * #endPhase()}; it never enters the {@link #transcript()}.
 *
 * <p>Thread-safe, but a session is one conversation: concurrent turns are serialized.
 *
 * <pre>{@code
 * AgentSession research = AgentSession.builder(model, profile).system(rules).build();
 * research.start("Find why OrderServiceTest fails in CI");
 * research.ask("Here is the CI log: ...");
 * AgentSession implement = research.handOff(handoff, "Fix the leak the research found");
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AgentSession {

  private final String id;
  private final LanguageModel rawModel;
  private final ModelProfile profile;
  private final @Nullable String system;
  private final double saturation;
  private final UnaryOperator<ContextBudget.Builder> budgetConfig;
  private final Supplier<String> ids;
  private final ContextBudget budget;
  private final BudgetedLanguageModel model;
  private final @Nullable Handoff startedFrom;
  private final List<ChatMessage> transcript = new ArrayList<>();
  private @Nullable String task;
  private volatile boolean overflowed;
  private @Nullable Handoff handedOff;
  private boolean finished;

  private AgentSession(Builder b, @Nullable Handoff handoff) {
    this.ids = b.ids;
    this.id = b.id != null ? b.id : b.ids.get();
    this.rawModel = b.model;
    this.profile = b.profile;
    this.system = b.system;
    this.saturation = b.saturation;
    this.budgetConfig = b.budgetConfig;
    this.budget = b.budgetConfig.apply(ContextBudget.builder(b.profile)).build();
    this.model = BudgetedLanguageModel.of(b.model, budget);
    this.startedFrom = handoff;
    if (system != null) {
      require(budget.admit(ContextItem.system(system)), "the system text");
    }
    if (handoff != null) {
      require(budget.admit(handoff.toContextItem()), "the handoff");
    }
  }

  /**
   * Starts a session.
   *
   * @param model the model the session talks to
   * @param profile the model's profile, which sizes the session's budget
   * @return a builder
   */
  public static Builder builder(LanguageModel model, ModelProfile profile) {
    return new Builder(
        Objects.requireNonNull(model, "model"), Objects.requireNonNull(profile, "profile"));
  }

  /**
   * Gives the session its one task.
   *
   * @param task what the session is for
   * @throws IllegalStateException if the session already has a task or is finished
   * @throws SessionSaturatedException if its window is already saturated
   */
  public synchronized void start(String task) {
    Objects.requireNonNull(task, "task");
    if (task.isBlank()) {
      throw new IllegalArgumentException("task must not be blank");
    }
    if (finished) {
      throw new IllegalStateException("session '" + id + "' is finished and takes no new task");
    }
    if (this.task != null) {
      throw new IllegalStateException(
          "session '" + id + "' already has a task; one agent, one job: start a new session");
    }
    if (saturated()) {
      throw new SessionSaturatedException(id, budget.status(), saturation, "a new task");
    }
    require(
        budget.admit(ContextItem.builder(ContextKind.INSTRUCTIONS, "Your task: " + task).build()),
        "the task");
    this.task = task;
  }

  /**
   * Sends one turn and returns the model's reply. The message and the reply join the session's
   * context and transcript. A reply too large for what is left of the budget is still returned and
   * kept in the transcript, but the session is then {@linkplain #saturated() saturated}: its
   * context no longer holds the whole conversation, so it takes no further turn and should hand
   * off.
   *
   * @param message what to say
   * @return the reply
   * @throws IllegalStateException if the session has no task yet or is finished
   * @throws SessionSaturatedException if the window is saturated, or the message does not fit
   * @throws ContextBudgetExceededException if the request would not fit the model's window
   */
  public synchronized ChatResponse ask(String message) {
    Objects.requireNonNull(message, "message");
    if (task == null) {
      throw new IllegalStateException("session '" + id + "' has no task: call start(task) first");
    }
    if (finished) {
      throw new IllegalStateException("session '" + id + "' is finished");
    }
    if (saturated()) {
      throw new SessionSaturatedException(id, budget.status(), saturation, "a new turn");
    }
    Admission asked = budget.admit(ContextItem.user(message));
    if (!asked.admitted()) {
      throw new SessionSaturatedException(
          id, budget.status(), saturation, "a message that does not fit");
    }
    ChatRequest request = budget.toRequest().build();
    ChatResponse response = model.chat(request);
    transcript.add(ChatMessage.user(message));
    transcript.add(ChatMessage.assistant(response.text()));
    // The reply is paid for: it is kept in the transcript even when the context cannot hold it,
    // but then another turn would be sent without it, so the session takes no further turn.
    boolean fits;
    try {
      fits = budget.admit(ContextItem.assistant(response.text())).admitted();
    } catch (IllegalArgumentException largerThanTheWholeBudget) {
      fits = false;
    }
    if (!fits) {
      overflowed = true;
    }
    return response;
  }

  /**
   * Loads just-in-time material into the session's context for the current phase.
   *
   * @param source the material
   * @return the outcome
   */
  public Admission load(ContextSource source) {
    return budget.load(source);
  }

  /**
   * Ends a phase: releases every piece of just-in-time material.
   *
   * @return how many items were released
   */
  public int endPhase() {
    return budget.releaseEphemeral();
  }

  /**
   * Finishes the session with the handoff for whoever continues.
   *
   * @param handoff what the next session needs
   */
  public synchronized void finish(Handoff handoff) {
    Objects.requireNonNull(handoff, "handoff");
    this.handedOff = handoff;
    this.finished = true;
  }

  /**
   * Finishes this session and starts the next, from a handoff: a fresh budget holding the same
   * system text, the handoff and the new task, and none of this session's messages.
   *
   * @param handoff what the next session needs
   * @param nextTask the next session's task
   * @return the next session, started
   */
  public synchronized AgentSession handOff(Handoff handoff, String nextTask) {
    finish(handoff);
    Builder next =
        builder(rawModel, profile).saturationThreshold(saturation).budget(budgetConfig).ids(ids);
    if (system != null) {
      next.system(system);
    }
    AgentSession session = new AgentSession(next, handoff);
    session.start(nextTask);
    return session;
  }

  /**
   * Tells whether the window is past the saturation threshold, or a reply did not fit the budget.
   *
   * @return {@code true} if saturated
   */
  public boolean saturated() {
    return overflowed || budget.status().fraction() > saturation;
  }

  /**
   * Tells whether the session is finished.
   *
   * @return {@code true} once {@link #finish(Handoff)} or {@link #handOff(Handoff, String)} ran
   */
  public synchronized boolean finished() {
    return finished;
  }

  /**
   * Returns the session's id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns the session's task.
   *
   * @return the task, once started
   */
  public synchronized Optional<String> task() {
    return Optional.ofNullable(task);
  }

  /**
   * Returns the handoff the session started from.
   *
   * @return the handoff, if it had one
   */
  public Optional<Handoff> startedFrom() {
    return Optional.ofNullable(startedFrom);
  }

  /**
   * Returns the handoff the session finished with.
   *
   * @return the handoff, once finished
   */
  public synchronized Optional<Handoff> handedOff() {
    return Optional.ofNullable(handedOff);
  }

  /**
   * Returns the turns of this session, in order: what was asked and what the model answered.
   * Just-in-time material and other sessions' messages are never part of it.
   *
   * @return a copy of the transcript
   */
  public synchronized List<ChatMessage> transcript() {
    return List.copyOf(transcript);
  }

  /**
   * Returns the session's budget.
   *
   * @return the budget
   */
  public ContextBudget budget() {
    return budget;
  }

  /**
   * Returns the budgeted model the session calls through.
   *
   * @return the model
   */
  public BudgetedLanguageModel model() {
    return model;
  }

  @Override
  public String toString() {
    return "AgentSession["
        + id
        + ", "
        + (finished ? "finished" : task == null ? "new" : "active")
        + ", "
        + budget.status().level()
        + "]";
  }

  private void require(Admission admission, String what) {
    if (!admission.admitted()) {
      throw new IllegalArgumentException(
          what
              + " does not fit the session's budget: "
              + ((Admission.Rejected) admission).reason());
    }
  }

  /**
   * Builds an {@link AgentSession}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final LanguageModel model;
    private final ModelProfile profile;
    private @Nullable String id;
    private @Nullable String system;
    private @Nullable Handoff handoff;
    private double saturation = 0.70;
    private UnaryOperator<ContextBudget.Builder> budgetConfig = b -> b;
    private Supplier<String> ids = () -> UUID.randomUUID().toString();

    private Builder(LanguageModel model, ModelProfile profile) {
      this.model = model;
      this.profile = profile;
    }

    /**
     * Sets the session's id; by default one comes from {@link #ids(Supplier)}.
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = ContextItem.checkId(id, "id");
      return this;
    }

    /**
     * Sets where session ids come from; default random UUIDs.
     *
     * @param ids supplies a new id per session
     * @return this builder
     */
    public Builder ids(Supplier<String> ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    /**
     * Sets the system text, pinned in every session this one hands off to.
     *
     * @param system the system text
     * @return this builder
     */
    public Builder system(String system) {
      this.system = Objects.requireNonNull(system, "system");
      return this;
    }

    /**
     * Starts the session from a handoff.
     *
     * @param handoff what the previous session left
     * @return this builder
     */
    public Builder handoff(Handoff handoff) {
      this.handoff = Objects.requireNonNull(handoff, "handoff");
      return this;
    }

    /**
     * Sets the fill above which the window counts as saturated.
     *
     * @param fraction of capacity, in (0, 1]; default 0.70
     * @return this builder
     */
    public Builder saturationThreshold(double fraction) {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException(
            "saturationThreshold must be in (0, 1], but was " + fraction);
      }
      this.saturation = fraction;
      return this;
    }

    /**
     * Configures the session's budget (and the budget of every session it hands off to).
     *
     * @param config adjusts a budget builder for the session's model
     * @return this builder
     */
    public Builder budget(UnaryOperator<ContextBudget.Builder> config) {
      this.budgetConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Builds the session, with the system text and handoff admitted and no task yet.
     *
     * @return the session
     * @throws IllegalArgumentException if the system text or handoff does not fit the budget
     */
    public AgentSession build() {
      return new AgentSession(this, handoff);
    }
  }
}
