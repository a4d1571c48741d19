package dev.agentops.pipeline;

import dev.agentops.Artifact;
import dev.agentops.context.AgentSession;
import dev.agentops.context.ContextKind;
import dev.agentops.context.ContextSource;
import dev.agentops.context.Handoff;
import dev.agentops.context.SessionSaturatedException;
import dev.agentops.store.JsonCodec;
import dev.agentops.store.RecordKey;
import dev.agentops.store.Records;
import dev.agentops.store.Store;
import dev.agentops.store.Versioned;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import dev.agentops.supervision.AttemptResult;
import dev.agentops.supervision.Failure;
import dev.agentops.supervision.Outcome;
import dev.agentops.supervision.SessionFactory;
import dev.agentops.supervision.Supervisor;
import dev.agentops.supervision.WorkUnit;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work as phases (Factor IV: research before you build), each in a fresh session (Factor III:
 * one agent, one job), handing each phase the previous one's {@link Handoff}, never its transcript.
 *
 * <h2>What a run does</h2>
 *
 * <ol>
 *   <li>The run's {@link PipelineState} is read from the store, or created. A run that completed
 *       before is not run again; one that crashed, failed or was escalated resumes at its first
 *       phase not completed. Completed phases never run again.
 *   <li>For each remaining phase, the state records that the phase started; a new {@link
 *       AgentSession} is built from the {@link PhaseSessions}, starting from the previous phase's
 *       handoff, and started with the phase's task; the {@link PhaseInterceptor}s and then the
 *       phase's {@link PhaseHandler} run with a {@link PhaseContext}.
 *   <li>A completed phase's artifacts (with their provenance) and the new state (with the phase's
 *       handoff, which gains a reference to each artifact) are written in one atomic batch. A
 *       failed phase is recorded and ends the run with {@link PipelineOutcome.Failed}.
 * </ol>
 *
 * <p>With {@link Builder#supervised(UnaryOperator)}, each phase runs as a unit of work of a {@link
 * Supervisor}: bounded retries in fresh sessions carrying the failure feedback, and escalation up
 * the hierarchy ({@link PipelineOutcome.Escalated}).
 *
 * <h2>Records</h2>
 *
 * <p>States in the {@value #RUNS} collection, one per run; artifacts in {@value #ARTIFACTS}, as
 * {@link PhaseArtifact}s with ids {@code <run>.<phase>.<n>}. Research findings stay there for later
 * runs: {@link #findings(String)} by work item, {@link #searchFindings(String)} by words.
 *
 * <h2>Host callbacks</h2>
 *
 * <p>Session configuration, interceptors and handlers are guarded: what they raise fails the phase
 * as a value, and never corrupts the stored state. Thread-safe: different runs may run at once; two
 * pipelines running the same run at once lose the race with {@link PipelineException}.
 *
 * <pre>{@code
 * PhasePipeline pipeline = PhasePipeline.builder(store, PhaseSessions.of(model, profile))
 *     .handler(Phase.RESEARCH, research)
 *     .handler(Phase.PLAN, plan)
 *     .handler(Phase.IMPLEMENT, implement)
 *     .handler(Phase.VALIDATE, validate)
 *     .handler(Phase.LOCK, lock)
 *     .handler(Phase.EXTRACT, extract)
 *     .interceptor(timing)
 *     .build();
 * PipelineOutcome outcome = pipeline.run("run-ao-3f9k", "Make the nightly build green", "ao-3f9k");
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PhasePipeline {

  /** The collection that holds one {@link PipelineState} per run. */
  public static final String RUNS = "pipeline-runs";

  /** The collection that holds every {@link PhaseArtifact}. */
  public static final String ARTIFACTS = "pipeline-artifacts";

  /** The longest a run id may be, so that artifact ids stay valid record ids. */
  public static final int MAX_RUN_ID_LENGTH = 60;

  private static final Logger LOG = LoggerFactory.getLogger(PhasePipeline.class);

  private final Store store;
  private final Records<PipelineState> runs;
  private final Records<PhaseArtifact> artifacts;
  private final List<Phase> phases;
  private final Map<Phase, PhaseHandler> handlers;
  private final List<PhaseInterceptor> interceptors;
  private final PhaseSessions sessions;
  private final BiFunction<Phase, String, String> tasks;
  private final Function<Phase, String> agents;
  private final @Nullable UnaryOperator<Supervisor.Builder> supervision;
  private final Clock clock;

  private PhasePipeline(Builder b) {
    this.store = b.store;
    this.runs = Records.of(store, RUNS, JsonCodec.of(PipelineState.class, 1), PipelineState::runId);
    this.artifacts =
        Records.of(store, ARTIFACTS, JsonCodec.of(PhaseArtifact.class, 1), PhaseArtifact::id);
    this.phases = List.copyOf(b.phases);
    this.handlers = Map.copyOf(b.handlers);
    this.interceptors = List.copyOf(b.interceptors);
    this.sessions = b.sessions;
    this.tasks = b.tasks;
    this.agents = b.agents;
    this.supervision = b.supervision;
    this.clock = b.clock;
  }

  /**
   * Starts a pipeline with the default phases; each needs a {@linkplain Builder#handler handler}.
   *
   * @param store where states and artifacts are kept
   * @param sessions configures each phase's fresh session
   * @return a builder
   */
  public static Builder builder(Store store, PhaseSessions sessions) {
    return new Builder(
        Objects.requireNonNull(store, "store"), Objects.requireNonNull(sessions, "sessions"));
  }

  /**
   * Runs, or resumes, a run without a work item.
   *
   * @param runId the run's id
   * @param goal what it is for
   * @return how it ended
   * @see #run(String, String, String)
   */
  public PipelineOutcome run(String runId, String goal) {
    return run(runId, goal, null);
  }

  /**
   * Runs a run to its end, or resumes it: a run already stored continues at its first phase not
   * completed, with its stored goal; a completed run returns its outcome without running anything.
   *
   * @param runId the run's id: a valid record id of at most {@value #MAX_RUN_ID_LENGTH} characters
   * @param goal what the run is for
   * @param workItemId the work item it serves, or {@code null}
   * @return completed, failed at a phase, or escalated
   * @throws IllegalArgumentException if the run is stored for another work item or with other
   *     phases
   * @throws PipelineException if another pipeline changed the run meanwhile
   * @throws dev.agentops.store.StoreException if the store cannot be read or written
   */
  public PipelineOutcome run(String runId, String goal, @Nullable String workItemId) {
    checkRunId(runId);
    Objects.requireNonNull(goal, "goal");
    if (goal.isBlank()) {
      throw new IllegalArgumentException("goal of run '" + runId + "' must not be blank");
    }
    if (workItemId != null) {
      RecordKey.checkId(workItemId);
    }
    Versioned<PipelineState> current = runs.get(runId).orElse(null);
    if (current == null) {
      PipelineState fresh =
          PipelineState.start(runId, goal.strip(), workItemId, phases, clock.instant());
      if (!runs.create(fresh).committed()) {
        throw new PipelineException(runId, "run '" + runId + "' was started by another pipeline");
      }
      current = runs.get(runId).orElseThrow();
    } else {
      // The goal is not compared: the store's hygiene may have rewritten the stored one (a path
      // made relative, a secret redacted). The stored goal is the run's goal from then on.
      if (!Objects.equals(current.value().workItemId(), workItemId)) {
        throw new IllegalArgumentException(
            "run '" + runId + "' is stored for another work item; use a new run id");
      }
    }
    return execute(current);
  }

  /**
   * Resumes a stored run at its first phase not completed.
   *
   * @param runId the run's id
   * @return how it ended
   * @throws IllegalArgumentException if no such run is stored, or it has other phases
   * @throws PipelineException if another pipeline changed the run meanwhile
   */
  public PipelineOutcome resume(String runId) {
    checkRunId(runId);
    Versioned<PipelineState> current =
        runs.get(runId)
            .orElseThrow(
                () -> new IllegalArgumentException("no run '" + runId + "' is stored to resume"));
    return execute(current);
  }

  /**
   * Reads a run's state.
   *
   * @param runId the run's id
   * @return the state, if the run is stored
   */
  public Optional<PipelineState> state(String runId) {
    return runs.get(checkRunId(runId)).map(Versioned::value);
  }

  /**
   * Reads every artifact a run stored, in phase order.
   *
   * @param runId the run's id
   * @return the artifacts; empty if the run is not stored
   */
  public List<PhaseArtifact> artifacts(String runId) {
    List<PhaseArtifact> out = new ArrayList<>();
    state(runId).ifPresent(s -> s.completed().forEach(r -> out.addAll(artifacts(r.artifactIds()))));
    return out;
  }

  /**
   * Reads the research findings every run stored for a work item (Factor IV: findings are kept and
   * reused across sessions).
   *
   * @param workItemId the work item
   * @return the research artifacts, oldest first
   */
  public List<PhaseArtifact> findings(String workItemId) {
    RecordKey.checkId(workItemId);
    return research(a -> workItemId.equals(a.workItemId()));
  }

  /**
   * Finds research findings of any run whose name or content holds every word of a query, ignoring
   * case.
   *
   * @param query words
   * @return the matching research artifacts, oldest first; empty for a blank query
   */
  public List<PhaseArtifact> searchFindings(String query) {
    Objects.requireNonNull(query, "query");
    String[] words = query.toLowerCase(Locale.ROOT).trim().split("\\s+");
    if (query.isBlank()) {
      return List.of();
    }
    return research(a -> {
      String text = (a.name() + "\n" + a.content()).toLowerCase(Locale.ROOT);
      for (String w : words) {
        if (!text.contains(w)) {
          return false;
        }
      }
      return true;
    });
  }

  /**
   * Returns the phases, in order.
   *
   * @return the phases
   */
  public List<Phase> phases() {
    return phases;
  }

  List<PhaseArtifact> artifacts(List<String> ids) {
    List<PhaseArtifact> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      artifacts.get(id).ifPresent(v -> out.add(v.value()));
    }
    return out;
  }

  private List<PhaseArtifact> research(java.util.function.Predicate<PhaseArtifact> filter) {
    List<PhaseArtifact> out = new ArrayList<>();
    for (Versioned<PhaseArtifact> v : artifacts.scan().values()) {
      PhaseArtifact a = v.value();
      if (a.phase().equals(Phase.RESEARCH.id()) && filter.test(a)) {
        out.add(a);
      }
    }
    out.sort((x, y) ->
        x.provenance().createdAt().compareTo(y.provenance().createdAt()) != 0
            ? x.provenance().createdAt().compareTo(y.provenance().createdAt())
            : x.id().compareTo(y.id()));
    return out;
  }

  private PipelineOutcome execute(Versioned<PipelineState> current) {
    String runId = current.value().runId();
    List<String> expected = new ArrayList<>();
    phases.forEach(p -> expected.add(p.id()));
    if (!current.value().phases().equals(expected)) {
      throw new IllegalArgumentException(
          "run '"
              + runId
              + "' is stored with phases "
              + current.value().phases()
              + ", but this pipeline has "
              + expected);
    }
    while (true) {
      PipelineState state = current.value();
      Optional<Phase> next = state.nextPhase();
      if (next.isEmpty()) {
        return new PipelineOutcome.Completed(runId, state.completed());
      }
      Phase phase = next.get();
      current = write(current, state.starting(phase, clock.instant()), List.of());
      state = current.value();
      @Nullable Handoff input =
          state.completed().isEmpty()
              ? null
              : state.completed().get(state.completed().size() - 1).handoff();
      Ran ran =
          supervision == null ? runOnce(state, phase, input) : runSupervised(state, phase, input);
      if (ran.result instanceof PhaseResult.Completed done) {
        current = complete(current, phase, ran, done);
        continue;
      }
      Failure failure = ((PhaseResult.Failed) ran.result).failure();
      if (ran.escalation != null) {
        write(
            current,
            state.ending(PipelineState.Status.ESCALATED, failure, clock.instant()),
            List.of());
        return new PipelineOutcome.Escalated(runId, phase, ran.escalation, state.completed());
      }
      write(
          current, state.ending(PipelineState.Status.FAILED, failure, clock.instant()), List.of());
      return new PipelineOutcome.Failed(runId, phase, failure, state.completed());
    }
  }

  /** What running a phase came to, and in which session. */
  private record Ran(
      PhaseResult result,
      String sessionId,
      int attempts,
      @Nullable Outcome<PhaseResult.Completed> escalation) {}

  private Ran runOnce(PipelineState state, Phase phase, @Nullable Handoff input) {
    int attempt = state.attempts();
    String sessionId = sessionId(state.runId(), phase, attempt);
    AgentSession session;
    try {
      session = open(phase, input, sessionId);
      session.start(tasks.apply(phase, state.goal()));
    } catch (Exception e) {
      return new Ran(PhaseResult.failed(openingFailure(phase, e)), sessionId, attempt, null);
    }
    PhaseContext ctx =
        new PhaseContext(this, state, phase, session, input, attempt, agents.apply(phase), clock);
    PhaseResult result = invoke(ctx);
    session.endPhase();
    if (result instanceof PhaseResult.Completed done) {
      session.finish(done.handoff());
    }
    return new Ran(result, sessionId, attempt, null);
  }

  private Ran runSupervised(PipelineState state, Phase phase, @Nullable Handoff input) {
    int first = state.attempts();
    String[] lastSession = {sessionId(state.runId(), phase, first)};
    int[] opened = {0};
    SessionFactory factory =
        request -> {
          int attempt = first + opened[0];
          opened[0]++;
          String id = sessionId(state.runId(), phase, attempt);
          lastSession[0] = id;
          return open(phase, request.handoff().orElse(input), id);
        };
    Supervisor supervisor =
        Objects.requireNonNull(supervision, "supervision")
            .apply(Supervisor.builder(store, factory).clock(clock))
            .build();
    WorkUnit unit =
        new WorkUnit(state.runId() + "." + phase.id(), tasks.apply(phase, state.goal()));
    Outcome<PhaseResult.Completed> outcome =
        supervisor.run(
            agents.apply(phase),
            unit,
            (session, request) -> {
              if (request.handoff().isPresent() && input != null) {
                // A retry starts from the failures' feedback; the previous phase's handoff comes
                // along as just-in-time material.
                String text = input.render();
                session.load(
                    ContextSource.of(
                        "handoff before " + phase.id(),
                        ContextKind.FILE,
                        text.length() / 3 + 1,
                        () -> text));
              }
              PhaseContext ctx =
                  new PhaseContext(
                      this,
                      state,
                      phase,
                      session,
                      input,
                      first + opened[0] - 1,
                      agents.apply(phase),
                      clock);
              PhaseResult result = invoke(ctx);
              session.endPhase();
              if (result instanceof PhaseResult.Completed done) {
                session.finish(done.handoff());
                return AttemptResult.success(done);
              }
              return AttemptResult.failure(((PhaseResult.Failed) result).failure());
            });
    int attempts = first + outcome.attempts() - 1;
    if (outcome instanceof Outcome.Done<PhaseResult.Completed> done) {
      return new Ran(done.value(), lastSession[0], attempts, null);
    }
    List<Failure> failures = outcome.failures();
    if (outcome instanceof Outcome.Failed<PhaseResult.Completed> given) {
      Failure cause =
          failures.isEmpty()
              ? Failure.of(
                  "abandoned",
                  "Given up by " + given.decidedBy().wireName() + ": " + given.reason())
              : failures.get(failures.size() - 1);
      return new Ran(PhaseResult.failed(cause), lastSession[0], attempts, null);
    }
    Failure cause =
        failures.isEmpty()
            ? Failure.of("escalated", "The phase was escalated: " + outcome.kind().wireName())
            : failures.get(failures.size() - 1);
    return new Ran(PhaseResult.failed(cause), lastSession[0], attempts, outcome);
  }

  private AgentSession open(Phase phase, @Nullable Handoff handoff, String sessionId)
      throws Exception {
    AgentSession.Builder b = sessions.builder(phase);
    if (b == null) {
      throw new IllegalStateException("the phase sessions returned no builder for " + phase);
    }
    if (handoff != null) {
      b.handoff(handoff);
    }
    b.id(sessionId);
    AgentSession session = b.build();
    if (!session.startedFrom().equals(Optional.ofNullable(handoff))
        || session.task().isPresent()
        || !session.transcript().isEmpty()) {
      throw new IllegalStateException(
          "the session built for phase '" + phase + "' is not a fresh session from its handoff");
    }
    return session;
  }

  private static Failure openingFailure(Phase phase, Exception e) {
    if (e instanceof SessionSaturatedException || e instanceof IllegalArgumentException) {
      return Failure.of(
          "context-saturated",
          "The task and handoff of phase '"
              + phase
              + "' do not fit its session: "
              + e.getMessage());
    }
    LOG.warn("opening the session of phase '{}' failed: {}", phase, e.getClass().getName());
    return Failure.fromException(e);
  }

  private PhaseResult invoke(PhaseContext ctx) {
    try {
      return new Link(ctx, 0).proceed(ctx);
    } catch (SessionSaturatedException e) {
      return PhaseResult.failed(
          Failure.of("context-saturated", "The session's window is saturated: " + e.getMessage()));
    } catch (Exception e) {
      LOG.warn(
          "phase '{}' of run '{}' raised {}", ctx.phase(), ctx.runId(), e.getClass().getName());
      return PhaseResult.failed(Failure.fromException(e));
    }
  }

  /** One link of the interceptor chain; the last one calls the handler. */
  private final class Link implements PhaseInterceptor.Chain {
    private final PhaseContext context;
    private final int index;
    private boolean proceeded;

    Link(PhaseContext context, int index) {
      this.context = context;
      this.index = index;
    }

    @Override
    public PhaseContext context() {
      return context;
    }

    @Override
    public PhaseResult proceed(PhaseContext next) throws Exception {
      Objects.requireNonNull(next, "context");
      if (next != context) {
        throw new IllegalArgumentException(
            "an interceptor must proceed with the chain's context, for " + context);
      }
      if (proceeded) {
        throw new IllegalStateException(
            "an interceptor proceeded twice in " + context + "; a phase runs once per session");
      }
      proceeded = true;
      PhaseResult result;
      String who;
      if (index < interceptors.size()) {
        who = "interceptor " + (index + 1);
        result = interceptors.get(index).intercept(new Link(context, index + 1));
      } else {
        who = "the handler";
        result = handlers.get(context.phase()).run(context);
      }
      if (result == null) {
        throw new IllegalStateException(who + " of phase '" + context.phase() + "' returned null");
      }
      return result;
    }
  }

  private Versioned<PipelineState> complete(
      Versioned<PipelineState> current, Phase phase, Ran ran, PhaseResult.Completed done) {
    PipelineState state = current.value();
    List<PhaseArtifact> stored = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    int n = 1;
    for (Artifact a : done.artifacts()) {
      String id = state.runId() + "." + phase.id() + "." + n++;
      ids.add(id);
      stored.add(
          new PhaseArtifact(
              id,
              state.runId(),
              phase.id(),
              state.workItemId(),
              a.name(),
              a.content(),
              a.provenance()));
    }
    Handoff handoff = withRefs(done.handoff(), stored);
    PhaseRecord record =
        new PhaseRecord(
            phase.id(), ran.sessionId, Math.max(1, ran.attempts), handoff, ids, clock.instant());
    return write(current, state.completing(record, clock.instant()), stored);
  }

  private static Handoff withRefs(Handoff h, List<PhaseArtifact> stored) {
    if (stored.isEmpty()) {
      return h;
    }
    List<Handoff.ArtifactRef> refs = new ArrayList<>(h.artifacts());
    for (PhaseArtifact a : stored) {
      refs.add(new Handoff.ArtifactRef(a.ref(), a.name()));
    }
    try {
      return new Handoff(
          h.goal(),
          h.decisions(),
          h.findings(),
          h.openQuestions(),
          refs,
          h.constraints(),
          h.nextStep());
    } catch (IllegalArgumentException tooLong) {
      return h;
    }
  }

  private Versioned<PipelineState> write(
      Versioned<PipelineState> current, PipelineState next, List<PhaseArtifact> created) {
    WriteBatch.Builder batch = WriteBatch.builder();
    for (PhaseArtifact a : created) {
      artifacts.addCreate(batch, a);
    }
    runs.addUpdate(batch, current, next);
    WriteResult result = store.write(batch.build());
    if (!result.committed()) {
      throw new PipelineException(
          next.runId(),
          "run '"
              + next.runId()
              + "' was changed by another pipeline since revision "
              + current.revision()
              + ": "
              + result);
    }
    return runs.get(next.runId())
        .orElseThrow(() -> new AssertionError("run '" + next.runId() + "' vanished after a write"));
  }

  private static String sessionId(String runId, Phase phase, int attempt) {
    return runId + "." + phase.id() + "." + attempt;
  }

  private static String checkRunId(String runId) {
    RecordKey.checkId(Objects.requireNonNull(runId, "runId"));
    if (runId.length() > MAX_RUN_ID_LENGTH) {
      throw new IllegalArgumentException(
          "runId must be at most " + MAX_RUN_ID_LENGTH + " characters, but was " + runId.length());
    }
    return runId;
  }

  static String defaultTask(Phase phase, String goal) {
    String name = phase.id().replace('-', ' ');
    return Character.toUpperCase(name.charAt(0)) + name.substring(1) + " phase. Goal: " + goal;
  }

  /**
   * Builds a {@link PhasePipeline}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final Store store;
    private final PhaseSessions sessions;
    private final List<Phase> phases = new ArrayList<>(Phase.defaults());
    private final Map<Phase, PhaseHandler> handlers = new LinkedHashMap<>();
    private final List<PhaseInterceptor> interceptors = new ArrayList<>();
    private BiFunction<Phase, String, String> tasks = PhasePipeline::defaultTask;
    private Function<Phase, String> agents = p -> p.id() + "-agent";
    private @Nullable UnaryOperator<Supervisor.Builder> supervision;
    private Clock clock = Clock.systemUTC();

    private Builder(Store store, PhaseSessions sessions) {
      this.store = store;
      this.sessions = sessions;
    }

    /**
     * Sets the handler of a phase.
     *
     * @param phase a phase of the pipeline
     * @param handler runs it
     * @return this builder
     */
    public Builder handler(Phase phase, PhaseHandler handler) {
      handlers.put(
          Objects.requireNonNull(phase, "phase"), Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /**
     * Replaces the phases; default {@link Phase#defaults()}.
     *
     * @param phases the phases, in order, without duplicates
     * @return this builder
     */
    public Builder phases(List<Phase> phases) {
      List<Phase> copy = List.copyOf(Objects.requireNonNull(phases, "phases"));
      this.phases.clear();
      this.phases.addAll(copy);
      return this;
    }

    /**
     * Adds a phase after another.
     *
     * @param anchor a phase of the pipeline
     * @param added the new phase
     * @param handler runs it
     * @return this builder
     * @throws IllegalArgumentException if the anchor is not a phase of the pipeline
     */
    public Builder insertAfter(Phase anchor, Phase added, PhaseHandler handler) {
      phases.add(indexOf(anchor) + 1, Objects.requireNonNull(added, "added"));
      return handler(added, handler);
    }

    /**
     * Adds a phase before another.
     *
     * @param anchor a phase of the pipeline
     * @param added the new phase
     * @param handler runs it
     * @return this builder
     * @throws IllegalArgumentException if the anchor is not a phase of the pipeline
     */
    public Builder insertBefore(Phase anchor, Phase added, PhaseHandler handler) {
      phases.add(indexOf(anchor), Objects.requireNonNull(added, "added"));
      return handler(added, handler);
    }

    /**
     * Removes a phase, and its handler.
     *
     * @param phase a phase of the pipeline
     * @return this builder
     * @throws IllegalArgumentException if it is not a phase of the pipeline
     */
    public Builder remove(Phase phase) {
      phases.remove(indexOf(phase));
      handlers.remove(phase);
      return this;
    }

    /**
     * Adds an interceptor around every phase. The first registered is the outermost.
     *
     * @param interceptor the interceptor
     * @return this builder
     */
    public Builder interceptor(PhaseInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Sets each phase's task, the one its session is started with; default {@code "Research phase.
     * Goal: <goal>"}.
     *
     * @param tasks makes the task of a phase from the run's goal
     * @return this builder
     */
    public Builder tasks(BiFunction<Phase, String, String> tasks) {
      this.tasks = Objects.requireNonNull(tasks, "tasks");
      return this;
    }

    /**
     * Sets the agent id each phase runs as: the author of its artifacts, and the worker of its
     * supervision; a valid record id. Default {@code <phase>-agent}.
     *
     * @param agents gives a phase's agent id
     * @return this builder
     */
    public Builder agents(Function<Phase, String> agents) {
      this.agents = Objects.requireNonNull(agents, "agents");
      return this;
    }

    /**
     * Runs each phase under a {@link Supervisor} (Factor XI): a failed phase is retried in a fresh
     * session carrying the failure feedback, up to the retry policy's bound, then escalated.
     *
     * @param config configures the supervisor of each phase: policies, handlers, human gate,
     *     sleeper; its store and session factory are the pipeline's
     * @return this builder
     */
    public Builder supervised(UnaryOperator<Supervisor.Builder> config) {
      this.supervision = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Sets the clock of states and provenance; default the system clock in UTC.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the pipeline.
     *
     * @return the pipeline
     * @throws IllegalStateException if there is no phase, a phase appears twice, a phase has no
     *     handler, or a handler is set for a phase that is not in the pipeline
     */
    public PhasePipeline build() {
      if (phases.isEmpty()) {
        throw new IllegalStateException("a pipeline needs at least one phase");
      }
      if (phases.stream().distinct().count() != phases.size()) {
        throw new IllegalStateException(
            "the phases of a pipeline must be distinct, but were " + phases);
      }
      for (Phase p : phases) {
        if (!handlers.containsKey(p)) {
          throw new IllegalStateException(
              "phase '"
                  + p
                  + "' has no handler; set one with handler(phase, handler) or remove it");
        }
      }
      for (Phase p : handlers.keySet()) {
        if (!phases.contains(p)) {
          throw new IllegalStateException(
              "a handler is set for phase '" + p + "', which is not in the pipeline " + phases);
        }
      }
      return new PhasePipeline(this);
    }

    private int indexOf(Phase phase) {
      int i = phases.indexOf(Objects.requireNonNull(phase, "phase"));
      if (i < 0) {
        throw new IllegalArgumentException(
            "phase '" + phase + "' is not in the pipeline " + phases);
      }
      return i;
    }
  }
}
