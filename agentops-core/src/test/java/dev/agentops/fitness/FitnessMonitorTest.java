package dev.agentops.fitness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.Artifact;
import dev.agentops.Provenance;
import dev.agentops.gate.Gate;
import dev.agentops.gate.GateResult;
import dev.agentops.store.GitStore;
import dev.agentops.store.InMemoryStore;
import dev.agentops.work.WorkItem;
import dev.agentops.work.WorkTracker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitnessMonitorTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T08:00:00Z"), ZoneOffset.UTC);

  final InMemoryStore store = InMemoryStore.builder().clock(CLOCK).build();
  final AtomicBoolean testsPass = new AtomicBoolean(true);
  final AtomicBoolean buildPasses = new AtomicBoolean(true);
  final FitnessGoal tests =
      FitnessGoal.of("tests-pass", "The test suite passes", 3.0, testsPass::get);
  final FitnessGoal build =
      FitnessGoal.of("build-green", "The build passes", 1.0, buildPasses::get);

  FitnessMonitor.Builder monitor() {
    return FitnessMonitor.builder(store).goal(tests).goal(build).clock(CLOCK);
  }

  @Nested
  class Dormant {

    @Test
    void everyGoalPasses_nothingReady_nothingHarvested_stopsAsSuccess() {
      WorkTracker tracker = WorkTracker.builder(store).clock(CLOCK).build();
      WorkItem item = tracker.create("Fix the flaky test", b -> b);
      FitnessMonitor fitness = monitor().work(tracker).build();

      CycleOutcome busy = fitness.endCycle(0);
      assertThat(busy.kind()).isEqualTo(CycleOutcome.Kind.CONTINUE);
      assertThat(busy.stop()).isFalse();
      assertThat(busy.report().ready()).isEqualTo(1);

      tracker.close(item.id(), "fixed", "verdict-1");
      CycleOutcome harvesting = fitness.endCycle(2);
      assertThat(harvesting.kind()).isEqualTo(CycleOutcome.Kind.CONTINUE);

      CycleOutcome quiet = fitness.endCycle(0);
      assertThat(quiet).isInstanceOf(Dormancy.class);
      assertThat(quiet.stop()).isTrue();
      assertThat(quiet.report().allPass()).isTrue();
      assertThat(quiet.report().ready()).isZero();
      assertThat(quiet.report().score()).isEqualTo(1.0);
      assertThat(fitness.latest()).contains(quiet.report());
    }

    @Test
    void aFailingGoal_isNeverDormant_evenWithNothingToDo() {
      testsPass.set(false);
      CycleOutcome outcome = monitor().build().endCycle(0);

      assertThat(outcome.kind()).isEqualTo(CycleOutcome.Kind.CONTINUE);
      assertThat(outcome.report().failing()).containsExactly("tests-pass");
      assertThat(outcome.report().score()).isEqualTo(0.25);
    }

    @Test
    void unknownReadyWork_isNeverDormant() {
      CycleOutcome outcome =
          monitor()
              .readyWork(() -> {
                throw new IllegalStateException("tracker down");
              })
              .build()
              .endCycle(0);

      assertThat(outcome.kind()).isEqualTo(CycleOutcome.Kind.CONTINUE);
      assertThat(outcome.report().ready()).isEqualTo(-1);
      assertThatThrownBy(() -> new Dormancy(outcome.report()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not dormant");
    }
  }

  @Nested
  class RegressionBreaker {

    @Test
    void fewerGoalsPassingThanBefore_tripsTheBreaker_asAValue() {
      FitnessMonitor fitness = monitor().readyWork(() -> 1).build();
      assertThat(fitness.endCycle(0).kind()).isEqualTo(CycleOutcome.Kind.CONTINUE);

      buildPasses.set(false);
      CycleOutcome outcome = fitness.endCycle(0);

      assertThat(outcome).isInstanceOf(Regression.class);
      Regression r = (Regression) outcome;
      assertThat(r.stop()).isTrue();
      assertThat(r.lost()).containsExactly("build-green");
      assertThat(r.previous().passing()).isEqualTo(2);
      assertThat(r.report().passing()).isEqualTo(1);
      assertThat(r.summary()).isEqualTo("1 of 2 goals pass, 2 passed before; lost: build-green");
    }

    @Test
    void sameNumberPassing_doesNotTrip_evenIfWhichGoalsChanged() {
      FitnessMonitor fitness = monitor().readyWork(() -> 1).build();
      testsPass.set(false);
      fitness.endCycle(0);
      testsPass.set(true);
      buildPasses.set(false);

      assertThat(fitness.endCycle(0).kind()).isEqualTo(CycleOutcome.Kind.CONTINUE);
    }

    @Test
    void firstCycle_hasNothingToRegressFrom() {
      testsPass.set(false);
      buildPasses.set(false);
      assertThat(monitor().build().endCycle(0).kind()).isEqualTo(CycleOutcome.Kind.CONTINUE);
    }
  }

  @Nested
  class RecurringFailures {

    @Test
    void sameGoalFailingNCyclesInARow_triggersTheExtractionCallback() {
      List<RecurringFailure> told = new CopyOnWriteArrayList<>();
      FitnessMonitor fitness = monitor().readyWork(() -> 1).onRecurringFailure(told::add).build();
      testsPass.set(false);

      List<CycleOutcome> outcomes = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 6; i++) {
        outcomes.add(fitness.endCycle(0));
      }

      assertThat(told).extracting(RecurringFailure::cycles).containsExactly(3, 6);
      RecurringFailure first = told.get(0);
      assertThat(first.goalId()).isEqualTo("tests-pass");
      assertThat(first.description()).isEqualTo("The test suite passes");
      assertThat(first.lastSummary()).isEqualTo("fail: not met");
      assertThat(first.reportId()).isEqualTo("main.000003");
      assertThat(outcomes.get(2).recurring()).containsExactly(first);
      assertThat(outcomes.get(3).recurring()).isEmpty();
    }

    @Test
    void aPassBreaksTheStreak_andTheThresholdIsConfigurable() {
      AtomicInteger told = new AtomicInteger();
      FitnessMonitor fitness =
          monitor().recurringAfter(2).onRecurringFailure(f -> told.incrementAndGet()).build();
      testsPass.set(false);
      fitness.endCycle(0);
      testsPass.set(true);
      fitness.endCycle(0);
      testsPass.set(false);
      CycleOutcome third = fitness.endCycle(0);
      assertThat(told).hasValue(0);
      assertThat(third.report().failingStreaks()).containsExactly(Map.entry("tests-pass", 1));

      fitness.endCycle(0);
      assertThat(told).hasValue(1);
    }

    @Test
    void aThrowingListener_neverBreaksTheCycle() {
      FitnessMonitor fitness =
          monitor()
              .recurringAfter(1)
              .onRecurringFailure(f -> {
                throw new IllegalStateException("extractor down");
              })
              .build();
      testsPass.set(false);

      CycleOutcome outcome = fitness.endCycle(0);

      assertThat(outcome.recurring()).hasSize(1);
      assertThat(fitness.latest()).contains(outcome.report());
    }
  }

  @Nested
  class Checks {

    @Test
    void aCheckThatRaisesOrErrs_isNotMet_andTheCycleGoesOn() {
      FitnessGoal raising =
          new FitnessGoal(
              "raises",
              "A check that breaks",
              1.0,
              () -> {
                throw new IllegalStateException("no");
              });
      FitnessGoal erring =
          new FitnessGoal(
              "errs",
              "A check that cannot run",
              1.0,
              () -> GateResult.error("errs", "command not found", Duration.ZERO));
      CycleOutcome outcome =
          FitnessMonitor.builder(store).goal(raising).goal(erring).goal(build).build().endCycle(0);

      assertThat(outcome.report().results())
          .extracting(GoalResult::goalId, GoalResult::passed, GoalResult::summary)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "raises", false, "the check raised java.lang.IllegalStateException"),
              org.assertj.core.groups.Tuple.tuple("errs", false, "error: command not found"),
              org.assertj.core.groups.Tuple.tuple("build-green", true, "pass: met"));
    }

    @Test
    void aGateGoal_checksTheArtifactItIsGiven() {
      Gate nonEmpty =
          artifact ->
              artifact.content().isEmpty()
                  ? GateResult.fail("non-empty", "empty", "", Duration.ZERO)
                  : GateResult.pass("non-empty", "has content", Duration.ZERO);
      String[] content = {""};
      FitnessGoal goal =
          FitnessGoal.gate(
              "changelog",
              "The changelog is written",
              1.0,
              nonEmpty,
              () ->
                  Artifact.of(
                      "CHANGELOG",
                      content[0],
                      Provenance.builder()
                          .author("writer")
                          .model("small", "test")
                          .session("s-1")
                          .createdAt(CLOCK.instant())));
      FitnessMonitor fitness = FitnessMonitor.builder(store).goal(goal).clock(CLOCK).build();

      assertThat(fitness.endCycle(0).report().allPass()).isFalse();
      content[0] = "0.1.0: first release";
      assertThat(fitness.endCycle(0)).isInstanceOf(Dormancy.class);
    }

    @Test
    void goalsAreChecked() {
      assertThatThrownBy(() -> FitnessGoal.of("Tests", "x", 1, () -> true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'Tests'");
      assertThatThrownBy(() -> FitnessGoal.of("tests", "x", 0, () -> true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("but was 0.0");
      assertThatThrownBy(() -> monitor().goal(tests))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("added twice");
      assertThatThrownBy(() -> FitnessMonitor.builder(store).build())
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> monitor().build().endCycle(-1))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Persistence {

    @Test
    void reportsAreStoredInGit_andANewMonitorGoesOnWhereTheLastStopped(@TempDir Path repo) {
      testsPass.set(false);
      try (GitStore git = GitStore.builder(repo).create(true).clock(CLOCK).build()) {
        FitnessMonitor first =
            FitnessMonitor.builder(git)
                .goal(tests)
                .goal(build)
                .readyWork(() -> 1)
                .clock(CLOCK)
                .build();
        first.endCycle(0);
        first.endCycle(0);
      }
      List<RecurringFailure> told = new CopyOnWriteArrayList<>();
      try (GitStore git = GitStore.builder(repo).clock(CLOCK).build()) {
        FitnessMonitor second =
            FitnessMonitor.builder(git)
                .goal(tests)
                .goal(build)
                .readyWork(() -> 1)
                .onRecurringFailure(told::add)
                .clock(CLOCK)
                .build();
        CycleOutcome third = second.endCycle(0);

        assertThat(third.report().id()).isEqualTo("main.000003");
        assertThat(third.report().cycle()).isEqualTo(3);
        assertThat(told).extracting(RecurringFailure::cycles).containsExactly(3);
        List<FitnessReport> history = second.history();
        assertThat(history).extracting(FitnessReport::cycle).containsExactly(1L, 2L, 3L);
        assertThat(history.get(0).takenAt()).isEqualTo(CLOCK.instant());
        assertThat(history.get(0).score()).isEqualTo(0.25);
        assertThat(history.get(0).results()).hasSize(2);
        assertThat(
                git.history(dev.agentops.store.RecordKey.of(FitnessMonitor.REPORTS, "main.000001")))
            .hasSize(1);
      }
    }

    @Test
    void seriesAreKeptApart() {
      FitnessMonitor a = monitor().series("a").build();
      FitnessMonitor b = monitor().series("b").build();
      a.endCycle(0);
      a.endCycle(0);
      CycleOutcome first = b.endCycle(0);

      assertThat(first.report().id()).isEqualTo("b.000001");
      assertThat(a.history()).hasSize(2);
    }
  }
}
