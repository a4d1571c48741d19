package dev.agentops.supervision;

import static dev.agentops.supervision.SupervisionFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.context.AgentSession;
import dev.agentops.context.Handoff;
import dev.agentops.llm.ChatMessage;
import dev.agentops.store.GitStore;
import dev.agentops.store.InMemoryStore;
import dev.agentops.supervision.SupervisionFixtures.RecordingSleeper;
import dev.agentops.supervision.SupervisionFixtures.Sessions;
import dev.agentops.supervision.SupervisionFixtures.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SupervisorTest {

  final TestClock clock = new TestClock();
  final RecordingSleeper sleeper = new RecordingSleeper(clock);
  final InMemoryStore store = InMemoryStore.builder().clock(clock).build();
  final Sessions sessions = new Sessions();
  final WorkUnit unit = new WorkUnit("ao-7f3k", "Make OrderServiceTest pass");

  Supervisor.Builder supervisor() {
    return Supervisor.builder(store, sessions).clock(clock).sleeper(sleeper);
  }

  /** Asks the model once, then fails with the class, signature and "feedback N". */
  static final class Failing implements WorkerTask<String> {
    final String failureClass;
    final String signature;
    final AtomicInteger calls = new AtomicInteger();

    Failing(String failureClass, String signature) {
      this.failureClass = failureClass;
      this.signature = signature;
    }

    Failing(String failureClass) {
      this(failureClass, failureClass);
    }

    @Override
    public AttemptResult<String> attempt(AgentSession session, AttemptRequest request) {
      int n = calls.incrementAndGet();
      session.ask("transcript of attempt " + n);
      return AttemptResult.failure(Failure.of(failureClass, signature, "feedback " + n));
    }
  }

  /** Fails with a test failure until the call given, then succeeds with "patch N". */
  static WorkerTask<String> succeedsOnCall(int success, AtomicInteger calls) {
    return (session, request) -> {
      int n = calls.incrementAndGet();
      return n >= success
          ? AttemptResult.success("patch " + n)
          : AttemptResult.failure("test-failure", "feedback " + n);
    };
  }

  List<String> events() {
    return SupervisionLog.read(store).stream()
        .map(e -> e.event() + e.field("to").map(t -> ">" + t).orElse(""))
        .collect(Collectors.toList());
  }

  @Nested
  class Retries {

    @Test
    void stopAtTheBoundAndEscalateToTheSupervisor() {
      Failing task = new Failing("test-failure");

      Outcome<String> outcome = supervisor().build().run("worker-1", unit, task);

      assertThat(task.calls).hasValue(3);
      assertThat(outcome).isInstanceOf(Outcome.Escalated.class);
      Outcome.Escalated<String> escalated = (Outcome.Escalated<String>) outcome;
      assertThat(escalated.heldBy()).isEqualTo(Level.SUPERVISOR);
      assertThat(escalated.escalation().reason()).isEqualTo(EscalationReason.RETRIES_EXHAUSTED);
      assertThat(escalated.escalation().from()).isEqualTo(Level.WORKER);
      assertThat(escalated.attempts()).isEqualTo(3);
      assertThat(escalated.failures())
          .extracting(Failure::feedback)
          .containsExactly("feedback 1", "feedback 2", "feedback 3");
      assertThat(escalated.note()).contains("no handler at the supervisor level");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 7})
    void stopAtAConfiguredBound(int maxAttempts) {
      Failing task = new Failing("test-failure");

      Outcome<String> outcome =
          supervisor()
              .retryPolicy(RetryPolicy.builder().maxAttempts(maxAttempts).build())
              .build()
              .run("worker-1", unit, task);

      assertThat(task.calls).hasValue(maxAttempts);
      assertThat(outcome.attempts()).isEqualTo(maxAttempts);
      assertThat(sessions.requests)
          .extracting(AttemptRequest::attempt)
          .isEqualTo(java.util.stream.IntStream.rangeClosed(1, maxAttempts).boxed().toList());
    }

    @Test
    void eachRetryIsAFreshSessionCarryingThePreviousFailures() {
      supervisor().build().run("worker-1", unit, new Failing("test-failure", "OrderServiceTest"));

      List<AgentSession> opened = sessions.opened;
      assertThat(opened).hasSize(3);
      assertThat(opened).extracting(AgentSession::id).doesNotHaveDuplicates();
      assertThat(opened.get(0).startedFrom()).isEmpty();
      assertThat(sessions.requests.get(0).isRetry()).isFalse();

      Handoff second = opened.get(1).startedFrom().orElseThrow();
      assertThat(second.findings())
          .containsExactly("Attempt 1 failed (test-failure, OrderServiceTest): feedback 1");
      assertThat(second.constraints()).contains("Do not repeat an approach that already failed.");
      assertThat(opened.get(2).startedFrom().orElseThrow().findings())
          .containsExactly(
              "Attempt 1 failed (test-failure, OrderServiceTest): feedback 1",
              "Attempt 2 failed (test-failure, OrderServiceTest): feedback 2");
      assertThat(sessions.requests.get(2).previousFailures())
          .extracting(Failure::feedback)
          .containsExactly("feedback 1", "feedback 2");

      // each session holds its own turn only; the failed transcripts never reach the next one
      for (int i = 0; i < 3; i++) {
        assertThat(opened.get(i).transcript())
            .containsExactly(
                ChatMessage.user("transcript of attempt " + (i + 1)),
                ChatMessage.assistant("reply " + (i + 1)));
        assertThat(opened.get(i).task()).hasValue(unit.goal());
      }
      String thirdRequest = sessions.model.requests.get(2).toString();
      assertThat(sessions.model.requests.get(2).system().orElseThrow())
          .contains("feedback 1")
          .contains("feedback 2");
      assertThat(thirdRequest)
          .doesNotContain("transcript of attempt 1")
          .doesNotContain("transcript of attempt 2");
    }

    @Test
    void carryOnlyTheLatestFailuresTheyAreAllowed() {
      supervisor()
          .retryPolicy(RetryPolicy.builder().maxAttempts(5).carriedFailures(2).build())
          .build()
          .run("worker-1", unit, new Failing("test-failure"));

      assertThat(sessions.opened.get(4).startedFrom().orElseThrow().findings())
          .hasSize(2)
          .allSatisfy(f -> assertThat(f).doesNotContain("feedback 1").doesNotContain("feedback 2"))
          .anySatisfy(f -> assertThat(f).endsWith("feedback 4"));
    }

    @Test
    void endDoneWhenARetrySucceeds() {
      AtomicInteger calls = new AtomicInteger();

      Outcome<String> outcome =
          supervisor().build().run("worker-1", unit, succeedsOnCall(2, calls));

      assertThat(outcome).isInstanceOf(Outcome.Done.class);
      Outcome.Done<String> done = (Outcome.Done<String>) outcome;
      assertThat(done.value()).isEqualTo("patch 2");
      assertThat(done.attempts()).isEqualTo(2);
      assertThat(done.failures()).extracting(Failure::feedback).containsExactly("feedback 1");
      assertThat(events()).containsExactly("attempt-failed", "outcome");
    }

    @Test
    void waitOutTheCooldownOfTheTableThroughTheSleeper() {
      EscalationPolicy policy =
          EscalationPolicy.builder().retry("rate-limited", Duration.ofSeconds(45)).build();

      supervisor()
          .escalationPolicy(policy)
          .build()
          .run("worker-1", unit, new Failing("rate-limited"));

      assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(45), Duration.ofSeconds(45));
      assertThat(SupervisionLog.read(store).get(0).field("cooldown")).hasValue("PT45S");
    }

    @Test
    void neverWaitWithoutACooldown() {
      supervisor().build().run("worker-1", unit, new Failing("test-failure"));

      assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void stopWhenInterruptedDuringACooldown() {
      Supervisor s =
          Supervisor.builder(store, sessions)
              .clock(clock)
              .escalationPolicy(
                  EscalationPolicy.builder().retry("timeout", Duration.ofMinutes(1)).build())
              .sleeper(d -> {
                throw new InterruptedException();
              })
              .build();
      try {
        assertThatThrownBy(() -> s.run("worker-1", unit, new Failing("timeout")))
            .isInstanceOf(SupervisionException.class)
            .hasMessage("interrupted while waiting PT1M before attempt 2 of work unit 'ao-7f3k'");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
    }

    @Test
    void countAnExceptionAsAFailedAttempt() {
      Outcome<String> outcome =
          supervisor()
              .escalationPolicy(EscalationPolicy.builder().retry(Failure.EXCEPTION).build())
              .build()
              .run(
                  "worker-1",
                  unit,
                  (session, request) -> {
                    throw new IllegalStateException("the build tool crashed");
                  });

      assertThat(outcome.attempts()).isEqualTo(3);
      assertThat(outcome.failures().get(0))
          .isEqualTo(
              new Failure(
                  "exception",
                  "java.lang.IllegalStateException",
                  "The attempt raised java.lang.IllegalStateException: the build tool crashed"));
    }

    @Test
    void countAFactoryThatCannotOpenASessionAsAFailedAttempt() {
      Outcome<String> outcome =
          Supervisor.builder(
                  store,
                  request -> {
                    throw new java.io.IOException("provider unreachable");
                  })
              .clock(clock)
              .build()
              .run("worker-1", unit, new Failing("test-failure"));

      assertThat(outcome.attempts()).isEqualTo(1);
      assertThat(((Outcome.Escalated<String>) outcome).escalation().reason())
          .isEqualTo(EscalationReason.UNKNOWN_FAILURE_CLASS);
      assertThat(SupervisionLog.failedAttempts(store).get(0).session()).isEmpty();
    }

    @Test
    void refuseASessionHandedOutTwice() {
      AgentSession only =
          AgentSession.builder(sessions.model, SupervisionFixtures.PROFILE).id("the-one").build();
      Supervisor s = Supervisor.builder(store, request -> only).clock(clock).build();

      assertThatThrownBy(() -> s.run("worker-1", unit, new Failing("test-failure")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("returned session 'the-one' for attempt 2 of work unit 'ao-7f3k'")
          .hasMessageContaining("every attempt needs a fresh session");
    }

    @Test
    void refuseARetrySessionThatDoesNotCarryTheFeedback() {
      Supervisor s =
          Supervisor.builder(
                  store,
                  request ->
                      AgentSession.builder(sessions.model, SupervisionFixtures.PROFILE).build())
              .clock(clock)
              .build();

      assertThatThrownBy(() -> s.run("worker-1", unit, new Failing("test-failure")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("attempt 2 of work unit 'ao-7f3k'")
          .hasMessageContaining("did not start from the request's handoff");
    }

    @Test
    void turnASessionTooSmallForTheTaskIntoAContextSaturatedFailure() {
      SessionFactory tiny =
          SessionFactory.fromBuilder(() ->
              AgentSession.builder(
                  sessions.model,
                  dev.agentops.llm.ModelProfile.builder("test", "tiny")
                      .contextWindow(300)
                      .maxOutputTokens(50)
                      .build()));
      WorkUnit huge = new WorkUnit("ao-huge", "Refactor everything. ".repeat(200));

      Outcome<String> outcome =
          Supervisor.builder(store, tiny)
              .clock(clock)
              .build()
              .run("worker-1", huge, new Failing("x"));

      assertThat(outcome.failures())
          .extracting(Failure::failureClass)
          .containsExactly("context-saturated");
      assertThat(((Outcome.Escalated<String>) outcome).escalation().reason())
          .isEqualTo(EscalationReason.DECOMPOSE);
    }
  }

  @Nested
  class EscalationPaths {

    @Test
    void anUnknownClassEscalatesAtOnce() {
      Failing task = new Failing("disk-full");

      Outcome.Escalated<String> e =
          (Outcome.Escalated<String>) supervisor().build().run("worker-1", unit, task);

      assertThat(task.calls).hasValue(1);
      assertThat(e.escalation().reason()).isEqualTo(EscalationReason.UNKNOWN_FAILURE_CLASS);
      assertThat(e.escalation().note()).isEqualTo("disk-full: disk-full");
    }

    @Test
    void aClassTheTableEscalatesDoesSoAtOnce() {
      Failing task = new Failing("permission-denied");

      Outcome.Escalated<String> e =
          (Outcome.Escalated<String>)
              supervisor()
                  .escalationPolicy(
                      EscalationPolicy.defaults().toBuilder().escalate("permission-denied").build())
                  .build()
                  .run("worker-1", unit, task);

      assertThat(task.calls).hasValue(1);
      assertThat(e.escalation().reason()).isEqualTo(EscalationReason.POLICY);
    }

    @Test
    void decomposeAsksTheSupervisorToSplitTheUnit() {
      List<Escalation> received = new ArrayList<>();
      Failing task = new Failing("too-large");

      Outcome<String> outcome =
          supervisor()
              .handler(
                  Level.SUPERVISOR,
                  e -> {
                    received.add(e);
                    return Resolution.hold("split into ao-7f3k.1 and ao-7f3k.2");
                  })
              .build()
              .run("worker-1", unit, task);

      assertThat(task.calls).hasValue(1);
      assertThat(received)
          .singleElement()
          .satisfies(e -> {
            assertThat(e.reason()).isEqualTo(EscalationReason.DECOMPOSE);
            assertThat(e.to()).isEqualTo(Level.SUPERVISOR);
          });
      assertThat(outcome.kind()).isEqualTo(Outcome.Kind.ESCALATED);
      assertThat(((Outcome.Escalated<String>) outcome).note())
          .isEqualTo("split into ao-7f3k.1 and ao-7f3k.2");
      assertThat(((Outcome.Escalated<String>) outcome).heldBy()).isEqualTo(Level.SUPERVISOR);
    }

    @Test
    void theSameSignatureFromSeveralWorkersIsSystemicAndEscalatesAtOnce() {
      Supervisor s =
          supervisor()
              .escalationPolicy(
                  EscalationPolicy.defaults().toBuilder()
                      .systemic(3, Duration.ofMinutes(10))
                      .build())
              .build();
      Failing first = new Failing("test-failure", "CI runner out of memory");
      Failing second = new Failing("test-failure", "CI runner out of memory");
      Failing third = new Failing("test-failure", "CI runner out of memory");

      Outcome<String> a = s.run("worker-1", new WorkUnit("ao-1", "one"), first);
      Outcome<String> b = s.run("worker-2", new WorkUnit("ao-2", "two"), second);
      Outcome<String> c = s.run("worker-3", new WorkUnit("ao-3", "three"), third);

      // one worker failing three times is not systemic; two workers are not yet "several"
      assertThat(first.calls).hasValue(3);
      assertThat(((Outcome.Escalated<String>) a).escalation().reason())
          .isEqualTo(EscalationReason.RETRIES_EXHAUSTED);
      assertThat(second.calls).hasValue(3);
      // the third worker's first failure makes it systemic: no retry
      assertThat(third.calls).hasValue(1);
      assertThat(((Outcome.Escalated<String>) c).escalation().reason())
          .isEqualTo(EscalationReason.SYSTEMIC);
      assertThat(b.kind()).isEqualTo(Outcome.Kind.ESCALATED);
    }

    @Test
    void failuresOutsideTheWindowAreNotSystemic() {
      Supervisor s =
          supervisor()
              .escalationPolicy(
                  EscalationPolicy.defaults().toBuilder()
                      .systemic(2, Duration.ofMinutes(10))
                      .build())
              .build();
      s.run("worker-1", new WorkUnit("ao-1", "one"), new Failing("test-failure", "flaky DNS"));
      clock.advance(Duration.ofMinutes(11));
      Failing later = new Failing("test-failure", "flaky DNS");
      Failing other = new Failing("test-failure", "another signature");

      Outcome<String> o = s.run("worker-2", new WorkUnit("ao-2", "two"), later);
      s.run("worker-3", new WorkUnit("ao-3", "three"), other);

      assertThat(later.calls).hasValue(3);
      assertThat(((Outcome.Escalated<String>) o).escalation().reason())
          .isEqualTo(EscalationReason.RETRIES_EXHAUSTED);
      assertThat(other.calls).hasValue(3);
    }

    @Test
    void aSupervisorReframesOnceThenItsEscalationsPassUp() {
      List<Escalation> atSupervisor = new ArrayList<>();
      Failing task = new Failing("test-failure");

      Outcome<String> outcome =
          supervisor()
              .handler(
                  Level.SUPERVISOR,
                  e -> {
                    atSupervisor.add(e);
                    return Resolution.reframe(
                        new WorkUnit(
                            unit.id(), "Make OrderServiceTest pass without touching the cache"),
                        "The cache is shared; isolate it per test");
                  })
              .build()
              .run("worker-1", unit, task);

      assertThat(task.calls).hasValue(6);
      assertThat(atSupervisor).hasSize(2);
      AttemptRequest fourth = sessions.requests.get(3);
      assertThat(fourth.round()).isEqualTo(1);
      assertThat(fourth.attempt()).isEqualTo(1);
      assertThat(fourth.guidance())
          .hasValue("From the supervisor: The cache is shared; isolate it per test");
      assertThat(fourth.handoff().orElseThrow().constraints())
          .contains("From the supervisor: The cache is shared; isolate it per test");
      assertThat(sessions.opened.get(3).task())
          .hasValue("Make OrderServiceTest pass without touching the cache");
      // the second escalation passes to the coordinator, which nobody staffs: it waits there
      Outcome.Escalated<String> e = (Outcome.Escalated<String>) outcome;
      assertThat(e.heldBy()).isEqualTo(Level.COORDINATOR);
      assertThat(e.escalation().from()).isEqualTo(Level.SUPERVISOR);
      assertThat(e.escalation().note()).contains("already sent this unit back down 1 time(s)");
      assertThat(e.unit().goal())
          .isEqualTo("Make OrderServiceTest pass without touching the cache");
    }

    @Test
    void aSupervisorCanAbandonTheUnit() {
      Outcome<String> outcome =
          supervisor()
              .handler(Level.SUPERVISOR, e -> Resolution.abandon("the test is obsolete"))
              .build()
              .run("worker-1", unit, new Failing("test-failure"));

      Outcome.Failed<String> failed = (Outcome.Failed<String>) outcome;
      assertThat(failed.decidedBy()).isEqualTo(Level.SUPERVISOR);
      assertThat(failed.reason()).isEqualTo("the test is obsolete");
      assertThat(failed.attempts()).isEqualTo(3);
    }

    @Test
    void aFailingHandlerPassesTheEscalationUp() {
      Outcome<String> outcome =
          supervisor()
              .handler(
                  Level.SUPERVISOR,
                  e -> {
                    throw new IllegalStateException("supervisor model unavailable");
                  })
              .handler(Level.COORDINATOR, e -> Resolution.hold("coordinator queued it"))
              .build()
              .run("worker-1", unit, new Failing("test-failure"));

      Outcome.Escalated<String> e = (Outcome.Escalated<String>) outcome;
      assertThat(e.heldBy()).isEqualTo(Level.COORDINATOR);
      assertThat(e.escalation().note())
          .isEqualTo("the supervisor's handler failed: java.lang.IllegalStateException");
      assertThat(SupervisionLog.read(store))
          .anySatisfy(ev -> {
            assertThat(ev.event()).isEqualTo("resolved");
            assertThat(ev.field("resolution")).hasValue("error");
            assertThat(ev.field("level")).hasValue("supervisor");
          });
    }

    @Test
    void aReframeForAnotherUnitIsRefusedAndPassesUp() {
      Outcome<String> outcome =
          supervisor()
              .handler(
                  Level.SUPERVISOR,
                  e -> Resolution.reframe(new WorkUnit("ao-other", "something else"), "do that"))
              .build()
              .run("worker-1", unit, new Failing("test-failure"));

      assertThat(((Outcome.Escalated<String>) outcome).heldBy()).isEqualTo(Level.COORDINATOR);
      assertThat(outcome.attempts()).isEqualTo(3);
    }

    @Test
    void escalationClimbsOneLevelAtATimeToThePerson() {
      List<Escalation> atHuman = new ArrayList<>();

      supervisor()
          .handler(Level.SUPERVISOR, EscalationHandler.passUp())
          .handler(Level.COORDINATOR, EscalationHandler.passUp())
          .humanGate(e -> {
            atHuman.add(e);
            return HumanDecision.defer("on holiday");
          })
          .build()
          .run("worker-1", unit, new Failing("test-failure"));

      assertThat(events())
          .containsExactly(
              "attempt-failed",
              "attempt-failed",
              "attempt-failed",
              "escalated>supervisor",
              "resolved",
              "escalated>coordinator",
              "resolved",
              "escalated>human",
              "resolved",
              "outcome");
      assertThat(atHuman)
          .singleElement()
          .satisfies(e -> {
            assertThat(e.from()).isEqualTo(Level.COORDINATOR);
            assertThat(e.reason()).isEqualTo(EscalationReason.RETRIES_EXHAUSTED);
            assertThat(e.failures()).hasSize(3);
          });
    }

    @Test
    void anEscalationCannotGoSidewaysOrSkipALevel() {
      assertThatThrownBy(() -> escalation(Level.WORKER, Level.COORDINATOR))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "an escalation goes up one level, never sideways: from worker it goes to supervisor,"
                  + " but was to coordinator");
      assertThatThrownBy(() -> escalation(Level.SUPERVISOR, Level.SUPERVISOR))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> escalation(Level.COORDINATOR, Level.WORKER))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> escalation(Level.HUMAN, Level.HUMAN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("from human it goes to nowhere");
      assertThatThrownBy(() -> escalation(Level.COORDINATOR, Level.HUMAN).passedUp("x", T0))
          .isInstanceOf(IllegalStateException.class);
      assertThat(escalation(Level.WORKER, Level.SUPERVISOR).passedUp("x", T0).to())
          .isEqualTo(Level.COORDINATOR);
    }

    Escalation escalation(Level from, Level to) {
      return new Escalation(unit, "w", from, to, EscalationReason.POLICY, "", List.of(), T0);
    }

    @Test
    void handlersStaffOnlyTheSupervisingLevels() {
      assertThatThrownBy(() -> supervisor().handler(Level.HUMAN, EscalationHandler.passUp()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a person is reached through humanGate(...)");
      assertThatThrownBy(() -> supervisor().handler(Level.WORKER, EscalationHandler.passUp()))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class TheHumanGate {

    Supervisor.Builder toTheTop() {
      return supervisor()
          .handler(Level.SUPERVISOR, EscalationHandler.passUp())
          .handler(Level.COORDINATOR, EscalationHandler.passUp());
    }

    @Test
    void anApprovalStartsANewRoundWithThePersonsGuidance() {
      AtomicInteger calls = new AtomicInteger();

      Outcome<String> outcome =
          toTheTop()
              .humanGate(e -> HumanDecision.approve("Use the test container, not the shared DB"))
              .build()
              .run("worker-1", unit, succeedsOnCall(4, calls));

      assertThat(outcome).isInstanceOf(Outcome.Done.class);
      assertThat(((Outcome.Done<String>) outcome).value()).isEqualTo("patch 4");
      assertThat(outcome.attempts()).isEqualTo(4);
      AttemptRequest fourth = sessions.requests.get(3);
      assertThat(fourth.round()).isEqualTo(1);
      assertThat(fourth.handoff().orElseThrow().constraints())
          .contains("From a person: Use the test container, not the shared DB");
      assertThat(sessions.opened.get(3).startedFrom()).isEqualTo(fourth.handoff());
    }

    @Test
    void approvalsAreBoundedThenTheUnitNeedsAPersonAgain() {
      AtomicInteger asked = new AtomicInteger();
      Failing task = new Failing("test-failure");

      Outcome<String> outcome =
          toTheTop()
              .humanGate(e -> {
                asked.incrementAndGet();
                return HumanDecision.approve("try harder");
              })
              .build()
              .run("worker-1", unit, task);

      assertThat(asked).hasValue(1);
      assertThat(task.calls).hasValue(6);
      assertThat(outcome).isInstanceOf(Outcome.NeedsHuman.class);
      assertThat(((Outcome.NeedsHuman<String>) outcome).note())
          .contains("a person already approved 1 round(s)");
    }

    @Test
    void aDenialFailsTheUnit() {
      Outcome<String> outcome =
          toTheTop()
              .humanGate(e -> HumanDecision.deny("not worth it"))
              .build()
              .run("worker-1", unit, new Failing("test-failure"));

      Outcome.Failed<String> failed = (Outcome.Failed<String>) outcome;
      assertThat(failed.decidedBy()).isEqualTo(Level.HUMAN);
      assertThat(failed.reason()).isEqualTo("not worth it");
      assertThat(failed.failures()).hasSize(3);
    }

    @Test
    void aGateThatThrowsLeavesTheUnitWaitingForAPerson() {
      Outcome<String> outcome =
          toTheTop()
              .humanGate(e -> {
                throw new java.io.UncheckedIOException(new java.io.IOException("chat down"));
              })
              .build()
              .run("worker-1", unit, new Failing("test-failure"));

      Outcome.NeedsHuman<String> waiting = (Outcome.NeedsHuman<String>) outcome;
      assertThat(waiting.note()).isEqualTo("the human gate failed: java.io.UncheckedIOException");
      assertThat(waiting.escalation().to()).isEqualTo(Level.HUMAN);
      SupervisionEvent last = SupervisionLog.read(store).get(SupervisionLog.read(store).size() - 1);
      assertThat(last.field("outcome")).hasValue("needs-human");
      assertThat(SupervisionLog.read(store))
          .anySatisfy(ev -> assertThat(ev.field("resolution")).hasValue("error"));
    }

    @Test
    void aGateThatReturnsNothingCountsAsFailed() {
      Outcome<String> outcome =
          toTheTop()
              .humanGate(e -> null)
              .build()
              .run("worker-1", unit, new Failing("test-failure"));

      assertThat(((Outcome.NeedsHuman<String>) outcome).note())
          .isEqualTo("the human gate failed: java.lang.IllegalStateException");
    }

    @Test
    void aDeferralLeavesTheUnitWaiting() {
      Outcome<String> outcome =
          toTheTop()
              .humanGate(e -> HumanDecision.defer("ticket OPS-12 opened"))
              .build()
              .run("worker-1", unit, new Failing("test-failure"));

      assertThat(((Outcome.NeedsHuman<String>) outcome).note()).isEqualTo("ticket OPS-12 opened");
    }

    @Test
    void withoutAGateTheUnitNeedsAPerson() {
      Outcome<String> outcome =
          toTheTop().build().run("worker-1", unit, new Failing("test-failure"));

      assertThat(outcome.kind()).isEqualTo(Outcome.Kind.NEEDS_HUMAN);
      assertThat(((Outcome.NeedsHuman<String>) outcome).note())
          .isEqualTo("no human gate is configured");
    }
  }

  @Nested
  class Records {

    @Test
    void everyFailedAttemptIsLoggedWithItsContext() {
      supervisor().build().run("worker-1", unit, new Failing("test-failure", "OrderServiceTest"));

      List<FailedAttempt> failed = SupervisionLog.failedAttempts(store);
      assertThat(failed).hasSize(3);
      FailedAttempt first = failed.get(0);
      assertThat(first.unit()).isEqualTo("ao-7f3k");
      assertThat(first.worker()).isEqualTo("worker-1");
      assertThat(first.at()).isEqualTo(T0);
      assertThat(first.round()).isZero();
      assertThat(first.attempt()).isEqualTo(1);
      assertThat(first.session()).isEqualTo(sessions.opened.get(0).id());
      assertThat(first.goal()).isEqualTo(unit.goal());
      assertThat(first.failure())
          .isEqualTo(Failure.of("test-failure", "OrderServiceTest", "feedback 1"));
      assertThat(first.action()).isEqualTo("retry");
      assertThat(failed.get(2).action()).isEqualTo("escalate");
      assertThat(store.log(SupervisionLog.LOG))
          .allSatisfy(e -> assertThat(e.writer()).isEqualTo("worker-1"));
    }

    @Test
    void escalationsAndOutcomesAreLogged() {
      supervisor().build().run("worker-1", unit, new Failing("disk-full"));

      List<SupervisionEvent> events = SupervisionLog.read(store);
      assertThat(events)
          .extracting(SupervisionEvent::event)
          .containsExactly("attempt-failed", "escalated", "outcome");
      assertThat(events.get(0).field("reason")).hasValue("unknown-failure-class");
      SupervisionEvent up = events.get(1);
      assertThat(up.field("from")).hasValue("worker");
      assertThat(up.field("to")).hasValue("supervisor");
      assertThat(up.field("reason")).hasValue("unknown-failure-class");
      SupervisionEvent end = events.get(2);
      assertThat(end.field("outcome")).hasValue("escalated");
      assertThat(end.field("level")).hasValue("supervisor");
      assertThat(end.field("attempts")).hasValue("1");
    }

    @Test
    void theLogIsInGitAndReadsBackAfterReopening(@TempDir Path dir) {
      Path repo = dir.resolve("repo");
      try (GitStore git = GitStore.builder(repo).create(true).clock(clock).build()) {
        Supervisor.builder(git, sessions)
            .clock(clock)
            .sleeper(sleeper)
            .build()
            .run("worker-1", unit, new Failing("test-failure"));
      }
      try (GitStore reopened = GitStore.builder(repo).build()) {
        assertThat(SupervisionLog.failedAttempts(reopened))
            .extracting(a -> a.failure().feedback())
            .containsExactly("feedback 1", "feedback 2", "feedback 3");
        assertThat(SupervisionLog.read(reopened))
            .extracting(SupervisionEvent::event)
            .endsWith("escalated", "outcome");
      }
    }

    @Test
    void linesThatAreNotSupervisionEventsAreSkipped() {
      store.write(
          dev.agentops.store.WriteBatch.builder()
              .append(SupervisionLog.LOG, "someone", "not json", "{\"event\":\"x\"}", "[1]")
              .build());
      supervisor().build().run("worker-1", unit, new Failing("disk-full"));

      assertThat(SupervisionLog.read(store)).hasSize(3);
    }
  }
}
