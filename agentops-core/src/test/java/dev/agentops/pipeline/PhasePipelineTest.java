package dev.agentops.pipeline;

import static dev.agentops.pipeline.PipelineFixtures.ids;
import static dev.agentops.pipeline.PipelineFixtures.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.context.AgentSession;
import dev.agentops.context.Handoff;
import dev.agentops.llm.ChatRequest;
import dev.agentops.pipeline.PipelineFixtures.Echo;
import dev.agentops.pipeline.PipelineFixtures.RecordingModel;
import dev.agentops.pipeline.PipelineFixtures.Sessions;
import dev.agentops.store.GitStore;
import dev.agentops.store.InMemoryStore;
import dev.agentops.supervision.Failure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhasePipelineTest {

  final InMemoryStore store = InMemoryStore.create();
  final Sessions sessions = new Sessions();
  final Map<Phase, Echo> echoes = PipelineFixtures.echoes();

  @Nested
  class FreshSessions {

    @Test
    void run_givesEveryPhaseItsOwnNewSessionAndBudget() {
      PipelineOutcome outcome =
          pipeline(store, sessions, echoes).build().run("run-1", "Fix the build");

      assertThat(outcome.kind()).isEqualTo(PipelineOutcome.Kind.COMPLETED);
      assertThat(ids(outcome.completed()))
          .containsExactly("research", "plan", "implement", "validate", "lock", "extract");
      List<AgentSession> all = new ArrayList<>();
      Phase.defaults().forEach(p -> all.addAll(echoes.get(p).sessions));
      Set<Object> distinctSessions = Collections.newSetFromMap(new IdentityHashMap<>());
      Set<Object> distinctBudgets = Collections.newSetFromMap(new IdentityHashMap<>());
      all.forEach(s -> {
        distinctSessions.add(s);
        distinctBudgets.add(s.budget());
      });
      assertThat(all).hasSize(6);
      assertThat(distinctSessions).hasSize(6);
      assertThat(distinctBudgets).hasSize(6);
      assertThat(all).extracting(AgentSession::id).doesNotHaveDuplicates();
      Phase.defaults().forEach(p -> assertThat(echoes.get(p).transcriptAtStart).containsExactly(0));
      assertThat(all).allMatch(AgentSession::finished);
    }

    @Test
    void eachSession_startsFromThePreviousPhasesStoredHandoff_andHoldsOnlyItsOwnTurns() {
      PhasePipeline p = pipeline(store, sessions, echoes).build();
      PipelineOutcome outcome = p.run("run-1", "Fix the build");

      List<PhaseRecord> done = outcome.completed();
      assertThat(echoes.get(Phase.RESEARCH).sessions.get(0).startedFrom()).isEmpty();
      for (int i = 1; i < done.size(); i++) {
        AgentSession s = echoes.get(done.get(i).phaseId()).sessions.get(0);
        assertThat(s.startedFrom()).contains(done.get(i - 1).handoff());
        assertThat(s.transcript()).hasSize(2);
        assertThat(s.transcript().get(0).content())
            .isEqualTo("raw transcript of " + done.get(i).phase() + ": thinking aloud");
      }
    }

    @Test
    void eachPhasesSession_getsThePhasesTask() {
      pipeline(store, sessions, echoes).build().run("run-1", "Fix the build");

      assertThat(echoes.get(Phase.PLAN).sessions.get(0).task())
          .contains("Plan phase. Goal: Fix the build");
      assertThat(sessions.built).containsExactlyElementsOf(Phase.defaults());
    }
  }

  @Nested
  class HandoffNotTranscript {

    static final String RAW = "RAW-RESEARCH-TRANSCRIPT grep -r Cache src/";
    static final String FINDING = "OrderServiceTest fails only after CacheWarmupTest";

    @Test
    void implementation_receivesTheResearchHandoff_neverTheRawResearchTranscript() {
      RecordingModel model = sessions.model;
      int[] implementFrom = new int[1];
      List<String> implementSaw = new CopyOnWriteArrayList<>();
      PhasePipeline p =
          PhasePipeline.builder(store, sessions)
              .phases(List.of(Phase.RESEARCH, Phase.PLAN, Phase.IMPLEMENT))
              .handler(
                  Phase.RESEARCH,
                  ctx -> {
                    ctx.session().ask(RAW);
                    ctx.session().ask("and what about the second cache?");
                    return PhaseResult.completed(
                        Handoff.builder(ctx.goal(), "Plan the fix").finding(FINDING).build(),
                        ctx.artifact("findings", FINDING));
                  })
              .handler(
                  Phase.PLAN,
                  ctx ->
                      PhaseResult.completed(
                          Handoff.builder(ctx.goal(), "Clear the cache after each test").build()))
              .handler(
                  Phase.IMPLEMENT,
                  ctx -> {
                    implementFrom[0] = model.requests.size();
                    assertThat(ctx.load(ctx.handoffSource(Phase.RESEARCH).orElseThrow()).admitted())
                        .isTrue();
                    ctx.session().ask("Write the patch.");
                    model
                        .requests
                        .subList(implementFrom[0], model.requests.size())
                        .forEach(r -> implementSaw.add(RecordingModel.text(r)));
                    return PhaseResult.completed(
                        Handoff.builder(ctx.goal(), "Validate").build(),
                        ctx.artifact("patch", "diff"));
                  })
              .clock(PipelineFixtures.CLOCK)
              .build();

      assertThat(p.run("run-1", "Make the nightly build green").kind())
          .isEqualTo(PipelineOutcome.Kind.COMPLETED);

      // The research transcript did reach the model during research, so its absence later means
      // something.
      assertThat(model.requests.subList(0, implementFrom[0]))
          .anyMatch(r -> RecordingModel.text(r).contains(RAW));
      assertThat(implementSaw).hasSize(1);
      assertThat(implementSaw.get(0))
          .contains(FINDING)
          .doesNotContain(RAW)
          .doesNotContain("reply to: ")
          .doesNotContain("second cache");
    }

    @Test
    void implementation_startsPinnedToTheResearchHandoff_whenItFollowsResearch() {
      PhasePipeline p =
          pipeline(
                  store,
                  sessions,
                  Map.of(
                      Phase.RESEARCH,
                      echoes.get(Phase.RESEARCH),
                      Phase.IMPLEMENT,
                      echoes.get(Phase.IMPLEMENT)))
              .phases(List.of(Phase.RESEARCH, Phase.IMPLEMENT))
              .build();
      PipelineOutcome outcome = p.run("run-1", "Fix the build");

      Handoff research = outcome.completed().get(0).handoff();
      AgentSession implement = echoes.get(Phase.IMPLEMENT).sessions.get(0);
      assertThat(implement.startedFrom()).contains(research);
      assertThat(research.findings()).containsExactly("finding of research");
      assertThat(implement.transcript())
          .noneMatch(m -> m.content().contains("raw transcript of research"));
      ChatRequest sent = sessions.model.requests.get(1);
      assertThat(RecordingModel.text(sent))
          .contains("finding of research")
          .doesNotContain("raw transcript of research");
    }
  }

  @Nested
  class Artifacts {

    @Test
    void completedPhase_storesItsArtifactsWithProvenance_andReferencesThemInItsHandoff() {
      PhasePipeline p = pipeline(store, sessions, echoes).build();
      PipelineOutcome outcome = p.run("run-1", "Fix the build", "ao-7f3k");

      List<PhaseArtifact> stored = p.artifacts("run-1");
      assertThat(stored)
          .extracting(PhaseArtifact::id)
          .containsExactly(
              "run-1.research.1",
              "run-1.plan.1",
              "run-1.implement.1",
              "run-1.validate.1",
              "run-1.lock.1",
              "run-1.extract.1");
      PhaseArtifact research = stored.get(0);
      AgentSession researchSession = echoes.get(Phase.RESEARCH).sessions.get(0);
      assertThat(research.provenance().sessionId()).isEqualTo(researchSession.id());
      assertThat(research.provenance().authorAgentId()).isEqualTo("research-agent");
      assertThat(research.provenance().workItemId()).isEqualTo("ao-7f3k");
      assertThat(research.provenance().modelId()).isEqualTo("small");
      assertThat(research.provenance().createdAt()).isEqualTo(PipelineFixtures.T0);
      assertThat(research.artifact().provenance().describes(research.content())).isTrue();
      assertThat(outcome.completed().get(0).handoff().artifacts())
          .extracting(Handoff.ArtifactRef::ref)
          .containsExactly("pipeline-artifacts/run-1.research.1");
      assertThat(outcome.completed().get(0).sessionId()).isEqualTo(researchSession.id());
    }

    @Test
    void artifactRedactedByTheStore_isReadBackWithProvenanceOfWhatWasStored() {
      String secret = "AKIAIOSFODNN7EXAMPLE";
      Map<Phase, PhaseHandler> handlers = new java.util.HashMap<>(echoes);
      handlers.put(
          Phase.RESEARCH,
          ctx ->
              PhaseResult.completed(
                  Handoff.builder(ctx.goal(), "Plan").build(),
                  ctx.artifact("env", "the CI uses aws key " + secret)));
      PhasePipeline p = pipeline(store, sessions, handlers).build();
      p.run("run-1", "Fix the build");

      PhaseArtifact stored = p.artifacts("run-1").get(0);
      assertThat(stored.content()).doesNotContain(secret).startsWith("the CI uses aws key");
      assertThat(stored.provenance().describes(stored.content())).isFalse();
      assertThat(stored.artifact().provenance().describes(stored.content())).isTrue();
      assertThat(stored.artifact().provenance().sessionId())
          .isEqualTo(stored.provenance().sessionId());
    }

    @Test
    void laterPhase_loadsEarlierArtifactsJustInTime() {
      List<String> loaded = new CopyOnWriteArrayList<>();
      Map<Phase, PhaseHandler> handlers = new java.util.HashMap<>(echoes);
      handlers.put(
          Phase.IMPLEMENT,
          ctx -> {
            ctx.sources()
                .forEach(s -> {
                  ctx.load(s);
                  loaded.add(s.id());
                });
            return echoes.get(Phase.IMPLEMENT).run(ctx);
          });
      pipeline(store, sessions, handlers).build().run("run-1", "Fix the build");

      assertThat(loaded)
          .containsExactly(
              "pipeline-artifacts/run-1.research.1", "pipeline-artifacts/run-1.plan.1");
      AgentSession validate = echoes.get(Phase.VALIDATE).sessions.get(0);
      assertThat(validate.transcript()).noneMatch(m -> m.content().contains("notes of research"));
    }

    @Test
    void researchFindings_areRetrievableByLaterRuns_byWorkItemAndByWords(@TempDir Path repo) {
      try (GitStore git =
          GitStore.builder(repo).create(true).clock(PipelineFixtures.CLOCK).build()) {
        pipeline(git, sessions, echoes).build().run("run-1", "Fix the build", "ao-7f3k");
      }
      List<String> prior = new CopyOnWriteArrayList<>();
      Map<Phase, PhaseHandler> handlers = new java.util.HashMap<>(echoes);
      handlers.put(
          Phase.RESEARCH,
          ctx -> {
            ctx.priorResearch().forEach(s -> prior.add(s.id() + "=" + s.load()));
            return echoes.get(Phase.RESEARCH).run(ctx);
          });
      try (GitStore git =
          GitStore.builder(repo).create(true).clock(PipelineFixtures.CLOCK).build()) {
        PhasePipeline later = pipeline(git, new Sessions(), handlers).build();

        assertThat(later.findings("ao-7f3k"))
            .extracting(PhaseArtifact::id)
            .containsExactly("run-1.research.1");
        assertThat(later.findings("ao-other")).isEmpty();
        assertThat(later.searchFindings("NOTES of Research"))
            .extracting(PhaseArtifact::runId)
            .containsExactly("run-1");
        assertThat(later.searchFindings("notes of plan")).isEmpty();

        later.run("run-2", "Fix the build again", "ao-7f3k");
        assertThat(prior)
            .singleElement()
            .asString()
            .startsWith("pipeline-artifacts/run-1.research.1=notes of research");
        assertThat(later.findings("ao-7f3k"))
            .extracting(PhaseArtifact::id)
            .containsExactly("run-1.research.1", "run-2.research.1");
      }
    }
  }

  @Nested
  class Interceptors {

    @Test
    void interceptors_runInRegistrationOrder_firstRegisteredOutermost() {
      List<String> calls = new CopyOnWriteArrayList<>();
      PhaseInterceptor a =
          chain -> {
            calls.add("a>" + chain.context().phase());
            PhaseResult r = chain.proceed(chain.context());
            calls.add("a<" + chain.context().phase());
            return r;
          };
      PhaseInterceptor b =
          chain -> {
            calls.add("b>" + chain.context().phase());
            PhaseResult r = chain.proceed(chain.context());
            calls.add("b<" + chain.context().phase());
            return r;
          };
      PhaseHandler research =
          ctx -> {
            calls.add("handler " + ctx.phase());
            return echoes.get(Phase.RESEARCH).run(ctx);
          };
      pipeline(
              store, sessions, Map.of(Phase.RESEARCH, research, Phase.PLAN, echoes.get(Phase.PLAN)))
          .phases(List.of(Phase.RESEARCH, Phase.PLAN))
          .interceptor(a)
          .interceptor(b)
          .build()
          .run("run-1", "Fix the build");

      assertThat(calls)
          .containsExactly(
              "a>research",
              "b>research",
              "handler research",
              "b<research",
              "a<research",
              "a>plan",
              "b>plan",
              "b<plan",
              "a<plan");
    }

    @Test
    void interceptor_mayShortCircuitThePhase() {
      PhaseInterceptor skipPlan =
          chain ->
              chain.context().phase().equals(Phase.PLAN)
                  ? PhaseResult.completed(
                      Handoff.builder("goal", "implement as researched").build())
                  : chain.proceed(chain.context());
      PipelineOutcome outcome =
          pipeline(store, sessions, echoes).interceptor(skipPlan).build().run("run-1", "Fix it");

      assertThat(outcome.kind()).isEqualTo(PipelineOutcome.Kind.COMPLETED);
      assertThat(echoes.get(Phase.PLAN).runs).hasValue(0);
      assertThat(echoes.get(Phase.IMPLEMENT).sessions.get(0).startedFrom().orElseThrow().nextStep())
          .isEqualTo("implement as researched");
    }

    @Test
    void throwingInterceptor_failsThePhaseAsAValue_andStoresTheFailure() {
      PhaseInterceptor broken =
          chain -> {
            if (chain.context().phase().equals(Phase.IMPLEMENT)) {
              throw new IllegalStateException("host hook broke");
            }
            return chain.proceed(chain.context());
          };
      PhasePipeline p = pipeline(store, sessions, echoes).interceptor(broken).build();
      PipelineOutcome outcome = p.run("run-1", "Fix it");

      assertThat(outcome).isInstanceOf(PipelineOutcome.Failed.class);
      PipelineOutcome.Failed failed = (PipelineOutcome.Failed) outcome;
      assertThat(failed.phase()).isEqualTo(Phase.IMPLEMENT);
      assertThat(failed.cause().failureClass()).isEqualTo(Failure.EXCEPTION);
      assertThat(failed.cause().feedback()).contains("host hook broke");
      assertThat(ids(failed.completed())).containsExactly("research", "plan");
      PipelineState state = p.state("run-1").orElseThrow();
      assertThat(state.status()).isEqualTo(PipelineState.Status.FAILED);
      assertThat(state.failure()).isEqualTo(failed.cause());
      assertThat(state.currentPhase()).isEqualTo("implement");
    }

    @Test
    void proceedingTwice_failsThePhase_andTheHandlerRunsOnce() {
      PhaseInterceptor twice =
          chain -> {
            chain.proceed(chain.context());
            return chain.proceed(chain.context());
          };
      PipelineOutcome outcome =
          pipeline(store, sessions, echoes).interceptor(twice).build().run("run-1", "Fix it");

      assertThat(outcome.kind()).isEqualTo(PipelineOutcome.Kind.FAILED);
      assertThat(((PipelineOutcome.Failed) outcome).cause().feedback()).contains("proceeded twice");
      assertThat(echoes.get(Phase.RESEARCH).runs).hasValue(1);
    }

    @Test
    void handlerReturningAFailure_endsTheRunAtThatPhase() {
      Map<Phase, PhaseHandler> handlers = new java.util.HashMap<>(echoes);
      handlers.put(
          Phase.VALIDATE, ctx -> PhaseResult.failed(Failure.of("test-failure", "3 tests fail")));
      PipelineOutcome outcome = pipeline(store, sessions, handlers).build().run("run-1", "Fix it");

      assertThat(outcome)
          .isEqualTo(
              new PipelineOutcome.Failed(
                  "run-1",
                  Phase.VALIDATE,
                  Failure.of("test-failure", "3 tests fail"),
                  outcome.completed()));
      assertThat(ids(outcome.completed())).containsExactly("research", "plan", "implement");
      assertThat(echoes.get(Phase.LOCK).runs).hasValue(0);
    }
  }

  @Nested
  class Resuming {

    @Test
    void newPipelineOverTheSameGitStore_resumesAfterTheFailedPhase_withoutRerunningCompletedOnes(
        @TempDir Path repo) {
      AtomicInteger implementCalls = new AtomicInteger();
      Map<Phase, PhaseHandler> crashing = new java.util.HashMap<>(echoes);
      crashing.put(
          Phase.IMPLEMENT,
          ctx -> {
            implementCalls.incrementAndGet();
            ctx.session().ask("half a patch");
            throw new IllegalStateException("the worker died");
          });
      try (GitStore git =
          GitStore.builder(repo).create(true).clock(PipelineFixtures.CLOCK).build()) {
        PipelineOutcome first =
            pipeline(git, sessions, crashing).build().run("run-1", "Fix it", "ao-1");
        assertThat(first.kind()).isEqualTo(PipelineOutcome.Kind.FAILED);
      }

      Map<Phase, Echo> again = PipelineFixtures.echoes();
      try (GitStore git =
          GitStore.builder(repo).create(true).clock(PipelineFixtures.CLOCK).build()) {
        PhasePipeline resumed = pipeline(git, new Sessions(), again).build();
        PipelineOutcome outcome = resumed.resume("run-1");

        assertThat(outcome.kind()).isEqualTo(PipelineOutcome.Kind.COMPLETED);
        assertThat(again.get(Phase.RESEARCH).runs).hasValue(0);
        assertThat(again.get(Phase.PLAN).runs).hasValue(0);
        assertThat(again.get(Phase.IMPLEMENT).runs).hasValue(1);
        assertThat(again.get(Phase.IMPLEMENT).contexts.get(0).attempt()).isEqualTo(2);
        assertThat(outcome.completed().get(2).attempts()).isEqualTo(2);
        assertThat(outcome.completed().get(2).sessionId()).isEqualTo("run-1.implement.2");
        assertThat(again.get(Phase.IMPLEMENT).sessions.get(0).startedFrom())
            .contains(outcome.completed().get(1).handoff());
        assertThat(ids(outcome.completed()))
            .containsExactly("research", "plan", "implement", "validate", "lock", "extract");
        assertThat(resumed.state("run-1").orElseThrow().status())
            .isEqualTo(PipelineState.Status.COMPLETED);
      }
      assertThat(implementCalls).hasValue(1);
    }

    @Test
    void completedRun_isNotRunAgain() {
      PhasePipeline p = pipeline(store, sessions, echoes).build();
      PipelineOutcome first = p.run("run-1", "Fix it");
      PipelineOutcome second = p.run("run-1", "Fix it");

      assertThat(second).isEqualTo(first);
      Phase.defaults().forEach(ph -> assertThat(echoes.get(ph).runs).hasValue(1));
    }

    @Test
    void stateIsStoredWhenEachPhaseStartsAndEnds() {
      List<PipelineState> seen = new CopyOnWriteArrayList<>();
      PhasePipeline[] p = new PhasePipeline[1];
      PhaseInterceptor peek =
          chain -> {
            seen.add(p[0].state("run-1").orElseThrow());
            return chain.proceed(chain.context());
          };
      p[0] = pipeline(store, sessions, echoes).interceptor(peek).build();
      p[0].run("run-1", "Fix it");

      assertThat(seen)
          .extracting(PipelineState::currentPhase)
          .containsExactly("research", "plan", "implement", "validate", "lock", "extract");
      assertThat(seen).extracting(s -> s.completed().size()).containsExactly(0, 1, 2, 3, 4, 5);
      assertThat(seen).allMatch(s -> s.status() == PipelineState.Status.RUNNING);
    }

    @Test
    void storedRun_withOtherPhasesOrGoal_isRefused() {
      pipeline(store, sessions, echoes).build().run("run-1", "Fix it");
      PhasePipeline shorter = pipeline(store, sessions, echoes).remove(Phase.LOCK).build();

      assertThatThrownBy(() -> shorter.resume("run-1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("run 'run-1' is stored with phases");
      PhasePipeline same = pipeline(store, sessions, echoes).build();
      assertThatThrownBy(() -> same.run("run-1", "Fix it", "ao-other"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("another work item");
      assertThatThrownBy(() -> same.resume("run-404"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no run 'run-404'");
    }
  }

  @Nested
  class Phases {

    @Test
    void hostsAddRemoveAndReorderPhases() {
      Phase review = Phase.of("review");
      Echo reviewer = new Echo(review);
      PhasePipeline p =
          pipeline(store, sessions, echoes)
              .remove(Phase.LOCK)
              .remove(Phase.EXTRACT)
              .insertAfter(Phase.IMPLEMENT, review, reviewer)
              .build();

      assertThat(p.phases())
          .containsExactly(Phase.RESEARCH, Phase.PLAN, Phase.IMPLEMENT, review, Phase.VALIDATE);
      assertThat(ids(p.run("run-1", "Fix it").completed()))
          .containsExactly("research", "plan", "implement", "review", "validate");
      assertThat(reviewer.runs).hasValue(1);

      PhasePipeline reordered =
          pipeline(
                  store,
                  sessions,
                  Map.of(
                      Phase.PLAN,
                      echoes.get(Phase.PLAN),
                      Phase.RESEARCH,
                      echoes.get(Phase.RESEARCH)))
              .phases(List.of(Phase.PLAN, Phase.RESEARCH))
              .build();
      assertThat(ids(reordered.run("run-2", "Fix it").completed()))
          .containsExactly("plan", "research");
    }

    @Test
    void build_refusesAPhaseWithoutHandler_andAHandlerWithoutPhase() {
      assertThatThrownBy(() -> PhasePipeline.builder(store, sessions).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("phase 'research' has no handler");
      assertThatThrownBy(() ->
              pipeline(store, sessions, echoes)
                  .handler(Phase.of("review"), new Echo(Phase.of("review")))
                  .build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'review', which is not in the pipeline");
      assertThatThrownBy(() -> pipeline(store, sessions, echoes).remove(Phase.of("review")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Phase.of("Research"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'Research'");
    }

    @Test
    void runId_isCheckedBeforeAnythingRuns() {
      PhasePipeline p = pipeline(store, sessions, echoes).build();
      assertThatThrownBy(() -> p.run("../escape", "Fix it"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> p.run("r".repeat(61), "Fix it"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at most 60");
      assertThat(sessions.built).isEmpty();
    }
  }
}
