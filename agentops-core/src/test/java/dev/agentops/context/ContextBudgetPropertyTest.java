package dev.agentops.context;

import static dev.agentops.context.ContextFixtures.SMALL;
import static dev.agentops.context.ContextFixtures.WORDS;
import static dev.agentops.context.ContextFixtures.idOf;
import static dev.agentops.context.ContextFixtures.prose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.llm.ChatRole;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The promise of Factor I, as properties over seeded random histories: nothing in the budget ever
 * puts the window past the cap, the bookkeeping always agrees with the items, and compaction never
 * loses anything.
 */
class ContextBudgetPropertyTest {

  /**
   * Seeds per combination of compactor and trigger; raise it for a deeper search with {@code
   * -Dagentops.context.seeds=2000}. Every seed is printed with any failure it finds.
   */
  private static final int SEEDS = Integer.getInteger("agentops.context.seeds", 100);

  private static final int OPERATIONS = 300;

  /** The built-in compaction strategies. */
  enum Strategy {
    DROP_OLDEST,
    EXTRACTIVE;

    Compactor create() {
      return this == DROP_OLDEST ? Compactors.dropOldest() : Compactors.extractive();
    }
  }

  /** The built-in triggers. */
  enum When {
    AT_COMPACT_LEVEL,
    WHEN_FULL,
    NEVER;

    CompactionTrigger create() {
      switch (this) {
        case AT_COMPACT_LEVEL:
          return CompactionTrigger.atLevel(BudgetLevel.COMPACT);
        case WHEN_FULL:
          return CompactionTrigger.whenFull();
        default:
          return CompactionTrigger.never();
      }
    }
  }

  static Stream<Arguments> histories() {
    List<Arguments> all = new ArrayList<>();
    for (Strategy strategy : Strategy.values()) {
      for (When when : When.values()) {
        LongStream.rangeClosed(1, SEEDS)
            .forEach(seed -> all.add(Arguments.of(strategy, when, seed)));
      }
    }
    return all.stream();
  }

  static LongStream realTextSeeds() {
    return LongStream.rangeClosed(1, Math.max(1, SEEDS / 8));
  }

  @Nested
  class RandomHistories {

    @ParameterizedTest(name = "{0}, {1}, seed {2}")
    @MethodSource("dev.agentops.context.ContextBudgetPropertyTest#histories")
    void keepEveryPromiseAfterEveryOperation(Strategy strategy, When when, long seed) {
      History history = new History(seed, strategy, when, WORDS);

      history.run(OPERATIONS);

      history.checkArchiveHoldsEverythingThatLeft();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("dev.agentops.context.ContextBudgetPropertyTest#realTextSeeds")
    void keepEveryPromiseWhenCountedWithTheRealTokenizer(long seed) {
      Strategy strategy = Strategy.values()[(int) (seed % Strategy.values().length)];
      History history =
          new History(seed, strategy, When.AT_COMPACT_LEVEL, ModelTokenCounter.forProfile(SMALL));

      history.run(OPERATIONS);

      history.checkArchiveHoldsEverythingThatLeft();
    }
  }

  /** The configurations the concurrent admissions run with. */
  enum Concurrency {
    DROP_OLDEST_AT_COMPACT_LEVEL,
    EXTRACTIVE_WHEN_FULL,
    NO_COMPACTION
  }

  @Nested
  class ConcurrentAdmissions {

    private static final int THREADS = 8;
    private static final int ADMITS = 500;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Concurrency.class)
    void neverExceedTheCapAndKeepTheBookkeepingExact(Concurrency mode) throws Exception {
      long seed = 20_260_000L + mode.ordinal();
      ContextBudget.Builder builder = ContextBudget.builder(SMALL).counter(WORDS);
      switch (mode) {
        case DROP_OLDEST_AT_COMPACT_LEVEL:
          builder
              .compactor(Compactors.dropOldest())
              .trigger(CompactionTrigger.atLevel(BudgetLevel.COMPACT));
          break;
        case EXTRACTIVE_WHEN_FULL:
          builder.compactor(Compactors.extractive()).trigger(CompactionTrigger.whenFull());
          break;
        default:
          builder.trigger(CompactionTrigger.never());
      }
      ContextBudget budget = builder.build();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<Map<String, ContextItem>>> results = new ArrayList<>();
      List<Admission> admissions = Collections.synchronizedList(new ArrayList<>());
      try {
        for (int t = 0; t < THREADS; t++) {
          Random random = new Random(seed * 31 + t);
          int thread = t;
          results.add(
              pool.submit(() -> {
                Map<String, ContextItem> admitted = new LinkedHashMap<>();
                start.await();
                for (int i = 0; i < ADMITS; i++) {
                  ContextItem item = concurrentItem(random, thread, i);
                  Admission a = budget.admit(item);
                  admissions.add(a);
                  if (a.admitted()) {
                    String id = idOf(a);
                    admitted.put(id, item.id().isPresent() ? item : item.withId(id));
                  }
                }
                return admitted;
              }));
        }
        start.countDown();
        Map<String, ContextItem> admitted = new HashMap<>();
        for (Future<Map<String, ContextItem>> f : results) {
          for (Map.Entry<String, ContextItem> e : f.get(60, TimeUnit.SECONDS).entrySet()) {
            assertThat(admitted.put(e.getKey(), e.getValue()))
                .as("seed %d: id '%s' was handed out twice", seed, e.getKey())
                .isNull();
          }
        }

        assertThat(admissions).hasSize(THREADS * ADMITS);
        for (Admission a : admissions) {
          assertThat(a.status().usedTokens())
              .as("seed %d: %s", seed, a)
              .isLessThanOrEqualTo(budget.capacityTokens());
        }
        if (mode == Concurrency.NO_COMPACTION) {
          assertThat(admissions).noneMatch(a -> a instanceof Admission.AdmittedAfterCompaction);
        }
        List<ContextItem> items = budget.items();
        long sum = 0;
        Set<String> present = new HashSet<>();
        for (ContextItem item : items) {
          String id = item.id().orElseThrow();
          assertThat(present.add(id)).as("seed %d: duplicate id '%s'", seed, id).isTrue();
          sum += budget.tokensOf(id).orElseThrow();
        }
        BudgetStatus status = budget.status();
        assertThat(status.usedTokens())
            .as("seed %d", seed)
            .isEqualTo(sum)
            .isLessThanOrEqualTo(budget.capacityTokens());
        assertThat(status.items()).as("seed %d", seed).isEqualTo(items.size());
        for (Map.Entry<String, ContextItem> e : admitted.entrySet()) {
          if (!present.contains(e.getKey())) {
            assertThat(budget.archived(e.getKey()))
                .as("seed %d: '%s' left the budget and must be archived", seed, e.getKey())
                .contains(e.getValue());
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }

    private ContextItem concurrentItem(Random random, int thread, int i) {
      int words = random.nextInt(10) == 0 ? 100 + random.nextInt(300) : 1 + random.nextInt(40);
      String text = prose(random, words);
      switch (random.nextInt(4)) {
        case 0:
          return ContextItem.assistant(text);
        case 1:
          return ContextItem.builder(ContextKind.FILE, text).priority(random.nextInt(3)).build();
        case 2:
          return ContextItem.builder(ContextKind.MESSAGE, text).id("t" + thread + "-" + i).build();
        default:
          return ContextItem.user(text);
      }
    }
  }

  /**
   * One random history against one budget, checked after every operation against a model of what
   * the budget promises.
   */
  static final class History {

    private final long seed;
    private final Random random;
    private final When when;
    private final TokenCounter counter;
    private final ContextBudget budget;
    private final long capacity;
    private final List<CompactionReport> reports = new ArrayList<>();

    /** Every item that has been in the budget, as it was there. */
    private final Map<String, ContextItem> known = new HashMap<>();

    /** Ids that left the budget other than by the release of an ephemeral item. */
    private final Set<String> departed = new HashSet<>();

    /** What each content was counted at, so that checking does not recount it. */
    private final Map<String, Integer> counts = new HashMap<>();

    private final List<String> sources = new ArrayList<>();
    private final List<String> openCalls = new ArrayList<>();
    private final List<String> closedCalls = new ArrayList<>();
    private int calls;
    private int step;
    private String operation = "";

    History(long seed, Strategy strategy, When when, TokenCounter counter) {
      this.seed = seed;
      this.random = new Random(seed);
      this.when = when;
      this.counter = counter;
      this.budget =
          ContextBudget.builder(SMALL)
              .counter(counter)
              .compactor(strategy.create())
              .trigger(when.create())
              .listener(
                  new BudgetListener() {
                    @Override
                    public void compacted(CompactionReport report) {
                      reports.add(report);
                    }
                  })
              .build();
      this.capacity = budget.capacityTokens();
    }

    void run(int operations) {
      for (step = 0; step < operations; step++) {
        List<ContextItem> before = budget.items();
        reports.clear();
        int dice = random.nextInt(100);
        try {
          if (dice < 60) {
            admit(before);
          } else if (dice < 70) {
            remove(before);
          } else if (dice < 80) {
            load(before);
          } else if (dice < 87) {
            release(before);
          } else {
            compact(before);
          }
        } catch (RuntimeException e) {
          throw new AssertionError(where() + ": unexpected " + e, e);
        }
      }
    }

    void checkArchiveHoldsEverythingThatLeft() {
      Set<String> present = ids(budget.items());
      for (String id : departed) {
        if (!present.contains(id)) {
          assertThat(budget.archived(id))
              .as("%s: '%s' left the budget and must be archived as it was", where(), id)
              .contains(known.get(id));
        }
      }
    }

    private String where() {
      return "seed " + seed + ", step " + step + " (" + operation + ")";
    }

    // --- operations ---

    private void admit(List<ContextItem> before) {
      ContextItem offered = nextItem();
      operation = "admit " + offered;
      int tokens = tokensOf(offered);
      boolean inBudget = offered.id().map(ids(before)::contains).orElse(false);
      boolean namesAnotherArchivedItem =
          offered
              .id()
              .map(id -> departed.contains(id) && !known.get(id).equals(offered))
              .orElse(false);
      if (tokens > capacity || inBudget || namesAnotherArchivedItem) {
        assertThatThrownBy(() -> budget.admit(offered))
            .as(where())
            .isInstanceOf(IllegalArgumentException.class);
        check(before, idList(before), Map.of(), Set.of());
        return;
      }
      Admission a = budget.admit(offered);
      outcome(before, a, tokens, offered);
    }

    private void load(List<ContextItem> before) {
      String sourceId =
          !sources.isEmpty() && random.nextInt(3) == 0
              ? sources.get(random.nextInt(sources.size()))
              : "src/" + sources.size() + ".md";
      if (!sources.contains(sourceId)) {
        sources.add(sourceId);
      }
      ContextKind kind = random.nextBoolean() ? ContextKind.FILE : ContextKind.RESEARCH;
      String content = prose(random, size());
      ContextItem expected =
          ContextItem.builder(kind, content)
              .sourceId(sourceId)
              .ephemeral(true)
              .pinned(false)
              .build();
      int tokens = tokensOf(expected);
      int estimate;
      switch (random.nextInt(5)) {
        case 0:
          estimate = tokens / 3;
          break;
        case 1:
          estimate = tokens * 2;
          break;
        case 2:
          estimate = (int) capacity + 1 + random.nextInt(100);
          break;
        default:
          estimate = tokens;
      }
      operation = "load " + sourceId + " (" + tokens + " tokens, estimated " + estimate + ")";
      int[] loads = {0};
      ContextSource source =
          ContextSource.of(
              sourceId,
              kind,
              estimate,
              () -> {
                loads[0]++;
                return content;
              });

      long free = capacity - budget.status().usedTokens();
      long needs = (long) estimate + TokenCounter.MESSAGE_OVERHEAD;

      Admission a = budget.load(source);

      if (needs > capacity) {
        assertThat(a).as(where()).isInstanceOf(Admission.Rejected.class);
        assertThat(loads[0]).as("%s: an oversized estimate is not loaded", where()).isZero();
        assertThat(reports).as(where()).isEmpty();
        check(before, idList(before), Map.of(), Set.of());
        return;
      }
      if (needs <= free) {
        assertThat(loads[0])
            .as("%s: an estimate that fits the free space is loaded", where())
            .isEqualTo(1);
      }
      if (loads[0] == 0) {
        assertThat(a).as(where()).isInstanceOf(Admission.Rejected.class);
        assertThat(((Admission.Rejected) a).reason()).as(where()).contains("it was not loaded");
        assertThat(needs)
            .as("%s: not loaded, so even after any compaction the estimate did not fit", where())
            .isGreaterThan(budget.status().remainingTokens());
        if (when == When.NEVER) {
          assertThat(reports).as(where()).isEmpty();
        }
        check(before, afterReports(idList(before)), Map.of(), Set.of());
        return;
      }
      assertThat(loads[0]).as(where()).isEqualTo(1);
      if (tokens > capacity) {
        assertThat(a).as(where()).isInstanceOf(Admission.Rejected.class);
        check(before, afterReports(idList(before)), Map.of(), Set.of());
        return;
      }
      outcome(before, a, tokens, expected);
    }

    private void outcome(List<ContextItem> before, Admission a, int tokens, ContextItem offered) {
      BudgetStatus now = budget.status();
      assertThat(a.status())
          .as("%s: the admission's status is the budget's status", where())
          .isEqualTo(now);
      if (when == When.NEVER) {
        assertThat(reports).as("%s: the trigger never compacts", where()).isEmpty();
      }
      List<String> expected = afterReports(idList(before));
      Map<String, ContextItem> added = new HashMap<>();
      if (a instanceof Admission.Rejected r) {
        assertThat(reports).as(where()).hasSizeLessThanOrEqualTo(2);
        assertThat(r.tokens()).as(where()).isEqualTo(tokens);
        assertThat(r.tokensOver())
            .as(where())
            .isPositive()
            .isEqualTo(now.usedTokens() + tokens - capacity);
        offered.id().ifPresent(id -> assertThat(budget.tokensOf(id)).as(where()).isEmpty());
      } else {
        String id = idOf(a);
        offered.id().ifPresent(given -> assertThat(id).as(where()).isEqualTo(given));
        expected.add(id);
        added.put(id, offered.id().isPresent() ? offered : offered.withId(id));
        assertThat(budget.tokensOf(id)).as(where()).contains(tokens);
        if (a instanceof Admission.AdmittedAfterCompaction c && reports.size() == 2) {
          // A load can compact before loading, on its estimate, and again once counted.
          assertThat(c.compaction().tokensBefore())
              .as(where())
              .isEqualTo(reports.get(0).tokensBefore());
          assertThat(c.compaction().tokensAfter())
              .as(where())
              .isEqualTo(reports.get(1).tokensAfter());
        } else if (a instanceof Admission.AdmittedAfterCompaction c) {
          assertThat(reports).as(where()).containsExactly(c.compaction());
        } else {
          assertThat(reports).as(where()).isEmpty();
        }
      }
      check(before, expected, added, Set.of());
    }

    private void remove(List<ContextItem> before) {
      String id =
          before.isEmpty() || random.nextInt(10) == 0
              ? "absent-" + random.nextInt(5)
              : before.get(random.nextInt(before.size())).id().orElseThrow();
      operation = "remove " + id;

      List<ContextItem> removed = budget.remove(id);

      List<ContextItem> expectedRemoved = new ArrayList<>();
      Optional<String> call = Optional.ofNullable(known.get(id)).flatMap(ContextItem::callId);
      for (ContextItem item : before) {
        if (item.id().orElseThrow().equals(id)
            || (call.isPresent() && call.equals(item.callId()))) {
          expectedRemoved.add(item);
        }
      }
      assertThat(removed).as(where()).containsExactlyInAnyOrderElementsOf(expectedRemoved);
      List<String> expected = idList(before);
      Set<String> released = new HashSet<>();
      for (ContextItem item : removed) {
        expected.remove(item.id().orElseThrow());
        if (item.ephemeral()) {
          released.add(item.id().orElseThrow());
        }
      }
      check(before, expected, Map.of(), released);
    }

    private void release(List<ContextItem> before) {
      Set<String> released = new HashSet<>();
      int count;
      if (sources.isEmpty() || random.nextInt(3) == 0) {
        operation = "release every ephemeral item";
        count = budget.releaseEphemeral();
        before.stream().filter(ContextItem::ephemeral).forEach(i -> released.add(id(i)));
      } else {
        String sourceId = sources.get(random.nextInt(sources.size()));
        operation = "release " + sourceId;
        count = budget.release(sourceId);
        before.stream()
            .filter(i -> i.ephemeral() && i.sourceId().equals(Optional.of(sourceId)))
            .forEach(i -> released.add(id(i)));
      }
      assertThat(count).as(where()).isEqualTo(released.size());
      List<String> expected = idList(before);
      expected.removeAll(released);
      check(before, expected, Map.of(), released);
    }

    private void compact(List<ContextItem> before) {
      operation = "compact";
      long usedBefore = budget.status().usedTokens();

      Optional<CompactionReport> report = budget.compact();

      assertThat(report)
          .as(where())
          .isEqualTo(reports.isEmpty() ? Optional.empty() : Optional.of(reports.get(0)));
      assertThat(reports).as(where()).hasSizeLessThanOrEqualTo(1);
      if (usedBefore <= Math.floor(budget.thresholds().warn() * capacity)) {
        assertThat(report).as("%s: nothing to do below the target", where()).isEmpty();
      }
      check(before, afterReports(idList(before)), Map.of(), Set.of());
    }

    // --- the model of the budget ---

    /**
     * Applies this operation's compactions to a list of ids as the budget promises: the removed
     * items, reported in their order in the budget, are replaced by the inserted ones, placed where
     * the first removed item was.
     */
    private List<String> afterReports(List<String> ids) {
      List<String> list = new ArrayList<>(ids);
      for (CompactionReport r : reports) {
        assertThat(r.removedIds()).as(where()).isNotEmpty().doesNotHaveDuplicates();
        List<Integer> positions = new ArrayList<>();
        for (String id : r.removedIds()) {
          positions.add(list.indexOf(id));
          // An id not yet known is a summary an earlier compaction of this operation inserted.
          assertThat(known.containsKey(id) && known.get(id).pinned())
              .as("%s: compaction removed pinned item '%s'", where(), id)
              .isFalse();
        }
        assertThat(positions)
            .as(
                "%s: removed ids %s are reported in their order in the budget",
                where(), r.removedIds())
            .doesNotContain(-1)
            .isSorted();
        assertThat(r.tokensAfter()).as(where()).isLessThan(r.tokensBefore());
        int at = positions.get(0);
        list.removeAll(r.removedIds());
        list.addAll(at, r.insertedIds());
      }
      return list;
    }

    /**
     * Checks the budget after an operation.
     *
     * @param expected the ids the budget must now hold, in order
     * @param admitted the items this operation admitted, as they must be held
     * @param released the ids of ephemeral items this operation released
     */
    private void check(
        List<ContextItem> before,
        List<String> expected,
        Map<String, ContextItem> admitted,
        Set<String> released) {
      List<ContextItem> after = budget.items();
      List<String> afterIds = idList(after);
      assertThat(afterIds).as("%s: ids are unique", where()).doesNotHaveDuplicates();
      assertThat(afterIds)
          .as("%s: the order survives", where())
          .containsExactlyElementsOf(expected);

      // Compared in bulk: one assertion per property keeps 360,000 operations fast.
      BudgetStatus status = budget.status();
      Map<String, Integer> tokens = new LinkedHashMap<>();
      Map<String, Integer> counted = new LinkedHashMap<>();
      long sum = 0;
      for (ContextItem item : after) {
        int t = budget.tokensOf(id(item)).orElseThrow();
        tokens.put(id(item), t);
        counted.put(id(item), tokensOf(item));
        sum += t;
      }
      assertThat(tokens).as("%s: each item's tokens are its count", where()).isEqualTo(counted);
      assertThat(status.usedTokens())
          .as("%s: used tokens are the sum over the items, within the capacity", where())
          .isEqualTo(sum)
          .isLessThanOrEqualTo(capacity);
      assertThat(status.items()).as(where()).isEqualTo(after.size());
      assertThat(status.level())
          .as(where())
          .isEqualTo(budget.thresholds().levelOf(status.fraction()));

      Set<String> beforeIds = ids(before);
      Set<String> inserted = new HashSet<>();
      reports.forEach(r -> inserted.addAll(r.insertedIds()));
      List<ContextItem> kept = new ArrayList<>();
      List<ContextItem> keptAsKnown = new ArrayList<>();
      for (ContextItem item : after) {
        String id = id(item);
        if (beforeIds.contains(id)) {
          kept.add(item);
          keptAsKnown.add(known.get(id));
          continue;
        }
        if (admitted.containsKey(id)) {
          assertThat(item)
              .as("%s: '%s' is held as admitted", where(), id)
              .isEqualTo(admitted.get(id));
        } else {
          assertThat(inserted).as("%s: where does '%s' come from?", where(), id).contains(id);
          assertThat(item.kind()).as(where()).isEqualTo(ContextKind.SUMMARY);
        }
        if (departed.contains(id)) {
          assertThat(item)
              .as("%s: id '%s' already names an archived item", where(), id)
              .isEqualTo(known.get(id));
        }
        known.put(id, item);
      }
      assertThat(kept).as("%s: items that stay are unchanged", where()).isEqualTo(keptAsKnown);

      Set<String> present = ids(after);
      Map<String, Optional<ContextItem>> archived = new LinkedHashMap<>();
      Map<String, Optional<ContextItem>> originals = new LinkedHashMap<>();
      for (String id : beforeIds) {
        if (present.contains(id) || released.contains(id)) {
          continue;
        }
        departed.add(id);
        archived.put(id, budget.archived(id));
        originals.put(id, Optional.of(known.get(id)));
      }
      assertThat(archived)
          .as("%s: what left the budget is archived as it was", where())
          .isEqualTo(originals);

      for (CompactionReport r : reports) {
        for (String id : r.removedIds()) {
          Optional<String> call = Optional.ofNullable(known.get(id)).flatMap(ContextItem::callId);
          if (call.isPresent()) {
            assertThat(after)
                .as(
                    "%s: compaction removed '%s' but kept part of call '%s'",
                    where(), id, call.get())
                .noneMatch(i -> i.callId().equals(call));
          }
        }
      }
    }

    // --- generators ---

    private ContextItem nextItem() {
      String text = prose(random, size());
      int k = random.nextInt(100);
      ContextItem.Builder b;
      if (k < 28) {
        b = ContextItem.builder(ContextKind.MESSAGE, text).role(ChatRole.USER);
      } else if (k < 46) {
        b = ContextItem.builder(ContextKind.MESSAGE, text).role(ChatRole.ASSISTANT);
      } else if (k < 56) {
        String call = "call-" + calls++;
        openCalls.add(call);
        b = ContextItem.builder(ContextKind.MESSAGE, text).role(ChatRole.ASSISTANT).callId(call);
      } else if (k < 66) {
        b = ContextItem.builder(ContextKind.TOOL_RESULT, text).callId(answeredCall());
      } else if (k < 74) {
        b = ContextItem.builder(ContextKind.FILE, text);
        if (!sources.isEmpty() && random.nextBoolean()) {
          b.sourceId(sources.get(random.nextInt(sources.size())));
        }
        if (!openCalls.isEmpty() && random.nextInt(5) == 0) {
          b.callId(openCalls.get(random.nextInt(openCalls.size())));
        }
      } else if (k < 80) {
        b = ContextItem.builder(ContextKind.RESEARCH, text);
      } else if (k < 85) {
        b = ContextItem.builder(ContextKind.KNOWLEDGE, text);
      } else if (k < 89) {
        ContextKind[] pinnedKinds = {
          ContextKind.SYSTEM, ContextKind.INSTRUCTIONS, ContextKind.TOOLS, ContextKind.HANDOFF
        };
        b = ContextItem.builder(pinnedKinds[random.nextInt(pinnedKinds.length)], text);
        if (random.nextBoolean()) {
          b.pinned(false);
        }
      } else if (k < 93) {
        b = ContextItem.builder(ContextKind.SUMMARY, text);
      } else {
        b = ContextItem.builder(ContextKind.MESSAGE, text).role(ChatRole.USER);
      }
      if (random.nextInt(100) < 6) {
        b.pinned(true);
      }
      int[] priorities = {-1, 0, 0, 0, 1, 2};
      b.priority(priorities[random.nextInt(priorities.length)]);
      if (random.nextInt(100) < 12) {
        b.id(explicitId());
      }
      return b.build();
    }

    private String answeredCall() {
      int k = random.nextInt(10);
      if (!openCalls.isEmpty() && k < 8) {
        String call = openCalls.remove(random.nextInt(openCalls.size()));
        closedCalls.add(call);
        return call;
      }
      if (!closedCalls.isEmpty() && k == 8) {
        return closedCalls.get(random.nextInt(closedCalls.size()));
      }
      return "call-" + calls++;
    }

    /** Explicit ids, some shaped like the ones the budget assigns, so that they collide. */
    private String explicitId() {
      switch (random.nextInt(4)) {
        case 0:
          return "note-" + random.nextInt(30);
        case 1:
          return "message-" + random.nextInt(OPERATIONS);
        case 2:
          return "summary-" + random.nextInt(OPERATIONS);
        default:
          return "file-" + random.nextInt(OPERATIONS);
      }
    }

    /** Sizes in words: mostly small, sometimes large, now and then near or past the capacity. */
    private int size() {
      int k = random.nextInt(100);
      if (k < 55) {
        return 1 + random.nextInt(25);
      }
      if (k < 80) {
        return 25 + random.nextInt(150);
      }
      if (k < 94) {
        return 150 + random.nextInt(600);
      }
      return 900 + random.nextInt(950);
    }

    private int tokensOf(ContextItem item) {
      return counts.computeIfAbsent(
          item.content(), c -> counter.count(c) + TokenCounter.MESSAGE_OVERHEAD);
    }

    private static String id(ContextItem item) {
      return item.id().orElseThrow();
    }

    private static List<String> idList(List<ContextItem> items) {
      List<String> ids = new ArrayList<>(items.size());
      items.forEach(i -> ids.add(id(i)));
      return ids;
    }

    private static Set<String> ids(List<ContextItem> items) {
      return new HashSet<>(idList(items));
    }
  }
}
