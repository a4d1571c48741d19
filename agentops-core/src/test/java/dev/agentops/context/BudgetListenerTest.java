package dev.agentops.context;

import static dev.agentops.context.BudgetLevel.COMPACT;
import static dev.agentops.context.BudgetLevel.CRITICAL;
import static dev.agentops.context.BudgetLevel.ELEVATED;
import static dev.agentops.context.BudgetLevel.OPTIMAL;
import static dev.agentops.context.BudgetLevel.WARN;
import static dev.agentops.context.ContextFixtures.SMALL;
import static dev.agentops.context.ContextFixtures.WORDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** How a {@link ContextBudget} tells its {@link BudgetListener}s what happened. */
class BudgetListenerTest {

  /** Records every event, in order. */
  static final class Recorder implements BudgetListener {
    final List<Object> events = new ArrayList<>();

    @Override
    public void levelChanged(LevelChange change) {
      events.add(change);
    }

    @Override
    public void compacted(CompactionReport report) {
      events.add(report);
    }

    @Override
    public void rejected(Admission.Rejected rejection) {
      events.add(rejection);
    }

    List<LevelChange> levelChanges() {
      List<LevelChange> changes = new ArrayList<>();
      events.stream()
          .filter(LevelChange.class::isInstance)
          .forEach(e -> changes.add((LevelChange) e));
      return changes;
    }
  }

  /** Throws from every callback. */
  static final class Throwing implements BudgetListener {
    int calls;

    @Override
    public void levelChanged(LevelChange change) {
      calls++;
      throw new IllegalStateException("listener broke on a level change");
    }

    @Override
    public void compacted(CompactionReport report) {
      calls++;
      throw new IllegalStateException("listener broke on a compaction");
    }

    @Override
    public void rejected(Admission.Rejected rejection) {
      calls++;
      throw new IllegalStateException("listener broke on a rejection");
    }
  }

  /** An item of exactly {@code tokens} tokens in a budget that counts words. */
  static ContextItem item(String id, int tokens) {
    String words =
        String.join(" ", Collections.nCopies(tokens - TokenCounter.MESSAGE_OVERHEAD, "w"));
    return ContextItem.builder(ContextKind.FILE, words).id(id).build();
  }

  @Nested
  class LevelChanges {

    @Test
    void areReportedInOrderAsTheFillRisesAndFalls() {
      Recorder recorder = new Recorder();
      ContextBudget budget =
          ContextBudget.builder(SMALL)
              .counter(WORDS)
              .trigger(CompactionTrigger.never())
              .listener(recorder)
              .build();
      // Capacity 1,800: the levels start at 720, 1,080, 1,440 and 1,620 tokens.
      List<Long> usedAtChange = new ArrayList<>();
      budget.addListener(
          new BudgetListener() {
            @Override
            public void levelChanged(LevelChange change) {
              usedAtChange.add(change.status().usedTokens());
            }
          });

      for (int i = 0; i < 18; i++) {
        assertThat(budget.admit(item("i" + i, 100)).admitted()).isTrue();
      }
      for (int i = 17; i >= 0; i--) {
        budget.remove("i" + i);
      }

      assertThat(recorder.levelChanges())
          .extracting(LevelChange::from, LevelChange::to, LevelChange::rising)
          .containsExactly(
              tuple(OPTIMAL, ELEVATED, true),
              tuple(ELEVATED, WARN, true),
              tuple(WARN, COMPACT, true),
              tuple(COMPACT, CRITICAL, true),
              tuple(CRITICAL, COMPACT, false),
              tuple(COMPACT, WARN, false),
              tuple(WARN, ELEVATED, false),
              tuple(ELEVATED, OPTIMAL, false));
      assertThat(usedAtChange)
          .containsExactly(800L, 1_100L, 1_500L, 1_700L, 1_600L, 1_400L, 1_000L, 700L);
      for (LevelChange change : recorder.levelChanges()) {
        assertThat(change.status().level()).isEqualTo(change.to());
      }
    }

    @Test
    void aJumpAcrossSeveralLevelsIsOneChange() {
      Recorder recorder = new Recorder();
      ContextBudget budget = ContextBudget.builder(SMALL).counter(WORDS).listener(recorder).build();

      budget.admit(item("big", 1_700));
      budget.remove("big");

      assertThat(recorder.levelChanges())
          .extracting(LevelChange::from, LevelChange::to)
          .containsExactly(tuple(OPTIMAL, CRITICAL), tuple(CRITICAL, OPTIMAL));
    }

    @Test
    void noChangeIsReportedWhileTheLevelStays() {
      Recorder recorder = new Recorder();
      ContextBudget budget = ContextBudget.builder(SMALL).counter(WORDS).listener(recorder).build();

      budget.admit(item("a", 100));
      budget.admit(item("b", 100));
      budget.remove("a");

      assertThat(recorder.events).isEmpty();
    }

    @Test
    void aCompactionIsReportedBeforeTheLevelItLeavesTheBudgetAt() {
      Recorder recorder = new Recorder();
      ContextBudget budget =
          ContextBudget.builder(SMALL)
              .counter(WORDS)
              .trigger(CompactionTrigger.whenFull())
              .listener(recorder)
              .build();
      budget.admit(item("a", 900));
      budget.admit(item("b", 800));
      recorder.events.clear();

      Admission a = budget.admit(item("c", 200));

      assertThat(a).isInstanceOf(Admission.AdmittedAfterCompaction.class);
      assertThat(recorder.events)
          .containsExactly(
              ((Admission.AdmittedAfterCompaction) a).compaction(),
              new LevelChange(CRITICAL, ELEVATED, a.status()));
    }
  }

  @Nested
  class FromSeveralThreads {

    private static final int THREADS = 8;
    private static final int ROUNDS = 500;

    @Test
    void levelChangesAreReportedInOrderOneAtATime() throws Exception {
      List<LevelChange> changes = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger inside = new AtomicInteger();
      AtomicInteger overlaps = new AtomicInteger();
      ContextBudget budget =
          ContextBudget.builder(SMALL)
              .counter(WORDS)
              .trigger(CompactionTrigger.never())
              .listener(
                  new BudgetListener() {
                    @Override
                    public void levelChanged(LevelChange change) {
                      if (inside.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                      }
                      changes.add(change);
                      inside.decrementAndGet();
                    }
                  })
              .build();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          Random random = new Random(7_000 + t);
          String prefix = "t" + t + "-";
          done.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < ROUNDS; i++) {
                      String id = prefix + i;
                      // Items up to half the capacity: one alone can cross a level.
                      if (budget.admit(item(id, 5 + random.nextInt(900))).admitted()) {
                        budget.remove(id);
                      }
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(overlaps).hasValue(0);
      BudgetLevel heard = OPTIMAL;
      for (int i = 0; i < changes.size(); i++) {
        assertThat(changes.get(i).from())
            .as("change %d follows on from the level heard before it", i)
            .isEqualTo(heard);
        heard = changes.get(i).to();
      }
      assertThat(heard)
          .as("the last level heard is the budget's")
          .isEqualTo(budget.status().level());
    }

    @Test
    void aChangeMadeFromACallbackIsReportedAfterIt() {
      List<String> heard = new ArrayList<>();
      ContextBudget budget =
          ContextBudget.builder(SMALL).counter(WORDS).trigger(CompactionTrigger.never()).build();
      budget.addListener(
          new BudgetListener() {
            @Override
            public void levelChanged(LevelChange change) {
              heard.add("start " + change.from() + " -> " + change.to());
              if (change.rising()) {
                budget.remove("big");
              }
              heard.add("end " + change.from() + " -> " + change.to());
            }
          });

      budget.admit(item("big", 1_000));

      assertThat(heard)
          .containsExactly(
              "start OPTIMAL -> ELEVATED",
              "end OPTIMAL -> ELEVATED",
              "start ELEVATED -> OPTIMAL",
              "end ELEVATED -> OPTIMAL");
      assertThat(budget.items()).isEmpty();
    }
  }

  @Nested
  class Rejections {

    @Test
    void areReportedWithTheSameRejectionTheCallerGets() {
      Recorder recorder = new Recorder();
      ContextBudget budget =
          ContextBudget.builder(SMALL)
              .counter(WORDS)
              .trigger(CompactionTrigger.never())
              .listener(recorder)
              .build();
      budget.admit(item("a", 1_700));
      recorder.events.clear();

      Admission a = budget.admit(item("b", 200));

      assertThat(a).isInstanceOf(Admission.Rejected.class);
      assertThat(recorder.events).containsExactly(a);
    }

    @Test
    void areReportedForSourcesTooLargeToLoad() {
      Recorder recorder = new Recorder();
      ContextBudget budget = ContextBudget.builder(SMALL).counter(WORDS).listener(recorder).build();

      Admission a =
          budget.load(
              ContextSource.of(
                  "huge.txt",
                  ContextKind.FILE,
                  5_000,
                  () -> {
                    throw new AssertionError("a source too large to fit must not be loaded");
                  }));

      assertThat(recorder.events).containsExactly(a);
    }
  }

  @Nested
  class AListenerThatThrows {

    @Test
    void breaksNeitherTheBudgetNorTheOtherListeners() {
      Throwing throwing = new Throwing();
      Recorder recorder = new Recorder();
      ContextBudget budget =
          ContextBudget.builder(SMALL)
              .counter(WORDS)
              .trigger(CompactionTrigger.whenFull())
              .listener(throwing)
              .listener(recorder)
              .build();

      Admission first = budget.admit(item("a", 900));
      Admission second = budget.admit(item("b", 800).toBuilder().pinned(true).build());
      Admission third = budget.admit(item("c", 200));
      Admission fourth = budget.admit(item("d", 1_100));

      assertThat(first.kind()).isEqualTo(Admission.Kind.ADMITTED);
      assertThat(second.kind()).isEqualTo(Admission.Kind.ADMITTED);
      assertThat(third.kind()).isEqualTo(Admission.Kind.ADMITTED_AFTER_COMPACTION);
      assertThat(fourth.kind()).isEqualTo(Admission.Kind.REJECTED);
      assertThat(budget.items()).extracting(i -> i.id().orElseThrow()).containsExactly("b");
      assertThat(budget.status().usedTokens()).isEqualTo(800);
      assertThat(budget.archived("a")).isPresent();
      assertThat(budget.archived("c")).isPresent();
      assertThat(recorder.events)
          .hasSize(throwing.calls)
          .hasAtLeastOneElementOfType(LevelChange.class)
          .hasAtLeastOneElementOfType(CompactionReport.class)
          .hasAtLeastOneElementOfType(Admission.Rejected.class);
    }

    @Test
    void doesNotKeepLaterListenersFromHearingEveryEvent() {
      Recorder before = new Recorder();
      Recorder after = new Recorder();
      ContextBudget budget = ContextBudget.builder(SMALL).counter(WORDS).listener(before).build();
      budget.addListener(new Throwing());
      budget.addListener(after);

      budget.admit(item("a", 1_700));
      budget.remove("a");

      assertThat(after.events).hasSize(2).isEqualTo(before.events);
    }
  }

  @Test
  void aRemovedListenerHearsNothingMore() {
    Recorder recorder = new Recorder();
    ContextBudget budget = ContextBudget.builder(SMALL).counter(WORDS).listener(recorder).build();
    budget.admit(item("a", 1_700));

    budget.removeListener(recorder);
    budget.remove("a");

    assertThat(recorder.events).hasSize(1);
  }
}
