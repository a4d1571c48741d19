package dev.agentops.supervision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.context.AgentSession;
import dev.agentops.context.Handoff;
import dev.agentops.context.SessionSaturatedException;
import dev.agentops.llm.internal.Json;
import dev.agentops.store.RecordKey;
import dev.agentops.store.Store;
import dev.agentops.store.WriteBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work under supervision (Factor XI): bounded retries in fresh sessions, a
 * declarative table from failure class to action, systemic-failure detection, and escalation one
 * level up at a time, worker → supervisor → coordinator → human.
 *
 * <h2>What a run does</h2>
 *
 * <ol>
 *   <li><b>A round of attempts.</b> Each attempt opens a new session through the {@link
 *       SessionFactory}, starts it with the unit's goal, and calls the {@link WorkerTask}. A
 *       retry's session starts from a {@link Handoff} holding the latest failures' feedback (and
 *       any guidance from above), never from the failed session's transcript. A session handed out
 *       twice, or one that does not start from the retry's handoff, is refused.
 *   <li><b>After a failure</b> the {@link EscalationPolicy} decides: if as many different workers
 *       as its systemic rule says failed with the same signature within its window, escalate at
 *       once; a class the table does not know escalates; the table's row says retry (after its
 *       cooldown, through the injected {@link Sleeper}), decompose or escalate. A retry with no
 *       attempts left in the round ({@link RetryPolicy#maxAttempts()}, default 3) escalates.
 *   <li><b>Escalation</b> goes to the supervisor level. A level with an {@link EscalationHandler}
 *       decides: reframe (a new round with fresh attempts, at most {@link Builder#maxReframes(int)}
 *       times per level and run), pass up, abandon or hold. A level without a handler holds the
 *       escalation: the outcome is {@link Outcome.Escalated}, and the host's supervisor takes it
 *       from there. Above the coordinator is the {@link HumanGate}: approve (a new round with the
 *       person's guidance), deny, or defer; no gate, a deferral, a failing gate or used-up
 *       approvals leave the unit {@link Outcome.NeedsHuman}.
 * </ol>
 *
 * <h2>Records</h2>
 *
 * <p>Every failed attempt, every hop of an escalation, every decision of a level and the outcome
 * are appended to the {@value SupervisionLog#LOG} log of the store, in the worker's shard, as they
 * happen; {@link SupervisionLog} describes the lines and reads them back.
 *
 * <h2>Host callbacks</h2>
 *
 * <p>Session factory, task, handlers and gate are guarded: what they raise is recorded and turned
 * into a failed attempt, a pass-up or a wait for a person, never into a broken run. Thread-safe:
 * one supervisor can run many units at once, and must, for systemic failures across workers to be
 * seen.
 *
 * <pre>{@code
 * Supervisor supervisor = Supervisor.builder(store, SessionFactory.fromBuilder(
 *         () -> AgentSession.builder(model, profile).system(rules)))
 *     .handler(Level.SUPERVISOR, reviewer)
 *     .humanGate(onCall)
 *     .build();
 * Outcome<Patch> outcome = supervisor.run("worker-1", WorkUnit.of(item), (session, attempt) -> {
 *   Patch patch = propose(session);
 *   TestRun tests = runTests(patch);
 *   return tests.passed()
 *       ? AttemptResult.success(patch)
 *       : AttemptResult.failure(Failure.of("test-failure", tests.firstFailure(), tests.report()));
 * });
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Supervisor {

  /** The longest guidance a level or a person may send down, in characters. */
  public static final int MAX_GUIDANCE_CHARS = 2_000;

  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
  private static final int MAX_GOAL_LINE = 300;

  private final Store store;
  private final SessionFactory sessions;
  private final RetryPolicy retryPolicy;
  private final EscalationPolicy escalationPolicy;
  private final Map<Level, EscalationHandler> handlers;
  private final @Nullable HumanGate humanGate;
  private final int maxReframes;
  private final Clock clock;
  private final Sleeper sleeper;
  private final SignatureWindow recent = new SignatureWindow();

  private Supervisor(Builder b) {
    this.store = b.store;
    this.sessions = b.sessions;
    this.retryPolicy = b.retryPolicy;
    this.escalationPolicy = b.escalationPolicy;
    this.handlers = Collections.unmodifiableMap(new EnumMap<>(b.handlers));
    this.humanGate = b.humanGate;
    this.maxReframes = b.maxReframes;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
  }

  /**
   * Starts a supervisor.
   *
   * @param store where failures, escalations and outcomes are recorded
   * @param sessions opens the fresh session of each attempt
   * @return a builder
   */
  public static Builder builder(Store store, SessionFactory sessions) {
    return new Builder(
        Objects.requireNonNull(store, "store"), Objects.requireNonNull(sessions, "sessions"));
  }

  /**
   * Runs a unit of work to an outcome.
   *
   * @param worker the worker's id; a valid record id, used as the writer of its log lines
   * @param unit the unit
   * @param task makes one attempt
   * @param <T> what a successful attempt produces
   * @return done, failed, escalated or needs human
   * @throws IllegalStateException if the session factory hands out a session that is not fresh, or
   *     does not start a retry's session from its handoff
   * @throws SupervisionException if the thread is interrupted during a cooldown
   * @throws dev.agentops.store.StoreException if the records cannot be written
   */
  public <T> Outcome<T> run(String worker, WorkUnit unit, WorkerTask<T> task) {
    RecordKey.checkId(Objects.requireNonNull(worker, "worker"));
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(task, "task");
    return new Run<>(worker, unit, task).execute();
  }

  /**
   * Returns the retry policy.
   *
   * @return the policy
   */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * Returns the escalation policy.
   *
   * @return the policy
   */
  public EscalationPolicy escalationPolicy() {
    return escalationPolicy;
  }

  /** A failed attempt and where it happened. */
  private record Attempted(int round, int attempt, Failure failure) {}

  /** One unit's run: its rounds, and its climb up the hierarchy. Confined to one thread. */
  private final class Run<T> {

    private final String worker;
    private final WorkerTask<T> task;
    private final List<Attempted> attempted = new ArrayList<>();
    private final Map<Level, Integer> reframes = new EnumMap<>(Level.class);
    private final Set<AgentSession> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
    private WorkUnit unit;
    private @Nullable String guidance;
    private int round;
    private int attempts;
    private @Nullable Outcome<T> done;

    Run(String worker, WorkUnit unit, WorkerTask<T> task) {
      this.worker = worker;
      this.unit = unit;
      this.task = task;
    }

    Outcome<T> execute() {
      while (true) {
        Escalation escalation = runRound();
        if (escalation == null) {
          return finish(Objects.requireNonNull(done, "done"));
        }
        Outcome<T> outcome = climb(escalation);
        if (outcome != null) {
          return finish(outcome);
        }
        round++;
      }
    }

    /** Runs one round; returns the escalation that ended it, or null with {@link #done} set. */
    private @Nullable Escalation runRound() {
      for (int attempt = 1; ; attempt++) {
        attempts++;
        AttemptRequest request =
            new AttemptRequest(
                unit,
                worker,
                round,
                attempt,
                retryPolicy.maxAttempts(),
                failures(),
                guidance,
                handoff(attempt));
        AgentSession session;
        try {
          session = sessions.open(request);
          if (session == null) {
            throw new IllegalStateException("the session factory returned no session");
          }
        } catch (Exception e) {
          LOG.warn(
              "opening the session for attempt {} of '{}' failed: {}",
              attempt,
              unit.id(),
              e.getClass().getName());
          Escalation up = afterFailure(request, "", Failure.fromException(e));
          if (up != null) {
            return up;
          }
          continue;
        }
        checkFresh(session, request);
        handedOut.add(session);
        AttemptResult<T> result;
        try {
          session.start(unit.goal());
          result = task.attempt(session, request);
          if (result == null) {
            throw new IllegalStateException("the task returned no result");
          }
        } catch (SessionSaturatedException e) {
          result =
              AttemptResult.failure(
                  Failure.of(
                      "context-saturated", "The session's window is saturated: " + e.getMessage()));
        } catch (Exception e) {
          if (e instanceof IllegalArgumentException && session.task().isEmpty()) {
            result =
                AttemptResult.failure(
                    Failure.of(
                        "context-saturated",
                        "The task and handoff do not fit the session's window: " + e.getMessage()));
          } else {
            LOG.warn("attempt {} of '{}' raised {}", attempt, unit.id(), e.getClass().getName());
            result = AttemptResult.failure(Failure.fromException(e));
          }
        }
        if (result instanceof AttemptResult.Success<T> success) {
          done = new Outcome.Done<>(unit, success.value(), attempts, failures());
          return null;
        }
        Failure failure = ((AttemptResult.Failed<T>) result).failure();
        Escalation up = afterFailure(request, session.id(), failure);
        if (up != null) {
          return up;
        }
      }
    }

    /** Records a failure and applies the policy: null to retry, or the escalation. */
    private @Nullable Escalation afterFailure(
        AttemptRequest request, String sessionId, Failure failure) {
      attempted.add(new Attempted(round, request.attempt(), failure));
      Instant now = clock.instant();
      int workers =
          recent.record(failure.signature(), worker, now, escalationPolicy.systemicWindow());
      Optional<FailureAction> row = escalationPolicy.lookup(failure.failureClass());
      EscalationReason reason;
      Duration cooldown = Duration.ZERO;
      if (workers >= escalationPolicy.systemicWorkers()) {
        reason = EscalationReason.SYSTEMIC;
      } else if (row.isEmpty()) {
        reason = EscalationReason.UNKNOWN_FAILURE_CLASS;
      } else if (row.get() instanceof FailureAction.Retry retry) {
        reason =
            request.attempt() >= retryPolicy.maxAttempts()
                ? EscalationReason.RETRIES_EXHAUSTED
                : null;
        cooldown = retry.cooldown();
      } else if (row.get().kind() == FailureAction.Kind.DECOMPOSE) {
        reason = EscalationReason.DECOMPOSE;
      } else {
        reason = EscalationReason.POLICY;
      }
      ObjectNode line = line(SupervisionLog.ATTEMPT_FAILED, now);
      line.put("level", Level.WORKER.wireName());
      line.put("round", round);
      line.put("attempt", request.attempt());
      line.put("session", sessionId);
      line.put("class", failure.failureClass());
      line.put("signature", failure.signature());
      line.put("feedback", failure.feedback());
      line.put("goal", unit.goal());
      line.put("action", reason == null ? "retry" : "escalate");
      if (reason != null) {
        line.put("reason", reason.wireName());
      } else if (!cooldown.isZero()) {
        line.put("cooldown", cooldown.toString());
      }
      append(line);
      if (reason == null) {
        if (!cooldown.isZero()) {
          try {
            sleeper.sleep(cooldown);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SupervisionException(
                unit.id(),
                "interrupted while waiting "
                    + cooldown
                    + " before attempt "
                    + (request.attempt() + 1)
                    + " of work unit '"
                    + unit.id()
                    + "'",
                e);
          }
        }
        return null;
      }
      return new Escalation(
          unit,
          worker,
          Level.WORKER,
          Level.SUPERVISOR,
          reason,
          failure.failureClass() + ": " + failure.signature(),
          failures(),
          now);
    }

    /** Climbs from an escalation; returns the outcome, or null to run a new round. */
    private @Nullable Outcome<T> climb(Escalation first) {
      Escalation e = first;
      while (true) {
        recordEscalation(e);
        Level at = e.to();
        if (at == Level.HUMAN) {
          return atHuman(e);
        }
        EscalationHandler handler = handlers.get(at);
        if (handler == null) {
          return new Outcome.Escalated<>(
              e,
              "no handler at the " + at.wireName() + " level: the escalation waits there",
              attempts);
        }
        Resolution resolution;
        try {
          resolution = handler.handle(e);
          if (resolution == null) {
            throw new IllegalStateException("the handler returned no resolution");
          }
        } catch (Exception ex) {
          LOG.warn(
              "the {} handler failed on '{}': {}",
              at.wireName(),
              unit.id(),
              ex.getClass().getName());
          recordResolution(at, "error", ex.getClass().getName());
          e =
              e.passedUp(
                  "the " + at.wireName() + "'s handler failed: " + ex.getClass().getName(),
                  clock.instant());
          continue;
        }
        if (resolution instanceof Resolution.Reframe reframe) {
          if (!reframe.unit().id().equals(unit.id())) {
            String note =
                "the "
                    + at.wireName()
                    + " reframed work unit '"
                    + unit.id()
                    + "' as another unit, '"
                    + reframe.unit().id()
                    + "'; a reframe keeps the id";
            recordResolution(at, "refused", note);
            e = e.passedUp(note, clock.instant());
            continue;
          }
          if (reframes.getOrDefault(at, 0) >= maxReframes) {
            String note =
                "the "
                    + at.wireName()
                    + " already sent this unit back down "
                    + maxReframes
                    + " time(s) in this run";
            recordResolution(at, "refused", note);
            e = e.passedUp(note, clock.instant());
            continue;
          }
          reframes.merge(at, 1, Integer::sum);
          unit = reframe.unit();
          guidance = "From the " + at.wireName() + ": " + reframe.guidance();
          recordResolution(at, "reframe", reframe.guidance());
          return null;
        } else if (resolution instanceof Resolution.PassUp passUp) {
          recordResolution(at, "pass-up", passUp.note());
          e = e.passedUp(passUp.note(), clock.instant());
        } else if (resolution instanceof Resolution.Abandon abandon) {
          recordResolution(at, "abandon", abandon.reason());
          return new Outcome.Failed<>(unit, at, abandon.reason(), attempts, failures());
        } else {
          String note = ((Resolution.Hold) resolution).note();
          recordResolution(at, "hold", note);
          return new Outcome.Escalated<>(e, note, attempts);
        }
      }
    }

    private @Nullable Outcome<T> atHuman(Escalation e) {
      if (humanGate == null) {
        return new Outcome.NeedsHuman<>(e, "no human gate is configured", attempts);
      }
      if (reframes.getOrDefault(Level.HUMAN, 0) >= maxReframes) {
        return new Outcome.NeedsHuman<>(
            e,
            "a person already approved "
                + maxReframes
                + " round(s) of this unit in this run; a person must look again",
            attempts);
      }
      HumanDecision decision;
      try {
        decision = humanGate.decide(e);
        if (decision == null) {
          throw new IllegalStateException("the human gate returned no decision");
        }
      } catch (Exception ex) {
        LOG.warn("the human gate failed on '{}': {}", unit.id(), ex.getClass().getName());
        recordResolution(Level.HUMAN, "error", ex.getClass().getName());
        return new Outcome.NeedsHuman<>(
            e, "the human gate failed: " + ex.getClass().getName(), attempts);
      }
      if (decision instanceof HumanDecision.Approve approve) {
        reframes.merge(Level.HUMAN, 1, Integer::sum);
        guidance = "From a person: " + approve.guidance();
        recordResolution(Level.HUMAN, "approve", approve.guidance());
        return null;
      } else if (decision instanceof HumanDecision.Deny deny) {
        recordResolution(Level.HUMAN, "deny", deny.reason());
        return new Outcome.Failed<>(unit, Level.HUMAN, deny.reason(), attempts, failures());
      } else {
        String note = ((HumanDecision.Defer) decision).note();
        recordResolution(Level.HUMAN, "defer", note);
        return new Outcome.NeedsHuman<>(e, note, attempts);
      }
    }

    private Outcome<T> finish(Outcome<T> outcome) {
      ObjectNode line = line(SupervisionLog.OUTCOME, clock.instant());
      line.put("outcome", outcome.kind().wireName());
      line.put("attempts", outcome.attempts());
      line.put("rounds", round + 1);
      if (outcome instanceof Outcome.Failed<T> failed) {
        line.put("level", failed.decidedBy().wireName());
        line.put("note", failed.reason());
      } else if (outcome instanceof Outcome.Escalated<T> escalated) {
        line.put("level", escalated.heldBy().wireName());
        line.put("note", escalated.note());
      } else if (outcome instanceof Outcome.NeedsHuman<T> waiting) {
        line.put("level", Level.HUMAN.wireName());
        line.put("note", waiting.note());
      } else {
        line.put("level", Level.WORKER.wireName());
      }
      append(line);
      return outcome;
    }

    private void recordEscalation(Escalation e) {
      ObjectNode line = line(SupervisionLog.ESCALATED, e.at());
      line.put("from", e.from().wireName());
      line.put("to", e.to().wireName());
      line.put("reason", e.reason().wireName());
      line.put("note", e.note());
      line.put("attempts", attempts);
      append(line);
    }

    private void recordResolution(Level level, String resolution, String note) {
      ObjectNode line = line(SupervisionLog.RESOLVED, clock.instant());
      line.put("level", level.wireName());
      line.put("resolution", resolution);
      line.put("note", note);
      append(line);
    }

    private ObjectNode line(String event, Instant at) {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("event", event);
      node.put("unit", unit.id());
      node.put("worker", worker);
      node.put("at", at.toString());
      return node;
    }

    private void append(ObjectNode line) {
      if (!store
          .write(WriteBatch.builder().append(SupervisionLog.LOG, worker, line.toString()).build())
          .committed()) {
        throw new AssertionError("an append expects nothing, so it cannot conflict");
      }
    }

    private List<Failure> failures() {
      List<Failure> out = new ArrayList<>(attempted.size());
      attempted.forEach(a -> out.add(a.failure()));
      return out;
    }

    private void checkFresh(AgentSession session, AttemptRequest request) {
      String which = "attempt " + request.attempt() + " of work unit '" + unit.id() + "'";
      if (handedOut.contains(session)) {
        throw new IllegalStateException(
            "the session factory returned session '"
                + session.id()
                + "' for "
                + which
                + ", but it was used by an earlier attempt; every attempt needs a fresh session");
      }
      if (session.task().isPresent() || session.finished() || !session.transcript().isEmpty()) {
        throw new IllegalStateException(
            "the session factory returned session '"
                + session.id()
                + "' for "
                + which
                + ", but it already has a task, turns or is finished; every attempt needs a fresh"
                + " session");
      }
      Optional<Handoff> expected = request.handoff();
      if (expected.isPresent() && !session.startedFrom().equals(expected)) {
        throw new IllegalStateException(
            "the session factory returned session '"
                + session.id()
                + "' for "
                + which
                + ", which did not start from the request's handoff; a retry's session must"
                + " carry the failure feedback (AgentSession.Builder.handoff)");
      }
    }

    private @Nullable Handoff handoff(int attempt) {
      if (attempted.isEmpty() && guidance == null) {
        return null;
      }
      String goalLine = unit.goal().lines().findFirst().orElse(unit.id()).strip();
      if (goalLine.length() > MAX_GOAL_LINE) {
        goalLine = goalLine.substring(0, MAX_GOAL_LINE - 3) + "...";
      }
      Handoff.Builder b =
          Handoff.builder(
              goalLine,
              attempted.isEmpty()
                  ? "Follow the guidance above, then complete the task."
                  : "Attempt "
                      + attempt
                      + " of "
                      + retryPolicy.maxAttempts()
                      + ": avoid what made the earlier attempts fail, then complete the task.");
      int from = Math.max(0, attempted.size() - retryPolicy.carriedFailures());
      for (Attempted a : attempted.subList(from, attempted.size())) {
        b.finding(
            "Attempt "
                + a.attempt()
                + (a.round() > 0 ? " of round " + (a.round() + 1) : "")
                + " failed ("
                + a.failure().failureClass()
                + ", "
                + a.failure().signature()
                + "): "
                + a.failure().feedback());
      }
      if (attempted.size() > from) {
        b.constraint("Do not repeat an approach that already failed.");
      }
      if (guidance != null) {
        b.constraint(guidance);
      }
      return b.build();
    }
  }

  /**
   * Builds a {@link Supervisor}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final Store store;
    private final SessionFactory sessions;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private EscalationPolicy escalationPolicy = EscalationPolicy.defaults();
    private final Map<Level, EscalationHandler> handlers = new EnumMap<>(Level.class);
    private @Nullable HumanGate humanGate;
    private int maxReframes = 1;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();

    private Builder(Store store, SessionFactory sessions) {
      this.store = store;
      this.sessions = sessions;
    }

    /**
     * Sets the retry policy.
     *
     * @param policy the policy; default {@link RetryPolicy#defaults()}
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the escalation policy.
     *
     * @param policy the policy; default {@link EscalationPolicy#defaults()}
     * @return this builder
     */
    public Builder escalationPolicy(EscalationPolicy policy) {
      this.escalationPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Staffs a supervising level. A level left without a handler holds the escalations that reach
     * it: the run ends {@link Outcome.Escalated} there. Use {@link EscalationHandler#passUp()} for
     * a level that should only pass escalations on.
     *
     * @param level {@link Level#SUPERVISOR} or {@link Level#COORDINATOR}
     * @param handler decides the escalations that reach the level
     * @return this builder
     * @throws IllegalArgumentException for the worker or human level
     */
    public Builder handler(Level level, EscalationHandler handler) {
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(handler, "handler");
      if (level != Level.SUPERVISOR && level != Level.COORDINATOR) {
        throw new IllegalArgumentException(
            "handlers staff the supervisor and coordinator levels, but the level was "
                + level.wireName()
                + (level == Level.HUMAN ? "; a person is reached through humanGate(...)" : ""));
      }
      handlers.put(level, handler);
      return this;
    }

    /**
     * Sets how the top of the hierarchy reaches a person.
     *
     * @param gate the gate; by default there is none, and escalations to the human end {@link
     *     Outcome.NeedsHuman}
     * @return this builder
     */
    public Builder humanGate(HumanGate gate) {
      this.humanGate = Objects.requireNonNull(gate, "gate");
      return this;
    }

    /**
     * Sets how many times per run each level above the worker may send a unit back down, by a
     * reframe or a person's approval. It bounds a run: at most {@code (1 + 3 × maxReframes) ×
     * maxAttempts} attempts.
     *
     * @param maxReframes 0 to 10; default 1
     * @return this builder
     */
    public Builder maxReframes(int maxReframes) {
      if (maxReframes < 0 || maxReframes > 10) {
        throw new IllegalArgumentException(
            "maxReframes must be between 0 and 10, but was " + maxReframes);
      }
      this.maxReframes = maxReframes;
      return this;
    }

    /**
     * Sets the clock records and the systemic window use.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how retry cooldowns are waited out.
     *
     * @param sleeper the sleeper; default {@link Sleeper#system()}
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds the supervisor.
     *
     * @return the supervisor
     */
    public Supervisor build() {
      return new Supervisor(this);
    }
  }
}
