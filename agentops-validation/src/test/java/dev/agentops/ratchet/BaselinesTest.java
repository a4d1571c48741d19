package dev.agentops.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.core.ForwardingStore;
import dev.agentops.store.GitStore;
import dev.agentops.store.InMemoryStore;
import dev.agentops.store.ReadableStore;
import dev.agentops.store.RecordKey;
import dev.agentops.store.RecordVersion;
import dev.agentops.store.Store;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselinesTest {

  static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  static final Metric COVERAGE = BaselineTest.COVERAGE;
  static final Metric LATENCY = BaselineTest.LATENCY;

  @TempDir Path dir;
  final SettableClock clock = new SettableClock(T0);

  Baseline bar() {
    return Baseline.builder("main").metric(COVERAGE, 80.0).metric(LATENCY, 200.0).build(T0);
  }

  @Test
  void aBaselineIsKeptInGit_andReadBackWhole() {
    try (GitStore store =
        GitStore.builder(dir.resolve("repo.git")).create(true).clock(clock).build()) {
      Baselines baselines = Baselines.builder(store).clock(clock).writer("ci").build();
      baselines.create(bar(), "measured on the release branch");

      assertThat(baselines.get("main")).contains(bar());
      assertThat(store.history(RecordKey.of(Baselines.COLLECTION, "main"))).hasSize(1);
      try (GitStore reopened = GitStore.builder(dir.resolve("repo.git")).build()) {
        assertThat(Baselines.builder(reopened).build().get("main")).contains(bar());
        assertThat(Baselines.builder(reopened).build().events("main"))
            .containsExactly(
                new BaselineEvent(
                    "main",
                    BaselineEvent.Kind.CREATED,
                    T0,
                    "ci",
                    "measured on the release branch",
                    Map.of(),
                    Map.of("coverage", 80.0, "p95-ms", 200.0)));
      }
    }
  }

  @Test
  void creatingTwice_isRefused_andCreatingNeedsAReason() {
    Baselines baselines = Baselines.builder(InMemoryStore.create()).clock(clock).build();
    baselines.create(bar(), "first");

    assertThatThrownBy(() -> baselines.create(bar(), "again"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exists already");
    assertThatThrownBy(() -> baselines.create(bar(), " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a reason");
  }

  @Test
  void anImprovement_raisesTheStoredBar_andIsRecordedInTheSameCommit() {
    try (GitStore store =
        GitStore.builder(dir.resolve("repo.git")).create(true).clock(clock).build()) {
      Baselines baselines = Baselines.builder(store).clock(clock).writer("ci").build();
      baselines.create(bar(), "first");
      clock.advance(Duration.ofHours(1));

      BaselineCheck check = baselines.ratchet("main", Map.of("coverage", 82.5, "p95-ms", 210.0));

      assertThat(check.passed()).isTrue();
      assertThat(baselines.get("main").orElseThrow().values())
          .isEqualTo(Map.of("coverage", 82.5, "p95-ms", 200.0));
      List<BaselineEvent> events = baselines.events("main");
      assertThat(events).hasSize(2);
      assertThat(events.get(1))
          .isEqualTo(
              new BaselineEvent(
                  "main",
                  BaselineEvent.Kind.RAISED,
                  T0.plus(Duration.ofHours(1)),
                  "ci",
                  null,
                  Map.of("coverage", 80.0),
                  Map.of("coverage", 82.5)));
      List<RecordVersion> history = store.history(RecordKey.of(Baselines.COLLECTION, "main"));
      ReadableStore atRaise = store.at(history.get(0).commitId());
      assertThat(atRaise.log(Baselines.LOG)).hasSize(2);
    }
  }

  @Test
  void aRegression_leavesTheBar_andIsRecorded() {
    Baselines baselines = Baselines.builder(InMemoryStore.create()).clock(clock).build();
    baselines.create(bar(), "first");

    BaselineCheck check = baselines.ratchet("main", Map.of("coverage", 75.0));

    assertThat(check.passed()).isFalse();
    assertThat(baselines.get("main")).contains(bar());
    BaselineEvent last = baselines.events("main").get(1);
    assertThat(last.kind()).isEqualTo(BaselineEvent.Kind.REGRESSED);
    assertThat(last.before()).isEqualTo(Map.of("coverage", 80.0, "p95-ms", 200.0));
    assertThat(last.after()).isEqualTo(Map.of("coverage", 75.0));
  }

  @Test
  void aPassWithoutImprovement_writesNothing() {
    InMemoryStore store = InMemoryStore.create();
    Baselines baselines = Baselines.builder(store).clock(clock).build();
    baselines.create(bar(), "first");
    Optional<String> head = store.head();

    assertThat(baselines.ratchet("main", Map.of("coverage", 80.0, "p95-ms", 201.0)).passed())
        .isTrue();
    assertThat(store.head()).isEqualTo(head);
  }

  @Test
  void rebaselining_canLowerTheBar_onlyWithAReason_andIsRecorded() {
    Baselines baselines = Baselines.builder(InMemoryStore.create()).clock(clock).build();
    baselines.create(bar(), "first");

    assertThatThrownBy(() -> baselines.rebaseline("main", "", Map.of("p95-ms", 260.0)))
        .hasMessage("re-baselining 'main' needs a reason, but the reason was blank");
    Baseline lowered =
        baselines.rebaseline("main", "moved to a safer serializer", Map.of("p95-ms", 260.0));

    assertThat(lowered.values()).containsEntry("p95-ms", 260.0);
    assertThat(baselines.get("main")).contains(lowered);
    assertThat(baselines.ratchet("main", Map.of("coverage", 80.0, "p95-ms", 250.0)).passed())
        .isTrue();
    BaselineEvent event = baselines.events("main").get(1);
    assertThat(event.kind()).isEqualTo(BaselineEvent.Kind.REBASELINED);
    assertThat(event.reason()).isEqualTo("moved to a safer serializer");
    assertThat(event.before()).isEqualTo(Map.of("p95-ms", 200.0));
    assertThat(event.after()).isEqualTo(Map.of("p95-ms", 260.0));
  }

  @Test
  void rebaseliningWithANewDefinition_addsAMetric() {
    Baselines baselines = Baselines.builder(InMemoryStore.create()).clock(clock).build();
    baselines.create(bar(), "first");
    Baseline wider =
        Baseline.builder("main")
            .metric(COVERAGE, 80.0)
            .metric(LATENCY, 200.0)
            .metric(Metric.lowerIsBetter("flakes", Tolerance.none()), 3)
            .build(T0);

    baselines.rebaseline("track flaky tests too", wider);

    assertThat(baselines.ratchet("main", Map.of("coverage", 80.0, "p95-ms", 200.0)).passed())
        .isFalse();
    assertThatThrownBy(() -> baselines.ratchet("nightly", Map.of()))
        .hasMessage("there is no baseline 'nightly'; create it first");
  }

  @Test
  void aCheckThatRacesAnother_isCheckedAgainAgainstTheBarTheOtherStored() {
    InMemoryStore shared = InMemoryStore.create();
    Baselines other = Baselines.builder(shared).clock(clock).writer("other").build();
    Store racing =
        new RacingStore(
            shared, () -> other.ratchet("main", Map.of("coverage", 90.0, "p95-ms", 200.0)));
    Baselines mine = Baselines.builder(racing).clock(clock).writer("mine").build();
    other.create(bar(), "first");

    BaselineCheck check = mine.ratchet("main", Map.of("coverage", 85.0, "p95-ms", 190.0));

    assertThat(check.passed()).isFalse();
    assertThat(check.failures()).extracting(MetricCheck::baseline).containsExactly(90.0);
    assertThat(mine.get("main").orElseThrow().values())
        .isEqualTo(Map.of("coverage", 90.0, "p95-ms", 200.0));
  }

  /**
   * A store that lets another writer in just before its first write: the fake of our own SPI that
   * stages a race for its caller.
   */
  static final class RacingStore extends ForwardingStore {
    private Runnable before;

    RacingStore(Store delegate, Runnable before) {
      super(delegate);
      this.before = before;
    }

    @Override
    public WriteResult write(WriteBatch batch) {
      Runnable r = before;
      before = () -> {};
      r.run();
      return super.write(batch);
    }
  }
}
