package dev.agentops.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.core.ForwardingStore;
import dev.agentops.store.GitStore;
import dev.agentops.store.RecordKey;
import dev.agentops.store.RecordVersion;
import dev.agentops.store.Store;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KnowledgeFlywheel#offer(java.util.Collection)}: a batch is one gate pass and one write.
 */
class KnowledgeFlywheelBatchTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path tmp;
  final SettableClock clock = new SettableClock(T0);
  GitStore store;
  final AtomicInteger nextId = new AtomicInteger();

  @BeforeEach
  void openStore() {
    store = GitStore.builder(tmp.resolve("repo")).create(true).clock(clock).build();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  KnowledgeFlywheel.Builder flywheel(Store over) {
    return KnowledgeFlywheel.builder(over)
        .clock(clock)
        .writer("test")
        .ids(() -> "lrn-" + nextId.incrementAndGet());
  }

  static Learning lesson(String id, String title, String what) {
    return KnowledgeFlywheelTest.lesson(id, title, what, T0);
  }

  static final String JDK_TITLE = "Pin the JDK with a toolchain";
  static final String JDK_WHAT =
      "Pin the JDK in CI with a Maven toolchain when images update under you.";

  @Test
  void candidatesThatRepeatEachOther_merge_inOneCommit() {
    try (KnowledgeFlywheel f = flywheel(store).build()) {
      List<GateDecision> decisions =
          f.offer(
              List.of(
                  lesson("a", JDK_TITLE, JDK_WHAT),
                  lesson("b", JDK_TITLE, JDK_WHAT).toBuilder().tags("jdk").build(),
                  lesson(
                      "c",
                      "Cache the Maven repository",
                      "Cache the Maven repository between CI runs to save ten minutes a build.")));

      assertThat(decisions)
          .extracting(GateDecision::kind)
          .containsExactly(
              GateDecision.Kind.ACCEPTED, GateDecision.Kind.MERGED, GateDecision.Kind.ACCEPTED);
      assertThat(((GateDecision.Merged) decisions.get(1)).into().id()).isEqualTo("a");
      assertThat(f.learnings()).extracting(Learning::id).containsExactly("a", "c");
      assertThat(f.get("a").orElseThrow().tags()).containsExactly("build", "jdk");

      String head = store.head().orElseThrow();
      for (String id : List.of("a", "c")) {
        List<RecordVersion> history = store.history(RecordKey.of(KnowledgeRecords.LEARNINGS, id));
        assertThat(history)
            .as(id)
            .singleElement()
            .satisfies(v -> assertThat(v.commitId()).isEqualTo(head));
      }
      Learning stored = KnowledgeRecords.learnings(store).get("a").orElseThrow().value();
      assertThat(stored.tags()).containsExactly("build", "jdk");
      assertThat(store.log(KnowledgeRecords.AUDIT)).hasSize(3);
      assertThat(f.retrieve("JDK toolchain", 5))
          .extracting(r -> r.learning().id())
          .containsExactly("a");
    }
  }

  @Test
  void aBatchOnTopOfKeptLearnings_mergesIntoThem() {
    try (KnowledgeFlywheel f = flywheel(store).build()) {
      f.offer(lesson("a", JDK_TITLE, JDK_WHAT));
      List<GateDecision> decisions =
          f.offer(
              List.of(
                  lesson("b", JDK_TITLE, JDK_WHAT).toBuilder().tags("jdk").build(),
                  lesson("c", JDK_TITLE, JDK_WHAT).toBuilder().tags("ci").build()));

      assertThat(decisions).extracting(GateDecision::kind).containsOnly(GateDecision.Kind.MERGED);
      assertThat(f.learnings()).extracting(Learning::id).containsExactly("a");
      assertThat(f.get("a").orElseThrow().tags()).containsExactly("build", "jdk", "ci");
      assertThat(KnowledgeRecords.learnings(store).get("a").orElseThrow().revision()).isEqualTo(2);
    }
  }

  @Test
  void idsTakenOrRepeated_areRefused_andNothingIsWritten() {
    try (KnowledgeFlywheel f = flywheel(store).build()) {
      f.offer(lesson("a", JDK_TITLE, JDK_WHAT));
      String head = store.head().orElseThrow();

      assertThatThrownBy(() ->
              f.offer(
                  List.of(
                      lesson("x", "Cache Maven", "Cache the Maven repository between CI runs."),
                      lesson("x", "Split tests", "Split slow tests into their own CI stage."))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'x'");
      assertThatThrownBy(() ->
              f.offer(
                  List.of(
                      lesson("y", "Cache Maven", "Cache the Maven repository between CI runs."),
                      lesson("a", "Split tests", "Split slow tests into their own CI stage."))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'a' already exists");

      assertThat(store.head()).contains(head);
      assertThat(f.learnings()).extracting(Learning::id).containsExactly("a");
    }
  }

  /** Seeds for the comparison of a batch with the same candidates offered one by one. */
  static Stream<Long> seeds() {
    return LongStream.range(0, 5).map(i -> 0xBA7C_4L * 1000 + i).boxed();
  }

  static final String[] WORDS = {
    "build",
    "cache",
    "maven",
    "gradle",
    "flaky",
    "retry",
    "timeout",
    "docker",
    "image",
    "schema",
    "migration",
    "toolchain",
    "jdk",
    "pipeline",
    "artifact",
    "lint",
    "coverage",
    "zsh",
    "bash",
    "lockfile",
    "dependency",
    "release",
    "rollback",
    "secret",
    "index",
    "latency",
    "worker"
  };

  /**
   * Candidates of which about a third repeat an earlier one of the same list (some verbatim, some
   * reworded a little, some better stated), and a few are fragments the gate discards.
   */
  static List<Learning> candidates(Random random, String prefix, int n) {
    List<Learning> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + i;
      int roll = random.nextInt(10);
      if (!out.isEmpty() && roll < 3) {
        Learning earlier = out.get(random.nextInt(out.size()));
        Learning.Builder b =
            lesson(id, earlier.title(), earlier.what()).toBuilder()
                .tags(WORDS[random.nextInt(WORDS.length)]);
        if (roll == 0) {
          b.what(earlier.what() + " Use " + WORDS[random.nextInt(WORDS.length)] + ".");
        } else if (roll == 1) {
          b.why(
                  "Measured in 12 builds: the "
                      + WORDS[random.nextInt(WORDS.length)]
                      + " step fell from 9 to 2 minutes, see build-4711 and PR #88.")
              .confidence(0.95)
              .context("CI on GitHub Actions, Maven 3.9, JDK 17.");
        }
        out.add(b.build());
      } else if (roll == 3) {
        out.add(
            Learning.builder(
                    id, LearningKind.LEARNING, "till running", "till running. Let me wait.", T0)
                .build());
      } else {
        StringBuilder what = new StringBuilder("Use");
        for (int w = 0, len = 6 + random.nextInt(14); w < len; w++) {
          what.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        what.append(" when the pipeline runs ").append(random.nextInt(50)).append(" jobs.");
        out.add(
            lesson(
                id,
                "Lesson on "
                    + WORDS[random.nextInt(WORDS.length)]
                    + " "
                    + WORDS[random.nextInt(WORDS.length)],
                what.toString()));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aBatch_decidesAsOfferingOneByOne(long seed) {
    Random random = new Random(seed);
    List<Learning> kept = candidates(random, "k", 10);
    List<Learning> batch = candidates(random, "n", 30);
    // Half of the batch also repeats learnings kept before it.
    for (int i = 0; i < batch.size(); i += 4) {
      Learning earlier = kept.get(random.nextInt(kept.size()));
      batch.set(i, lesson(batch.get(i).id(), earlier.title(), earlier.what()));
    }

    // A batch compares each candidate with every learning it already decided that shares a term;
    // offered one by one, a candidate sees the index's nearest N. With N above the corpus's size
    // both see every learning that shares a term, and must decide alike.
    QualityRubric exhaustive = QualityRubric.defaults().toBuilder().neighbours(100).build();
    List<GateDecision> single;
    List<Learning> singleLearnings;
    try (GitStore other =
            GitStore.builder(tmp.resolve("one-by-one")).create(true).clock(clock).build();
        KnowledgeFlywheel f = flywheel(other).rubric(exhaustive).build()) {
      f.offer(kept);
      single = new ArrayList<>();
      for (Learning c : batch) {
        single.add(f.offer(c));
      }
      singleLearnings = f.learnings();
    }
    try (KnowledgeFlywheel f = flywheel(store).rubric(exhaustive).build()) {
      f.offer(kept);
      List<GateDecision> batched = f.offer(batch);

      assertThat(batched).as("seed %d", seed).isEqualTo(single);
      assertThat(f.learnings()).as("seed %d", seed).isEqualTo(singleLearnings);
      assertThat(batched)
          .as("seed %d: the generator must produce merges", seed)
          .anyMatch(d -> d.kind() == GateDecision.Kind.MERGED);
    }
    try (KnowledgeFlywheel reopened = flywheel(store).rubric(exhaustive).build()) {
      assertThat(reopened.learnings()).as("seed %d: read back", seed).isEqualTo(singleLearnings);
    }
  }

  @Test
  void aLostRace_isRetried_onTheLearningsAsTheOtherWriterLeftThem() {
    try (KnowledgeFlywheel seed = flywheel(store).build()) {
      seed.offer(lesson("a", JDK_TITLE, JDK_WHAT));
    }
    RacingStore racing = new RacingStore(store);
    try (KnowledgeFlywheel f = flywheel(racing).build();
        KnowledgeFlywheel other = flywheel(store).writer("other").build()) {
      racing.beforeWrites(
          1, () -> other.offer(lesson("o", JDK_TITLE, JDK_WHAT).toBuilder().tags("other").build()));

      List<GateDecision> decisions =
          f.offer(
              List.of(
                  lesson("b", JDK_TITLE, JDK_WHAT).toBuilder().tags("mine").build(),
                  lesson(
                      "c", "Cache Maven", "Cache the Maven repository between CI runs, always.")));

      assertThat(racing.writes).isEqualTo(2);
      assertThat(decisions)
          .extracting(GateDecision::kind)
          .containsExactly(GateDecision.Kind.MERGED, GateDecision.Kind.ACCEPTED);
      Learning a = KnowledgeRecords.learnings(store).get("a").orElseThrow().value();
      assertThat(a.tags()).containsExactly("build", "other", "mine");
      assertThat(f.get("a").orElseThrow()).isEqualTo(a);
      assertThat(f.learnings()).extracting(Learning::id).containsExactly("a", "c");
    }
  }

  @Test
  void aBatchThatKeepsLosing_throws_andLeavesTheIndexAsItWas() {
    try (KnowledgeFlywheel seed = flywheel(store).build()) {
      seed.offer(lesson("a", JDK_TITLE, JDK_WHAT));
    }
    RacingStore racing = new RacingStore(store);
    AtomicInteger tag = new AtomicInteger();
    try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.inMemory();
        KnowledgeFlywheel f = flywheel(racing).index(index).maxAttempts(2).build();
        KnowledgeFlywheel other = flywheel(store).writer("other").build()) {
      racing.beforeWrites(
          2,
          () -> {
            other.refresh();
            other.offer(
                lesson("o" + tag.incrementAndGet(), JDK_TITLE, JDK_WHAT).toBuilder()
                    .tags("t" + tag.get())
                    .build());
          });

      assertThatThrownBy(() ->
              f.offer(
                  List.of(
                      lesson("b", JDK_TITLE, JDK_WHAT).toBuilder().tags("mine").build(),
                      lesson(
                          "c",
                          "Cache the Maven repository",
                          "Cache the Maven repository between CI runs, every time."))))
          .isInstanceOf(KnowledgeConflictException.class);

      assertThat(index.search(IndexQuery.of("Maven repository cache", 5).withStatuses(Set.of())))
          .as("the new candidate is not left in the index")
          .extracting(IndexHit::id)
          .doesNotContain("c");
      assertThat(index.size()).isEqualTo(1);
      assertThat(KnowledgeRecords.learnings(store).get("c")).isEmpty();
      assertThat(f.get("a").orElseThrow().tags()).doesNotContain("mine");
    }
  }

  /** A real store that lets another writer in before some of the first writes it is asked for. */
  static final class RacingStore extends ForwardingStore {
    int writes;
    int racesLeft;
    Runnable race = () -> {};

    RacingStore(Store delegate) {
      super(delegate);
    }

    void beforeWrites(int times, Runnable race) {
      this.racesLeft = times;
      this.race = race;
    }

    @Override
    public WriteResult write(WriteBatch batch) {
      writes++;
      if (racesLeft > 0) {
        racesLeft--;
        race.run();
      }
      return super.write(batch);
    }

    @Override
    public void close() {} // the test closes the real store
  }
}
