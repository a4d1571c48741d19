package dev.agentops.knowledge.failure;

import static dev.agentops.knowledge.failure.FailureFixtures.budget;
import static dev.agentops.knowledge.failure.FailureFixtures.gateFailure;
import static dev.agentops.knowledge.failure.FailureFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.Artifact;
import dev.agentops.Provenance;
import dev.agentops.fitness.FitnessGoal;
import dev.agentops.fitness.FitnessMonitor;
import dev.agentops.gate.GateResult;
import dev.agentops.gate.GateStatus;
import dev.agentops.knowledge.GateDecision;
import dev.agentops.knowledge.Injection;
import dev.agentops.knowledge.KnowledgeFlywheel;
import dev.agentops.knowledge.Learning;
import dev.agentops.knowledge.LearningKind;
import dev.agentops.knowledge.LearningStatus;
import dev.agentops.knowledge.RetrievedLearning;
import dev.agentops.ratchet.Assessment;
import dev.agentops.ratchet.AttemptLocker;
import dev.agentops.ratchet.BrownianRatchet;
import dev.agentops.ratchet.BrownianResult;
import dev.agentops.store.GitStore;
import dev.agentops.store.Store;
import dev.agentops.supervision.Escalation;
import dev.agentops.supervision.EscalationReason;
import dev.agentops.supervision.FailedAttempt;
import dev.agentops.supervision.Failure;
import dev.agentops.supervision.Level;
import dev.agentops.supervision.WorkUnit;
import dev.agentops.validation.Finding;
import dev.agentops.validation.Severity;
import dev.agentops.validation.VerdictStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureHarvesterTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final String LUCENE_BUMP = "bump Lucene to 10 without rebuilding the knowledge index";

  @TempDir Path tmp;
  final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  final AtomicInteger ids = new AtomicInteger();
  final AtomicInteger learningIds = new AtomicInteger();
  Store store;
  FailureHarvester harvester;

  @BeforeEach
  void open() {
    store = GitStore.builder(tmp.resolve("repo")).create(true).clock(clock).build();
    harvester =
        FailureHarvester.builder(store)
            .clock(clock)
            .ids(() -> "flr-" + ids.incrementAndGet())
            .build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  KnowledgeFlywheel flywheel() {
    return KnowledgeFlywheel.builder(store)
        .clock(clock)
        .writer("test")
        .ids(() -> "lrn-" + learningIds.incrementAndGet())
        .build();
  }

  static Finding staleIndex() {
    return new Finding(
        Severity.CRITICAL,
        "correctness",
        "The Lucene 9 index cannot be opened by Lucene 10: IndexFormatTooOldException at start",
        "LuceneKnowledgeIndex.java:88",
        "Rebuild the index from the store whenever the Lucene major version changes");
  }

  @Nested
  class Recording {

    @Test
    void aFailVerdict_isStoredWithItsContext_andReadsBackEqual() {
      FailureRecord f =
          harvester.recordVerdict(
              verdict("vd-1", VerdictStatus.FAIL, "s-1", T0, staleIndex()),
              FailureContext.of("s-1", LUCENE_BUMP));

      FailureRecord stored = FailureRecords.of(store).get(f.id()).orElseThrow().value();
      assertThat(stored).isEqualTo(f);
      assertThat(stored.origin()).isEqualTo(FailureOrigin.VERDICT);
      assertThat(stored.reference()).isEqualTo("vd-1");
      assertThat(stored.session()).isEqualTo("s-1");
      assertThat(stored.workItem()).isEqualTo("ao-17");
      assertThat(stored.failureClass()).isEqualTo(FailureRecord.VERDICT_FAIL);
      assertThat(stored.signature()).startsWith("correctness: The Lucene 9 index");
      assertThat(stored.question())
          .startsWith("Before you bump Lucene to 10 without rebuilding the knowledge index, check")
          .contains("Rebuild the index from the store")
          .endsWith("?");
    }

    @Test
    void aFailingGate_isTheSignatureOfItsVerdict() {
      FailureRecord f =
          harvester.recordVerdict(
              gateFailure("vd-2", "s-1", "mvn-verify", T0), FailureContext.of("s-1", LUCENE_BUMP));

      assertThat(f.failureClass()).isEqualTo(FailureRecord.GATE_FAILURE);
      assertThat(f.signature()).isEqualTo("gate mvn-verify FAIL");
      assertThat(f.detail()).contains("exit code 1");
    }

    @Test
    void aPassingVerdict_isNotAFailure() {
      assertThatThrownBy(() ->
              harvester.recordVerdict(
                  verdict("vd-3", VerdictStatus.PASS, "s-1", T0),
                  FailureContext.of("s-1", LUCENE_BUMP)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'vd-3' is PASS");
      assertThat(FailureRecords.of(store).scan().values()).isEmpty();
    }

    @Test
    void anException_isStoredWithoutTheSecretsInItsMessage() {
      FailureRecord f =
          harvester.recordException(
              new UncheckedIOException(
                  "push to https://bot:hunter2secret@example.com/repo.git refused",
                  new IOException("403")),
              FailureContext.of("s-2", "push the agentops branch with the bot's token"));

      assertThat(f.failureClass()).isEqualTo(Failure.EXCEPTION);
      assertThat(f.signature()).isEqualTo("java.io.UncheckedIOException");
      assertThat(f.detail()).doesNotContain("hunter2secret").contains("REDACTED");
      assertThat(f.at()).isEqualTo(T0);
    }

    @Test
    void anEscalation_keepsItsLastFailure_andWhyItWentUp() {
      Escalation e =
          new Escalation(
              new WorkUnit("ao-21", "migrate the build to Gradle"),
              "worker-2",
              Level.WORKER,
              Level.WORKER.above().orElseThrow(),
              EscalationReason.RETRIES_EXHAUSTED,
              "test-failure: ModuleTest",
              List.of(
                  Failure.of("test-failure", "ModuleTest", "exports changed"),
                  Failure.of("test-failure", "ModuleTest", "exports still changed")),
              T0);

      FailureRecord f = harvester.recordEscalation(e, "s-9");

      assertThat(f.origin()).isEqualTo(FailureOrigin.ESCALATION);
      assertThat(f.attempted()).isEqualTo("migrate the build to Gradle");
      assertThat(f.workItem()).isEqualTo("ao-21");
      assertThat(f.signature()).isEqualTo("ModuleTest");
      assertThat(f.detail()).contains("retries-exhausted", "after 2 failed attempts");
    }

    @Test
    void aSupervisedAttempt_keepsItsSessionAndGoal() {
      FailureRecord f =
          harvester.recordSupervisedAttempt(
              new FailedAttempt(
                  "ao-21",
                  "worker-2",
                  T0,
                  0,
                  2,
                  "s-12",
                  "migrate the build to Gradle",
                  Failure.of("test-failure", "ModuleTest", "exports changed"),
                  "retry"));

      assertThat(f.origin()).isEqualTo(FailureOrigin.SUPERVISED_ATTEMPT);
      assertThat(f.session()).isEqualTo("s-12");
      assertThat(f.reference()).isEqualTo("round 0 attempt 2 by worker-2");
    }

    @Test
    void everyFailedBrownianAttempt_isHarvestedByTheListener() {
      BrownianRatchet<String> ratchet =
          BrownianRatchet.<String>builder(
                  (i, product) -> Assessment.fail("FooTest fails with a timeout after 3000 ms"),
                  (AttemptLocker<String>)
                      (product, assessment) -> {
                        throw new AssertionError("nothing passes, so nothing is locked");
                      })
              .attempts(3)
              .executor(Runnable::run)
              .listener(harvester.listener(FailureContext.of("s-3", "parallelize FooTest")))
              .build();

      BrownianResult<String> result =
          ratchet.run(i -> {
            if (i == 2) {
              throw new IllegalStateException("worktree busy");
            }
            return "commit-" + i;
          });

      assertThat(result.attempts()).filteredOn(r -> r.failed()).hasSize(3);
      assertThat(harvester.failures())
          .extracting(FailureRecord::origin, FailureRecord::failureClass)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(FailureOrigin.BROWNIAN_ATTEMPT, "attempt-failed"),
              org.assertj.core.groups.Tuple.tuple(FailureOrigin.BROWNIAN_ATTEMPT, "attempt-failed"),
              org.assertj.core.groups.Tuple.tuple(FailureOrigin.BROWNIAN_ATTEMPT, "crashed"));
    }
  }

  @Nested
  class Recurrence {

    FailureRecord timeout(String session, int ms, String dir) {
      return harvester.record(
          FailureRecord.fromFailure(
              harvester.newId(),
              FailureOrigin.REPORTED,
              Failure.of(
                  "test-failure",
                  "FooTest timed out after " + ms + " ms in " + dir + "/src/FooTest.java",
                  "FooTest timed out"),
              FailureContext.of(session, "parallelize FooTest"),
              null,
              T0.plusSeconds(ms)));
    }

    @Test
    void theSameSignatureInThreeSessions_isReported_whateverItsNumbersAndPaths() {
      timeout("s-1", 3000, "/home/ci/build-1");
      timeout("s-2", 3012, "/tmp/junit77");
      timeout("s-3", 2999, "C:\\work\\repo");

      List<RecurringFailure> recurring = harvester.recurring();

      assertThat(recurring)
          .singleElement()
          .satisfies(r -> {
            assertThat(r.sessions()).isEqualTo(3);
            assertThat(r.signatureKey())
                .isEqualTo("test-failure:footest timed out after # ms in footest.java");
            assertThat(r.failures()).containsExactly("flr-3", "flr-1", "flr-2");
            assertThat(r.attempted()).isEqualTo("parallelize FooTest");
          });
    }

    @Test
    void repeatsWithinOneSession_orBelowTheThreshold_areNotRecurring() {
      timeout("s-1", 3000, "/a");
      timeout("s-1", 3001, "/b");
      timeout("s-2", 3002, "/c");

      assertThat(harvester.recurring()).isEmpty();
      assertThat(FailureHarvester.recurring(harvester.failures(), 2)).hasSize(1);
    }

    @Test
    void theThresholdIsConfigurable() {
      FailureHarvester strict = FailureHarvester.builder(store).recurrenceThreshold(2).build();
      timeout("s-1", 3000, "/a");
      timeout("s-2", 3002, "/c");

      assertThat(strict.recurring()).hasSize(1);
      assertThatThrownBy(() -> FailureHarvester.builder(store).recurrenceThreshold(1))
          .hasMessage("recurrenceThreshold must be >= 2, but was 1");
    }

    @Test
    void aRecurringFailure_becomesAnAntiPattern() {
      timeout("s-1", 3000, "/a");
      timeout("s-2", 3001, "/b");
      FailureRecord third = timeout("s-3", 3002, "/c");

      Learning l = harvester.negativeLearning(third, "lrn-x");

      assertThat(l.kind()).isEqualTo(LearningKind.ANTI_PATTERN);
      assertThat(l.what()).contains("It failed in 3 sessions");
    }
  }

  @Nested
  class NegativeLearnings {

    @Test
    void aHarvestedFailure_passesTheGate_andIsInjectedFirstForARelatedTask() {
      try (KnowledgeFlywheel f = flywheel()) {
        f.offer(
            Learning.builder(
                    f.newId(),
                    LearningKind.PATTERN,
                    "Keep Lucene analyzers in one place",
                    "Build every Lucene analyzer through `Analysis.english()` so index and query"
                        + " agree when the Lucene version changes.",
                    T0)
                .why("Two analyzers drifted in 2 releases and search missed stemmed terms.")
                .tags("lucene")
                .confidence(0.8)
                .source(dev.agentops.knowledge.LearningSource.session("s-0"))
                .build());
        FailureRecord failure =
            harvester.recordVerdict(
                verdict("vd-1", VerdictStatus.FAIL, "s-1", T0, staleIndex()),
                FailureContext.of("s-1", LUCENE_BUMP));

        GateDecision d = harvester.harvest(f, failure);

        assertThat(d.kind()).isEqualTo(GateDecision.Kind.ACCEPTED);
        Learning kept = f.get(FailureHarvester.keptId(d).orElseThrow()).orElseThrow();
        assertThat(kept.kind()).isEqualTo(LearningKind.FAILURE);
        assertThat(kept.status()).isEqualTo(LearningStatus.ACTIVE);
        assertThat(kept.what()).startsWith("Before you bump Lucene to 10");
        assertThat(kept.source().artifact()).isEqualTo("failures/" + failure.id());

        Injection next =
            f.inject(budget(32_000), "upgrade Lucene to version 10 in the index", "s-2");

        assertThat(next.included()).extracting(r -> r.learning().id()).contains(kept.id());
        RetrievedLearning first = next.included().get(0);
        assertThat(first.learning().id()).isEqualTo(kept.id());
        assertThat(first.knownFailure()).isTrue();
        assertThat(next.block())
            .contains("Known failures")
            .contains("Before you bump Lucene to 10");
        assertThat(next.block().indexOf("Before you bump Lucene"))
            .isLessThan(next.block().indexOf("Keep Lucene analyzers"));
      }
    }

    @Test
    void theSameFailureAgain_mergesIntoTheLearningKept_notStacked() {
      try (KnowledgeFlywheel f = flywheel()) {
        GateDecision first =
            harvester.harvest(
                f,
                harvester.recordVerdict(
                    verdict("vd-1", VerdictStatus.FAIL, "s-1", T0, staleIndex()),
                    FailureContext.of("s-1", LUCENE_BUMP)));
        GateDecision again =
            harvester.harvest(
                f,
                harvester.recordVerdict(
                    verdict("vd-2", VerdictStatus.FAIL, "s-2", T0, staleIndex()),
                    FailureContext.of("s-2", LUCENE_BUMP)));

        assertThat(first.kind()).isEqualTo(GateDecision.Kind.ACCEPTED);
        assertThat(again.kind()).isIn(GateDecision.Kind.MERGED, GateDecision.Kind.SUPERSEDED);
        assertThat(f.learnings()).filteredOn(l -> l.status().live()).hasSize(1);
      }
    }

    @Test
    void differentFailuresFromOneTemplate_areKeptApart_eachWithItsOwnRule() {
      try (KnowledgeFlywheel f = flywheel()) {
        GateDecision slug =
            harvester.harvest(
                f,
                harvester.recordVerdict(
                    verdict("vd-1", VerdictStatus.FAIL, "s-1", T0, staleIndex()),
                    FailureContext.of("s-1", "use approach 'replace-spaces' in src/text/Slug.java")
                        .withRule(DetectionRule.literal(".replace(' ', '-')"))));
        GateDecision wrap =
            harvester.harvest(
                f,
                harvester.recordVerdict(
                    verdict("vd-2", VerdictStatus.FAIL, "s-2", T0, staleIndex()),
                    FailureContext.of(
                            "s-2", "use approach 'count-words-only' in src/text/Wrap.java")
                        .withRule(
                            DetectionRule.literal("line.length() + word.length() <= width"))));

        assertThat(slug.kind()).isEqualTo(GateDecision.Kind.ACCEPTED);
        assertThat(wrap.kind()).isEqualTo(GateDecision.Kind.ACCEPTED);
        assertThat(f.learnings()).filteredOn(l -> l.status().live()).hasSize(2);
        assertThat(harvester.rule(FailureHarvester.keptId(slug).orElseThrow()).orElseThrow().rule())
            .isEqualTo(DetectionRule.literal(".replace(' ', '-')"));
        assertThat(harvester.rule(FailureHarvester.keptId(wrap).orElseThrow()).orElseThrow().rule())
            .isEqualTo(DetectionRule.literal("line.length() + word.length() <= width"));
      }
    }

    @Test
    void aFailureMergedIntoALearning_neverSwapsTheRuleAlreadyGuardingIt() {
      try (KnowledgeFlywheel f = flywheel()) {
        GateDecision first =
            harvester.harvest(
                f,
                harvester.recordVerdict(
                    verdict("vd-1", VerdictStatus.FAIL, "s-1", T0, staleIndex()),
                    FailureContext.of("s-1", LUCENE_BUMP)
                        .withRule(DetectionRule.regex("lucene\\.backward_codecs"))));
        GateDecision again =
            harvester.harvest(
                f,
                harvester.recordVerdict(
                    verdict("vd-2", VerdictStatus.FAIL, "s-2", T0, staleIndex()),
                    FailureContext.of("s-2", LUCENE_BUMP)
                        .withRule(DetectionRule.literal("README"))));

        String kept = FailureHarvester.keptId(first).orElseThrow();
        assertThat(FailureHarvester.keptId(again)).contains(kept);
        assertThat(harvester.rule(kept).orElseThrow().rule())
            .isEqualTo(DetectionRule.regex("lucene\\.backward_codecs"));
      }
    }
  }

  @Nested
  class FitnessGoals {

    @Test
    void aGoalFailingCycleAfterCycle_isHarvestedIntoANegativeLearning() {
      try (KnowledgeFlywheel f = flywheel()) {
        FitnessMonitor fitness =
            FitnessMonitor.builder(store)
                .clock(clock)
                .goal(
                    FitnessGoal.of(
                        "build-green", "the nightly build passes on main", 1.0, () -> false))
                .recurringAfter(3)
                .onRecurringFailure(harvester.recurringGoals(f))
                .build();

        fitness.endCycle(0);
        fitness.endCycle(0);
        assertThat(harvester.failures()).isEmpty();
        fitness.endCycle(0);

        assertThat(harvester.failures())
            .singleElement()
            .satisfies(r -> {
              assertThat(r.origin()).isEqualTo(FailureOrigin.FITNESS_GOAL);
              assertThat(r.failureClass()).isEqualTo(FailureHarvester.GOAL_FAILING);
              assertThat(r.attempted())
                  .isEqualTo("reach fitness goal 'build-green' (the nightly build passes on main)");
              assertThat(r.reference()).isNotNull();
            });
        assertThat(f.learnings())
            .singleElement()
            .satisfies(l -> {
              assertThat(l.kind().negative()).isTrue();
              assertThat(l.what()).startsWith("Before you reach fitness goal 'build-green'");
            });
      }
    }
  }

  @Nested
  class Gates {

    static final String DIFF =
        """
        diff --git a/agentops-knowledge/src/main/java/module-info.java b/agentops-knowledge/src/main/java/module-info.java
        --- a/agentops-knowledge/src/main/java/module-info.java
        +++ b/agentops-knowledge/src/main/java/module-info.java
        @@ -1,3 +1,4 @@
        +  requires org.apache.lucene.backward_codecs;
        """;

    Artifact artifact(String content) {
      return Artifact.of(
          "diff for ao-17",
          content,
          Provenance.builder()
              .author("implementer-1")
              .model("test-model", "test")
              .session("s-5")
              .createdAt(T0));
    }

    Learning harvested(KnowledgeFlywheel f, DetectionRule rule) {
      FailureRecord failure =
          harvester.recordVerdict(
              verdict("vd-1", VerdictStatus.FAIL, "s-1", T0, staleIndex()),
              FailureContext.of("s-1", LUCENE_BUMP).withRule(rule));
      GateDecision d = harvester.harvest(f, failure);
      return f.get(FailureHarvester.keptId(d).orElseThrow()).orElseThrow();
    }

    @Test
    void anActiveFailureWithARule_compilesToAGate_thatFailsAMatchingArtifact_andNamesIt() {
      try (KnowledgeFlywheel f = flywheel()) {
        Learning l = harvested(f, DetectionRule.regex("lucene\\.backward_codecs"));

        List<KnownFailureGate> gates = harvester.gates(f.learnings());

        assertThat(gates)
            .singleElement()
            .satisfies(g -> {
              assertThat(g.name()).isEqualTo("known-failure:" + l.id());
              GateResult bad = g.check(artifact(DIFF));
              assertThat(bad.status()).isEqualTo(GateStatus.FAIL);
              assertThat(bad.summary()).contains("'" + l.id() + "'", l.title());
              assertThat(bad.output()).contains("line 5:", "Before you bump Lucene");
              assertThat(g.check(artifact("a change to the README only")).status())
                  .isEqualTo(GateStatus.PASS);
            });
        assertThat(harvester.rule(l.id()).orElseThrow().failures()).containsExactly("flr-1");
      }
    }

    @Test
    void aPathGlob_matchesTheFilesADiffChanges() {
      try (KnowledgeFlywheel f = flywheel()) {
        Learning l = harvested(f, DetectionRule.pathGlob("**/module-info.java"));
        KnownFailureGate g =
            KnownFailureGate.compile(l, harvester.rule(l.id()).orElseThrow().rule());

        assertThat(g.check(artifact(DIFF)).output())
            .contains("- agentops-knowledge/src/main/java/module-info.java");
        assertThat(
                g.check(artifact("diff --git a/README.md b/README.md\n+++ b/README.md\n")).passed())
            .isTrue();
      }
    }

    @Test
    void onlyAnActiveNegativeLearning_compiles() {
      Learning pending =
          Learning.builder(
                  "lrn-p", LearningKind.FAILURE, "Bump fails", "Before you bump, check it.", T0)
              .status(LearningStatus.PENDING)
              .build();
      Learning pattern =
          pending.toBuilder().kind(LearningKind.PATTERN).status(LearningStatus.ACTIVE).build();

      assertThatThrownBy(() -> KnownFailureGate.compile(pending, DetectionRule.literal("x")))
          .hasMessageContaining("'lrn-p' is pending");
      assertThatThrownBy(() -> KnownFailureGate.compile(pattern, DetectionRule.literal("x")))
          .hasMessageContaining("'lrn-p' is a pattern");
    }
  }
}
