package dev.agentops.pipeline;

import static dev.agentops.pipeline.PipelineFixtures.ids;
import static dev.agentops.pipeline.PipelineFixtures.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.context.AgentSession;
import dev.agentops.pipeline.PipelineFixtures.Echo;
import dev.agentops.pipeline.PipelineFixtures.RecordingModel;
import dev.agentops.pipeline.PipelineFixtures.Sessions;
import dev.agentops.store.InMemoryStore;
import dev.agentops.supervision.Failure;
import dev.agentops.supervision.Level;
import dev.agentops.supervision.Outcome;
import dev.agentops.supervision.SupervisionLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SupervisedPipelineTest {

  final InMemoryStore store = InMemoryStore.create();
  final Sessions sessions = new Sessions();
  final Map<Phase, Echo> echoes = PipelineFixtures.echoes();
  final List<AgentSession> implementSessions = new CopyOnWriteArrayList<>();

  Map<Phase, PhaseHandler> implementFailing(int failures, String failureClass) {
    AtomicInteger calls = new AtomicInteger();
    Map<Phase, PhaseHandler> handlers = new HashMap<>(echoes);
    handlers.put(
        Phase.IMPLEMENT,
        ctx -> {
          implementSessions.add(ctx.session());
          int n = calls.incrementAndGet();
          ctx.session().ask("attempt " + n);
          return n <= failures
              ? PhaseResult.failed(Failure.of(failureClass, "OrderServiceTest still fails " + n))
              : echoes.get(Phase.IMPLEMENT).run(ctx);
        });
    return handlers;
  }

  @Test
  void failedPhase_isRetriedInFreshSessionsCarryingTheFeedback_thenTheRunGoesOn() {
    PhasePipeline p =
        pipeline(store, sessions, implementFailing(2, "test-failure"))
            .supervised(b -> b.sleeper(d -> {}))
            .build();

    PipelineOutcome outcome = p.run("run-1", "Fix the build");

    assertThat(outcome.kind()).isEqualTo(PipelineOutcome.Kind.COMPLETED);
    PhaseRecord implement = outcome.completed().get(2);
    assertThat(implement.attempts()).isEqualTo(3);
    assertThat(implement.sessionId()).isEqualTo("run-1.implement.3");
    assertThat(implementSessions)
        .extracting(AgentSession::id)
        .containsExactly("run-1.implement.1", "run-1.implement.2", "run-1.implement.3");
    Phase.defaults().stream()
        .filter(ph -> !ph.equals(Phase.IMPLEMENT))
        .forEach(ph -> assertThat(echoes.get(ph).runs).hasValue(1));
    // The first attempt starts from the plan's handoff; retries from the failures' feedback, with
    // the plan's handoff loaded just in time, and never the failed attempt's transcript.
    assertThat(implementSessions.get(0).startedFrom())
        .contains(outcome.completed().get(1).handoff());
    AgentSession third = implementSessions.get(2);
    assertThat(third.startedFrom().orElseThrow().findings())
        .anySatisfy(f -> assertThat(f).contains("OrderServiceTest still fails 2"));
    String thirdAsked =
        RecordingModel.text(
            sessions.model.requests.stream()
                .filter(r -> RecordingModel.text(r).contains("attempt 3"))
                .findFirst()
                .orElseThrow());
    assertThat(thirdAsked)
        .contains("finding of plan")
        .contains("OrderServiceTest still fails 2")
        .doesNotContain("attempt 2");
    assertThat(SupervisionLog.read(store)).isNotEmpty();
  }

  @Test
  void phaseThatKeepsFailing_isEscalated_asAValue_andStoredSo() {
    PhasePipeline p =
        pipeline(store, sessions, implementFailing(Integer.MAX_VALUE, "test-failure"))
            .supervised(b -> b.sleeper(d -> {}))
            .build();

    PipelineOutcome outcome = p.run("run-1", "Fix the build");

    assertThat(outcome).isInstanceOf(PipelineOutcome.Escalated.class);
    PipelineOutcome.Escalated escalated = (PipelineOutcome.Escalated) outcome;
    assertThat(escalated.phase()).isEqualTo(Phase.IMPLEMENT);
    assertThat(escalated.supervision()).isInstanceOf(Outcome.Escalated.class);
    assertThat(((Outcome.Escalated<?>) escalated.supervision()).heldBy())
        .isEqualTo(Level.SUPERVISOR);
    assertThat(escalated.supervision().attempts()).isEqualTo(3);
    assertThat(ids(escalated.completed())).containsExactly("research", "plan");
    PipelineState state = p.state("run-1").orElseThrow();
    assertThat(state.status()).isEqualTo(PipelineState.Status.ESCALATED);
    assertThat(state.failure().feedback()).isEqualTo("OrderServiceTest still fails 3");
    assertThat(echoes.get(Phase.VALIDATE).runs).hasValue(0);
  }

  @Test
  void handlerException_escalatesAtOnce_underTheDefaultPolicy() {
    Map<Phase, PhaseHandler> handlers = new HashMap<>(echoes);
    AtomicInteger calls = new AtomicInteger();
    handlers.put(
        Phase.PLAN,
        ctx -> {
          calls.incrementAndGet();
          throw new IllegalStateException("planner crashed");
        });
    PipelineOutcome outcome =
        pipeline(store, sessions, handlers).supervised(b -> b).build().run("run-1", "Fix it");

    assertThat(outcome.kind()).isEqualTo(PipelineOutcome.Kind.ESCALATED);
    assertThat(calls).hasValue(1);
  }
}
