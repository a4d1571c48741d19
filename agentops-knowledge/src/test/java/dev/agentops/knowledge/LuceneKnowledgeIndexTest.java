package dev.agentops.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.knowledge.internal.Analysis;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneKnowledgeIndexTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path tmp;

  static Learning learning(String id, String title, String what) {
    return Learning.builder(id, LearningKind.LEARNING, title, what, T0).build();
  }

  static List<String> ids(List<IndexHit> hits) {
    return hits.stream().map(IndexHit::id).toList();
  }

  @Nested
  class Searching {
    LuceneKnowledgeIndex index;

    @BeforeEach
    void open() {
      index = LuceneKnowledgeIndex.open(tmp.resolve("index"));
    }

    @AfterEach
    void close() {
      index.close();
    }

    @Test
    void anUpsert_isVisibleToTheNextSearch_withoutACommit() {
      index.upsert(learning("a", "Retry with backoff", "Retry flaky HTTP calls with jitter."));

      assertThat(ids(index.search(IndexQuery.of("backoff", 5)))).containsExactly("a");
      assertThat(index.size()).isEqualTo(1);

      index.upsert(learning("b", "Pin the JDK", "Pin the JDK version in CI with a toolchain."));
      assertThat(ids(index.search(IndexQuery.of("toolchain", 5)))).containsExactly("b");
    }

    @Test
    void listsTheIdsItHolds_afterUpdatesRemovalsAndAReopen() {
      index.upsert(
          List.of(
              learning("a", "Retry with backoff", "Retry flaky calls."),
              learning("b", "Pin the JDK", "Pin it with a toolchain."),
              learning("c", "Shard the tests", "Split the suite.")));
      index.markSynced("s1");
      index.upsert(learning("b", "Pin the JDK again", "Pin it with a toolchain."));
      index.remove(List.of("c"));

      assertThat(index.ids().orElseThrow()).containsExactlyInAnyOrder("a", "b");
      index.close();
      index = LuceneKnowledgeIndex.open(tmp.resolve("index"));
      assertThat(index.ids().orElseThrow()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void wordsAreStemmed_soInflectionsMatch() {
      index.upsert(learning("a", "Retry with backoff", "Retrying failed calls needs jitter."));

      assertThat(ids(index.search(IndexQuery.of("retries fail", 5)))).containsExactly("a");
    }

    @Test
    void aMatchInTheTitle_outranksTheSameMatchInTheBody() {
      index.upsert(
          List.of(
              learning("body", "Keep builds fast", "Split the database migration into steps."),
              learning("title", "Database migration in steps", "Split it to keep builds fast.")));

      assertThat(ids(index.search(IndexQuery.of("database migration", 5))))
          .containsExactly("title", "body");
    }

    @Test
    void tagsAndWhy_areSearched() {
      index.upsert(
          LuceneKnowledgeIndexTest.learning("a", "Use bash -c", "Wrap checks in bash.").toBuilder()
              .tags("zsh")
              .why("Arithmetic in && chains differs between shells.")
              .build());

      assertThat(ids(index.search(IndexQuery.of("zsh", 5)))).containsExactly("a");
      assertThat(ids(index.search(IndexQuery.of("arithmetic", 5)))).containsExactly("a");
    }

    @Test
    void filters_restrictByKindStatusAndLanguage() {
      index.upsert(
          List.of(
              learning("any", "Database tests", "Give each test its own database schema."),
              learning("java", "Database tests", "Use Testcontainers for database tests.")
                  .toBuilder()
                  .applicability(Applicability.of("", "java"))
                  .build(),
              learning("go", "Database tests", "Use a transaction per database test.").toBuilder()
                  .applicability(Applicability.of("", "go"))
                  .kind(LearningKind.PATTERN)
                  .build(),
              learning("old", "Database tests", "Share one database between tests.").toBuilder()
                  .status(LearningStatus.RETIRED)
                  .build()));

      IndexQuery q = IndexQuery.of("database tests", 10);
      assertThat(ids(index.search(q))).containsExactlyInAnyOrder("any", "java", "go");
      assertThat(ids(index.search(q.withLanguage("Java"))))
          .containsExactlyInAnyOrder("any", "java");
      assertThat(ids(index.search(q.withKinds(EnumSet.of(LearningKind.PATTERN)))))
          .containsExactly("go");
      assertThat(ids(index.search(q.withStatuses(EnumSet.of(LearningStatus.RETIRED)))))
          .containsExactly("old");
      assertThat(ids(index.search(q.withStatuses(EnumSet.noneOf(LearningStatus.class)))))
          .hasSize(4);
    }

    @Test
    void anUpsertOfAnId_replacesIt_andRemoveTakesItOut() {
      index.upsert(learning("a", "Old title", "Mentions kubernetes."));
      index.upsert(learning("a", "New title", "Mentions nomad."));

      assertThat(index.size()).isEqualTo(1);
      assertThat(index.search(IndexQuery.of("kubernetes", 5))).isEmpty();
      assertThat(ids(index.search(IndexQuery.of("nomad", 5)))).containsExactly("a");

      index.remove(List.of("a", "never-there"));
      assertThat(index.size()).isZero();
      assertThat(index.search(IndexQuery.of("nomad", 5))).isEmpty();
    }

    @Test
    void aQueryWithNoSearchableTerm_findsNothing() {
      index.upsert(learning("a", "The title", "Some text."));

      assertThat(index.search(IndexQuery.of("the of and", 5))).isEmpty();
      assertThat(index.search(IndexQuery.of("", 5))).isEmpty();
    }

    @Test
    void theLimit_boundsTheHits_bestFirst() {
      for (int i = 0; i < 30; i++) {
        index.upsert(learning("l-" + i, "Caching " + i, "cache ".repeat(1 + i % 5) + "note " + i));
      }
      List<IndexHit> hits = index.search(IndexQuery.of("cache", 7));

      assertThat(hits).hasSize(7);
      assertThat(hits).isSortedAccordingTo((x, y) -> Double.compare(y.score(), x.score()));
    }

    @Test
    void rebuild_replacesEverything_andMarksTheCommit() {
      index.upsert(learning("stale", "Stale", "Only before the rebuild."));
      index.rebuild(
          List.of(learning("fresh", "Fresh", "After the rebuild.")), Optional.of("c0ffee"));

      assertThat(index.size()).isEqualTo(1);
      assertThat(index.search(IndexQuery.of("before", 5))).isEmpty();
      assertThat(index.syncedTo()).contains("c0ffee");
    }
  }

  @Nested
  class Persistence {

    @Test
    void aMarkedIndex_reopensWithItsContentAndCommit() {
      Path dir = tmp.resolve("index");
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(dir)) {
        index.upsert(learning("a", "Retry with backoff", "Retry flaky calls."));
        index.markSynced("abc123");
        assertThat(index.syncedTo()).contains("abc123");
      }
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(dir)) {
        assertThat(index.syncedTo()).contains("abc123");
        assertThat(ids(index.search(IndexQuery.of("backoff", 5)))).containsExactly("a");
      }
    }

    @Test
    void anUpdateAfterTheMark_clearsIt_soAReopenKnowsToRebuild() {
      Path dir = tmp.resolve("index");
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(dir)) {
        index.upsert(learning("a", "Retry with backoff", "Retry flaky calls."));
        index.markSynced("abc123");
        index.upsert(learning("b", "Pin the JDK", "Use a toolchain."));
        assertThat(index.syncedTo()).isEmpty();
      }
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(dir)) {
        assertThat(index.syncedTo()).isEmpty();
        assertThat(index.size()).isEqualTo(2);
      }
    }

    @Test
    void anUnreadableIndex_isDiscarded_andStartsEmpty() throws IOException {
      Path dir = tmp.resolve("index");
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(dir)) {
        index.upsert(learning("a", "Retry with backoff", "Retry flaky calls."));
        index.markSynced("abc123");
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f :
            files.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) {
          Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
      }

      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(dir)) {
        assertThat(index.size()).isZero();
        assertThat(index.syncedTo()).isEmpty();
        index.upsert(learning("b", "Pin the JDK", "Use a toolchain."));
        assertThat(ids(index.search(IndexQuery.of("toolchain", 5)))).containsExactly("b");
      }
    }

    @Test
    void aDirectoryInUse_isRefused_namingIt() {
      Path dir = tmp.resolve("busy");
      try (LuceneKnowledgeIndex first = LuceneKnowledgeIndex.open(dir)) {
        assertThatThrownBy(() -> LuceneKnowledgeIndex.open(dir))
            .isInstanceOf(KnowledgeIndexException.class)
            .hasMessageContaining("'busy'")
            .hasMessageContaining("open in another process");
        first.upsert(learning("a", "Still", "Works."));
        assertThat(first.size()).isEqualTo(1);
      }
    }

    @Test
    void inMemory_isAnEmptyIndex() {
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.inMemory()) {
        assertThat(index.size()).isZero();
        index.upsert(learning("a", "Retry with backoff", "Retry flaky calls."));
        assertThat(ids(index.search(IndexQuery.of("retry", 5)))).containsExactly("a");
      }
    }
  }

  @Nested
  class TopHits {

    static final String[] WORDS = {
      "build",
      "cache",
      "maven",
      "test",
      "flaky",
      "retry",
      "timeout",
      "docker",
      "schema",
      "toolchain",
      "pipeline",
      "artifact",
      "lint",
      "shell",
      "lockfile",
      "release",
      "deploy",
      "rollback",
      "config",
      "secret",
      "index",
      "query",
      "memory",
      "thread",
      "queue",
      "worker"
    };

    static String text(Random r, int words) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < words; i++) {
        // skewed, so that some words match most learnings and scores often tie
        b.append(WORDS[(int) (WORDS.length * Math.pow(r.nextDouble(), 2))]).append(' ');
      }
      return b.toString();
    }

    @Test
    void aTopKSearch_returnsTheFirstKHitsOfTheFullRanking() {
      long seed = 0x70BL;
      Random r = new Random(seed);
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.inMemory()) {
        List<Learning> learnings = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
          learnings.add(learning("l-" + i, text(r, 2 + r.nextInt(5)), text(r, 5 + r.nextInt(20))));
        }
        // several segments, so that hits are collected across leaves
        for (int from = 0; from < learnings.size(); from += 700) {
          index.upsert(learnings.subList(from, Math.min(learnings.size(), from + 700)));
          index.search(IndexQuery.of("build", 1));
        }
        for (int q = 0; q < 40; q++) {
          String task = text(r, 1 + r.nextInt(6));
          List<IndexHit> all = index.search(IndexQuery.of(task, 5_000));
          assertThat(all.size())
              .as("seed %d, query '%s' matches many", seed, task)
              .isGreaterThan(40);
          for (int k : new int[] {1, 10, 40}) {
            assertThat(index.search(IndexQuery.of(task, k)))
                .as("seed %d, query '%s', top %d", seed, task, k)
                .containsExactlyElementsOf(all.subList(0, k));
          }
        }
      }
    }

    @Test
    void searchesSharingTerms_scoreAsOnAFreshIndex_acrossUpdates() {
      long seed = 0x7E2L;
      Random r = new Random(seed);
      List<Learning> first = new ArrayList<>();
      List<Learning> second = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        (i < 400 ? first : second)
            .add(learning("l-" + i, text(r, 2 + r.nextInt(5)), text(r, 5 + r.nextInt(20))));
      }
      List<String> tasks = new ArrayList<>();
      for (int q = 0; q < 30; q++) {
        tasks.add(text(r, 1 + r.nextInt(6)));
      }
      try (LuceneKnowledgeIndex warm = LuceneKnowledgeIndex.inMemory()) {
        warm.upsert(first);
        for (String task : tasks) {
          warm.search(IndexQuery.of(task, 10));
        }
        warm.upsert(second);
        try (LuceneKnowledgeIndex fresh = LuceneKnowledgeIndex.inMemory()) {
          fresh.upsert(first);
          fresh.upsert(second);
          for (String task : tasks) {
            // twice on the warm index: its term states are cached by the first search
            for (int pass = 0; pass < 2; pass++) {
              long misses = warm.termCacheMisses();
              assertThat(warm.search(IndexQuery.of(task, 10)))
                  .as("seed %d, query '%s', pass %d", seed, task, pass)
                  .containsExactlyElementsOf(fresh.search(IndexQuery.of(task, 10)));
              if (pass == 1) {
                assertThat(warm.termCacheMisses())
                    .as("query '%s' again: every term's states come from the cache", task)
                    .isEqualTo(misses);
              }
            }
          }
          assertThat(warm.termCacheHits()).as("the second passes hit the cache").isPositive();
        }
      }
    }

    @Test
    void theTermCache_answersARepeatedSearch_andIsDroppedWhenTheIndexChangesOrCloses() {
      Random r = new Random(0xCAC4EL);
      List<Learning> first = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        first.add(learning("l-" + i, text(r, 3), text(r, 10)));
      }
      String task = "flaky maven build timeout";
      // a term in the heading and a term in the body for each of the query's terms
      int lookups = 2 * Analysis.terms(task, LuceneKnowledgeIndex.MAX_QUERY_TERMS).size();
      assertThat(lookups).isEqualTo(8);
      LuceneKnowledgeIndex index = LuceneKnowledgeIndex.inMemory();
      try {
        index.upsert(first);
        List<IndexHit> before = index.search(IndexQuery.of(task, 10));
        assertThat(index.termCacheMisses()).isEqualTo(lookups);
        assertThat(index.termCacheHits()).isZero();
        assertThat(index.cachedTerms()).isEqualTo(lookups);

        assertThat(index.search(IndexQuery.of(task, 10))).isEqualTo(before);
        assertThat(index.termCacheHits()).as("the same search again").isEqualTo(lookups);
        assertThat(index.termCacheMisses()).isEqualTo(lookups);

        index.upsert(learning("l-new", "flaky build", "the maven build times out"));
        assertThat(index.size()).isEqualTo(201);
        assertThat(index.cachedTerms())
            .as("the states of the reader before the update are dropped when the index refreshes")
            .isZero();
        index.search(IndexQuery.of(task, 10));
        assertThat(index.termCacheMisses())
            .as("after an update every term is looked up afresh")
            .isEqualTo(2L * lookups);
        assertThat(index.termCacheHits()).isEqualTo(lookups);
        assertThat(index.cachedTerms()).isEqualTo(lookups);
      } finally {
        index.close();
      }
      assertThat(index.cachedTerms()).as("a closed index holds no states").isZero();
    }
  }

  @Nested
  class Similarity {

    /** The similarities the gate would compute by hand, over the learnings given, best first. */
    List<IndexHit> byHand(String text, Collection<Learning> learnings) {
      Set<String> terms = Analysis.terms(text, Analysis.MAX_COMPARED_TERMS);
      List<IndexHit> out = new ArrayList<>();
      for (Learning l : learnings) {
        double s =
            Analysis.jaccard(
                terms, Analysis.terms(l.title() + "\n" + l.what(), Analysis.MAX_COMPARED_TERMS));
        if (s > 0) {
          out.add(new IndexHit(l.id(), s));
        }
      }
      out.sort(Comparator.comparingDouble(IndexHit::score).reversed());
      return out;
    }

    void assertSimilarAsByHand(
        LuceneKnowledgeIndex index, Map<String, Learning> live, Random r, long seed) {
      for (int q = 0; q < 40; q++) {
        String text = TopHits.text(r, 2 + r.nextInt(12));
        List<IndexHit> expected = byHand(text, live.values());
        for (int k : new int[] {1, 10, 50}) {
          List<IndexHit> got = index.similar(text, k).orElseThrow();
          assertThat(got.stream().map(IndexHit::score).toList())
              .as("seed %d, text '%s', top %d: the similarities", seed, text, k)
              .isEqualTo(
                  expected.subList(0, Math.min(k, expected.size())).stream()
                      .map(IndexHit::score)
                      .toList());
          for (IndexHit h : got) {
            assertThat(live).as("seed %d: a live learning", seed).containsKey(h.id());
            assertThat(expected)
                .as("seed %d, text '%s': hit %s has its similarity", seed, text, h.id())
                .contains(h);
          }
        }
      }
    }

    @Test
    void similar_isTheExactJaccardTopK_acrossSegmentsUpdatesRemovalsAndAReopen() {
      long seed = 0x51A1L;
      Random r = new Random(seed);
      Map<String, Learning> live = new LinkedHashMap<>();
      Path dir = tmp.resolve("similar");
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(dir)) {
        for (int batch = 0; batch < 5; batch++) {
          List<Learning> learnings = new ArrayList<>();
          for (int i = 0; i < 300; i++) {
            Learning l =
                learning(
                    "l-" + r.nextInt(1_200),
                    TopHits.text(r, 2 + r.nextInt(5)),
                    TopHits.text(r, 5 + r.nextInt(20)));
            learnings.add(l);
            live.put(l.id(), l);
          }
          // a new segment each time, and earlier versions of some ids deleted from old ones
          index.upsert(learnings);
          index.similar("build", 1);
          List<String> gone = new ArrayList<>(live.keySet()).subList(0, 20);
          index.remove(List.copyOf(gone));
          live.keySet().removeAll(List.copyOf(gone));
        }
        assertSimilarAsByHand(index, live, r, seed);
      }
      try (LuceneKnowledgeIndex reopened = LuceneKnowledgeIndex.open(dir)) {
        assertThat(reopened.size()).isEqualTo(live.size());
        assertSimilarAsByHand(reopened, live, r, seed);
      }
    }

    @Test
    void aLargeRebuild_holdsEveryLearning_asAddedOneByOne() {
      long seed = 0x4EB1L;
      Random r = new Random(seed);
      Map<String, Learning> live = new LinkedHashMap<>();
      for (int i = 0; i < LuceneKnowledgeIndex.PARALLEL_REBUILD + 500; i++) {
        Learning l =
            learning(
                "l-" + i, TopHits.text(r, 2 + r.nextInt(5)), TopHits.text(r, 5 + r.nextInt(20)));
        live.put(l.id(), l);
      }
      try (LuceneKnowledgeIndex rebuilt = LuceneKnowledgeIndex.inMemory();
          LuceneKnowledgeIndex added = LuceneKnowledgeIndex.inMemory()) {
        rebuilt.rebuild(live.values(), Optional.of("state"));
        added.upsert(live.values());
        assertThat(rebuilt.size()).isEqualTo(live.size());
        // in the learnings' order: the slices are added in theirs
        assertThat(rebuilt.ids().orElseThrow()).containsExactlyElementsOf(live.keySet());
        assertThat(rebuilt.syncedTo()).contains("state");
        for (int q = 0; q < 30; q++) {
          String task = TopHits.text(r, 1 + r.nextInt(6));
          // same scores; equal scores may come in another order, segments being flushed and
          // merged at other points
          assertThat(rebuilt.search(IndexQuery.of(task, 20)).stream().map(IndexHit::score))
              .as("seed %d, query '%s'", seed, task)
              .containsExactlyElementsOf(
                  added.search(IndexQuery.of(task, 20)).stream().map(IndexHit::score).toList());
        }
        assertSimilarAsByHand(rebuilt, live, r, seed);
      }
    }

    @Test
    void aLargeRebuild_buildsOnThePoolsThreads_notAThreadPerBatch() {
      Random r = new Random(0x7B7EL);
      List<Learning> learnings = new ArrayList<>();
      for (int i = 0; i < LuceneKnowledgeIndex.PARALLEL_REBUILD * 4; i++) {
        learnings.add(learning("l-" + i, TopHits.text(r, 3), TopHits.text(r, 8)));
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.inMemory()) {
        long before = threads.getTotalStartedThreadCount();
        index.rebuild(learnings, Optional.empty());
        long started = threads.getTotalStartedThreadCount() - before;
        assertThat(index.size()).isEqualTo(learnings.size());
        // at most the pool's own workers start (never a thread per task), and a little slack
        assertThat(started).isLessThanOrEqualTo(ForkJoinPool.getCommonPoolParallelism() + 2L);
      }
    }

    /** Pieces of awkward text: contractions, numbers, punctuation, other scripts, marks. */
    static final String[] AWKWARD = {
      "Don't",
      "it's",
      "the",
      "JDK's",
      "3.9.6",
      "2026-03-01",
      "x86_64",
      "`mvn -o`",
      "a/b",
      "e\u0301",
      "\u0301lead",
      "ünïcode",
      "жёлтый",
      "中文字",
      "🙂",
      "👩\u200d💻",
      "--flag",
      "foo.bar",
      "C++",
      "#tag",
      "x".repeat(300),
      "retries",
      "retried",
      "Retry!",
      " ",
      "\n",
      "\t",
      ", ",
      ". "
    };

    static String awkward(Random r, int pieces) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < pieces; i++) {
        b.append(AWKWARD[r.nextInt(AWKWARD.length)]).append(r.nextInt(3) == 0 ? "" : " ");
      }
      return b.toString();
    }

    @Test
    void theComparedTerms_areTheGatesTerms_forAwkwardText() {
      long seed = 0xA3C4L;
      Random r = new Random(seed);
      for (int i = 0; i < 3_000; i++) {
        String title = awkward(r, r.nextInt(6));
        String what = awkward(r, r.nextInt(30));
        assertThat(LuceneKnowledgeIndex.similarTerms(Analysis.tokens(title), Analysis.tokens(what)))
            .as("seed %d, text %d: '%s' / '%s'", seed, i, title, what)
            .isEqualTo(
                String.join(" ", Analysis.terms(title + "\n" + what, Analysis.MAX_COMPARED_TERMS)));
      }
    }

    @Test
    void theTextFields_scoreAsTheAnalyzerWouldIndexThem() throws IOException {
      long seed = 0x7E47L;
      Random r = new Random(seed);
      List<Learning> learnings = new ArrayList<>();
      for (int i = 0; i < 800; i++) {
        learnings.add(
            Learning.builder(
                    "l-" + i,
                    LearningKind.LEARNING,
                    TopHits.text(r, 2 + r.nextInt(5)) + (i % 7 == 0 ? awkward(r, 4) : ""),
                    TopHits.text(r, 5 + r.nextInt(20)) + (i % 3 == 0 ? awkward(r, 8) : ""),
                    T0)
                .why(TopHits.text(r, r.nextInt(8)))
                .tags(List.of("tag-" + r.nextInt(5), TopHits.text(r, 1).strip()))
                .build());
      }
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.inMemory();
          ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
        index.upsert(learnings);
        // the reference: the analyzer indexes the joined texts itself, positions and all
        try (IndexWriter writer =
            new IndexWriter(dir, new IndexWriterConfig(Analysis.analyzer()))) {
          for (Learning l : learnings) {
            Document d = new Document();
            d.add(new StringField(LuceneKnowledgeIndex.ID, l.id(), Field.Store.YES));
            d.add(
                new TextField(
                    LuceneKnowledgeIndex.HEAD,
                    l.title() + "\n" + String.join(" ", l.tags()),
                    Field.Store.NO));
            d.add(
                new TextField(
                    LuceneKnowledgeIndex.BODY, l.what() + "\n" + l.why(), Field.Store.NO));
            writer.addDocument(d);
          }
        }
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
          IndexSearcher searcher = new IndexSearcher(reader);
          for (int q = 0; q < 40; q++) {
            String task = TopHits.text(r, 1 + r.nextInt(6)) + (q % 3 == 0 ? awkward(r, 3) : "");
            Query query = LuceneKnowledgeIndex.query(IndexQuery.of(task, 10), TermQuery::new);
            List<IndexHit> expected = new ArrayList<>();
            for (ScoreDoc sd : searcher.search(query, 10).scoreDocs) {
              expected.add(
                  new IndexHit(
                      searcher.storedFields().document(sd.doc).get(LuceneKnowledgeIndex.ID),
                      sd.score));
            }
            assertThat(index.search(IndexQuery.of(task, 10)))
                .as("seed %d, query '%s'", seed, task)
                .containsExactlyElementsOf(expected);
          }
        }
      }
    }

    /** Writes an index as the first format did: text with positions, no format in the commit. */
    void writeFirstFormatIndex(Path path) throws IOException {
      try (FSDirectory dir = FSDirectory.open(path);
          IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(Analysis.analyzer()))) {
        Document d = new Document();
        d.add(new StringField(LuceneKnowledgeIndex.ID, "a", Field.Store.NO));
        d.add(new TextField(LuceneKnowledgeIndex.HEAD, "Retry with backoff", Field.Store.NO));
        d.add(new TextField(LuceneKnowledgeIndex.BODY, "Retry flaky calls.", Field.Store.NO));
        writer.addDocument(d);
        writer.setLiveCommitData(Map.of("agentops.storeState", "abc123").entrySet());
        writer.commit();
      }
    }

    @Test
    void anIndexOfAnEarlierFormat_isStartedAgain_insteadOfMixingFields() throws IOException {
      Path path = tmp.resolve("old");
      writeFirstFormatIndex(path);
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(path)) {
        assertThat(index.syncedTo()).as("its state is not trusted").isEmpty();
        assertThat(index.size()).isZero();
        index.upsert(learning("b", "Pin the JDK", "Use a toolchain."));
        assertThat(ids(index.search(IndexQuery.of("toolchain", 5)))).containsExactly("b");
        index.markSynced("def456");
      }
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(path)) {
        assertThat(index.syncedTo()).as("the new format is kept").contains("def456");
        assertThat(index.size()).isEqualTo(1);
      }
    }

    @Test
    void anIndexOpenedAndClosedWithoutChanges_isNotCommittedAgain() throws IOException {
      Path path = tmp.resolve("unchanged");
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(path)) {
        index.upsert(learning("a", "Retry with backoff", "Retry flaky calls."));
        index.markSynced("abc123");
      }
      long generation;
      try (FSDirectory dir = FSDirectory.open(path)) {
        generation = SegmentInfos.readLatestCommit(dir).getGeneration();
      }
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(path)) {
        assertThat(index.syncedTo()).contains("abc123");
      }
      try (FSDirectory dir = FSDirectory.open(path)) {
        SegmentInfos latest = SegmentInfos.readLatestCommit(dir);
        assertThat(latest.getGeneration()).isEqualTo(generation);
        assertThat(latest.getUserData())
            .containsEntry("agentops.indexFormat", LuceneKnowledgeIndex.FORMAT_VERSION)
            .containsEntry("agentops.storeState", "abc123");
      }
    }

    @Test
    void anIndexOfAnEarlierFormat_closedWithoutAMark_isOfTheNewFormat_andUnsynced()
        throws IOException {
      Path path = tmp.resolve("old-unmarked");
      writeFirstFormatIndex(path);
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(path)) {
        assertThat(index.size()).isZero();
      }
      try (FSDirectory dir = FSDirectory.open(path)) {
        assertThat(SegmentInfos.readLatestCommit(dir).getUserData())
            .containsEntry("agentops.indexFormat", LuceneKnowledgeIndex.FORMAT_VERSION)
            .doesNotContainKey("agentops.storeState");
      }
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(path)) {
        assertThat(index.syncedTo()).isEmpty();
        index.upsert(learning("b", "Pin the JDK", "Use a toolchain."));
        assertThat(ids(index.search(IndexQuery.of("toolchain", 5)))).containsExactly("b");
      }
    }

    @Test
    void similar_refusesALimitBelowOne_andFindsNothingForATextWithoutTerms() {
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.inMemory()) {
        index.upsert(learning("a", "Retry with backoff", "Retry flaky calls."));
        assertThatThrownBy(() -> index.similar("retry", 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("limit");
        assertThat(index.similar("the and of", 5)).contains(List.of());
        assertThat(index.similar("retry backoff", 5).orElseThrow())
            .containsExactly(new IndexHit("a", 2.0 / 4));
        // a limit far over the index's size takes no more room than the size
        assertThat(index.similar("retry backoff", Integer.MAX_VALUE).orElseThrow())
            .containsExactly(new IndexHit("a", 2.0 / 4));
      }
    }
  }
}
