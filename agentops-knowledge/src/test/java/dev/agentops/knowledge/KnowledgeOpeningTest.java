package dev.agentops.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.core.Fixtures;
import dev.agentops.core.ForwardingReadableStore;
import dev.agentops.core.ForwardingStore;
import dev.agentops.core.FrontMatters;
import dev.agentops.store.Expect;
import dev.agentops.store.GitStore;
import dev.agentops.store.ReadableStore;
import dev.agentops.store.RecordFormat;
import dev.agentops.store.RecordKey;
import dev.agentops.store.Records;
import dev.agentops.store.ScanResult;
import dev.agentops.store.Store;
import dev.agentops.store.StoredRecord;
import dev.agentops.store.Versioned;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Opening a knowledge repository: on an index that reflects the store, no learning is read until
 * used; when the store's learnings moved on, what the flywheel serves is what the store holds; and
 * learnings decode the same through the fast front-matter reader as through the YAML parser.
 */
class KnowledgeOpeningTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final int LEARNINGS = 30;

  @TempDir Path tmp;
  final SettableClock clock = new SettableClock(T0);
  GitStore git;
  Path cache;

  @BeforeEach
  void openStore() {
    git = GitStore.builder(tmp.resolve("repo")).create(true).clock(clock).build();
    cache = tmp.resolve("cache");
  }

  @AfterEach
  void closeStore() {
    git.close();
  }

  static Learning learning(int i) {
    return Learning.builder(
            "lrn-" + i,
            LearningKind.PATTERN,
            "Topic" + i + " pin the toolchain",
            "Step " + i + ": pin the JDK with a toolchain, then cache topic" + i + " in CI.",
            T0.minus(Duration.ofDays(i)))
        .why("Seen in session " + i)
        .tags("build", "t" + i)
        .source(LearningSource.session("s-" + i))
        .confidence(0.8)
        .build();
  }

  /** Writes the learnings straight to the store, then opens and closes a flywheel on the cache. */
  void seedAndWarm() {
    Records<Learning> records = KnowledgeRecords.learnings(git);
    WriteBatch.Builder batch = WriteBatch.builder();
    for (int i = 0; i < LEARNINGS; i++) {
      records.addCreate(batch, learning(i));
    }
    git.write(batch.build());
    try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(cache);
        KnowledgeFlywheel f = KnowledgeFlywheel.builder(git).index(index).clock(clock).build()) {
      assertThat(f.learnings()).hasSize(LEARNINGS);
    }
  }

  /** Every learning as a full read of the store gives it. */
  List<Learning> inStore() {
    return KnowledgeRecords.learnings(git).scan().values().stream().map(Versioned::value).toList();
  }

  @Nested
  class OnAnIndexThatReflectsTheStore {

    @Test
    void noLearningIsRead_untilUsed_andThenOnlyThoseUsed() {
      seedAndWarm();
      CountingStore store = new CountingStore(git);

      try (CountingIndex index = new CountingIndex(LuceneKnowledgeIndex.open(cache));
          KnowledgeFlywheel f =
              KnowledgeFlywheel.builder(store).index(index).clock(clock).build()) {
        assertThat(store.scans).as("scans on opening").isZero();
        assertThat(store.reads).as("reads on opening").isZero();
        assertThat(index.clears).as("rebuilds").isZero();

        List<RetrievedLearning> hits = f.retrieve("topic7", 5);
        assertThat(hits).extracting(r -> r.learning().id()).containsExactly("lrn-7");
        assertThat(store.reads).as("reads after a retrieval of one hit").isEqualTo(1);

        assertThat(f.get("lrn-3")).contains(learning(3));
        assertThat(f.get("lrn-3")).contains(learning(3));
        assertThat(store.reads).as("reads after getting one more, twice").isEqualTo(2);

        assertThat(f.learnings()).isEqualTo(inStore());
        assertThat(store.scans).as("scans to list every learning").isEqualTo(1);
      }
    }

    @Test
    void writesToOtherCollections_keepItWarm() {
      seedAndWarm();
      git.write(
          WriteBatch.builder()
              .put(RecordKey.of("work", "bd-1"), RecordFormat.JSON, "{}")
              .append(KnowledgeRecords.CITATIONS, "other", "{}")
              .build());
      CountingStore store = new CountingStore(git);

      try (CountingIndex index = new CountingIndex(LuceneKnowledgeIndex.open(cache));
          KnowledgeFlywheel f =
              KnowledgeFlywheel.builder(store).index(index).clock(clock).build()) {
        assertThat(store.scans).isZero();
        assertThat(f.retrieve("topic12", 5)).hasSize(1);
      }
    }

    @Test
    void itsOwnCitations_keepItWarm_andAreReadBack() {
      seedAndWarm();
      Learning cited;
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(cache);
          KnowledgeFlywheel f = KnowledgeFlywheel.builder(git).index(index).clock(clock).build()) {
        cited = f.cite(Citation.applied("lrn-4", "s-9", Feedback.HELPFUL, T0));
      }
      CountingStore store = new CountingStore(git);

      try (CountingIndex index = new CountingIndex(LuceneKnowledgeIndex.open(cache));
          KnowledgeFlywheel f =
              KnowledgeFlywheel.builder(store).index(index).clock(clock).build()) {
        assertThat(store.scans).isZero();
        assertThat(index.clears).isZero();
        assertThat(f.get("lrn-4")).contains(cited);
        assertThat(cited.utility()).isNotEqualTo(learning(4).utility());
        assertThat(f.learnings()).isEqualTo(inStore());
      }
    }
  }

  @Nested
  class WhenTheStoresLearningsMovedOn {

    @Test
    void anAddedChangedAndRemovedLearning_areServedAsTheStoreHoldsThem() {
      seedAndWarm();
      anotherWriterChangesThree();

      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(cache);
          KnowledgeFlywheel f = KnowledgeFlywheel.builder(git).index(index).clock(clock).build()) {
        assertThat(f.retrieve("topic100", 5))
            .extracting(r -> r.learning().id())
            .contains("lrn-100");
        assertThat(f.retrieve("marmalade", 5))
            .extracting(r -> r.learning().id())
            .containsExactly("lrn-5");
        assertThat(f.retrieve("topic6", 5)).isEmpty();
        assertThat(f.get("lrn-6")).isEmpty();
        assertThat(f.learnings()).isEqualTo(inStore()).hasSize(LEARNINGS);
      }
      // and the index it left reflects the new state: the next opening reads nothing
      CountingStore store = new CountingStore(git);
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(cache);
          KnowledgeFlywheel f =
              KnowledgeFlywheel.builder(store).index(index).clock(clock).build()) {
        assertThat(store.scans).isZero();
        assertThat(f.retrieve("marmalade", 5)).hasSize(1);
      }
    }

    /** Another writer adds lrn-100, renames lrn-5's lesson, and removes lrn-6, in one commit. */
    void anotherWriterChangesThree() {
      Records<Learning> records = KnowledgeRecords.learnings(git);
      Versioned<Learning> five = records.get("lrn-5").orElseThrow();
      WriteBatch.Builder batch = WriteBatch.builder();
      records.addCreate(batch, learning(100));
      records.addUpdate(
          batch,
          five,
          five.value().toBuilder().what("Renamed: flywheels need a marmalade step.").build());
      batch.delete(
          RecordKey.of(KnowledgeRecords.LEARNINGS, "lrn-6"),
          Expect.revision(records.get("lrn-6").orElseThrow().revision()));
      git.write(batch.build());
    }

    @Test
    void anOpening_catchesUpWithWhatChanged_readingOnlyThat() {
      seedAndWarm();
      anotherWriterChangesThree();

      CountingStore store = new CountingStore(git);
      try (LuceneKnowledgeIndex lucene = LuceneKnowledgeIndex.open(cache)) {
        CountingIndex index = new CountingIndex(lucene);
        try (KnowledgeFlywheel f =
            KnowledgeFlywheel.builder(store).index(index).clock(clock).build()) {
          // lrn-5 and lrn-6 as the index's state had them; lrn-5, lrn-6 and lrn-100 as they are
          assertThat(store.reads).isEqualTo(5);
          assertThat(store.scans).isZero();
          assertThat(index.clears).isZero();
          assertThat(f.retrieve("marmalade", 5))
              .extracting(r -> r.learning().id())
              .containsExactly("lrn-5");
          assertThat(f.retrieve("topic100", 5))
              .extracting(r -> r.learning().id())
              .contains("lrn-100");
          assertThat(f.retrieve("topic6", 5)).isEmpty();
          assertThat(f.learnings()).isEqualTo(inStore()).hasSize(LEARNINGS);
        }
      }
      // The state it recorded is exact: a store that names no content makes the next opening
      // read every learning and compare their digest with it; they match, and nothing is rebuilt.
      CountingStore unnamed = new NoContentIds(git);
      try (LuceneKnowledgeIndex lucene = LuceneKnowledgeIndex.open(cache)) {
        CountingIndex index = new CountingIndex(lucene);
        try (KnowledgeFlywheel f =
            KnowledgeFlywheel.builder(unnamed).index(index).clock(clock).build()) {
          assertThat(unnamed.scans).isEqualTo(1);
          assertThat(index.clears).isZero();
          assertThat(f.learnings()).isEqualTo(inStore());
        }
      }
    }

    @Test
    void anOpening_catchingUp_dropsALearningThatNoLongerDecodes_fromTheIndex() {
      seedAndWarm();
      Versioned<Learning> three = KnowledgeRecords.learnings(git).get("lrn-3").orElseThrow();
      String text =
          KnowledgeRecords.codec()
              .encode(three.value(), three.record())
              .replace("confidence: 0.8", "confidence: \"very\"");
      git.write(
          WriteBatch.builder()
              .put(
                  three.record().key(),
                  RecordFormat.MARKDOWN,
                  text,
                  Expect.revision(three.revision()))
              .build());

      CountingStore store = new CountingStore(git);
      try (LuceneKnowledgeIndex lucene = LuceneKnowledgeIndex.open(cache)) {
        CountingIndex index = new CountingIndex(lucene);
        try (KnowledgeFlywheel f =
            KnowledgeFlywheel.builder(store).index(index).clock(clock).build()) {
          assertThat(store.scans).isZero();
          assertThat(index.clears).isZero();
          assertThat(index.size()).isEqualTo(LEARNINGS - 1);
          assertThat(f.retrieve("topic3", 5)).isEmpty();
          assertThat(f.get("lrn-3")).isEmpty();
          assertThat(f.learnings()).isEqualTo(inStore()).hasSize(LEARNINGS - 1);
        }
      }
    }

    @Test
    void anOpening_readsEverything_whenMoreThanAQuarterChanged() {
      seedAndWarm();
      Records<Learning> records = KnowledgeRecords.learnings(git);
      WriteBatch.Builder batch = WriteBatch.builder();
      for (int i = 0; i < 70; i++) {
        records.addCreate(batch, learning(1_000 + i));
      }
      git.write(batch.build());

      CountingStore store = new CountingStore(git);
      try (LuceneKnowledgeIndex lucene = LuceneKnowledgeIndex.open(cache)) {
        CountingIndex index = new CountingIndex(lucene);
        try (KnowledgeFlywheel f =
            KnowledgeFlywheel.builder(store).index(index).clock(clock).build()) {
          assertThat(store.scans).isEqualTo(1);
          assertThat(index.clears).isEqualTo(1);
          assertThat(f.learnings()).isEqualTo(inStore()).hasSize(LEARNINGS + 70);
        }
      }
    }

    @Test
    void anotherWritersLearning_committedJustBeforeItsOwnWrite_isReadOnTheNextOpening() {
      seedAndWarm();
      CountingStore racing =
          new CountingStore(git) {
            boolean raced;

            @Override
            public WriteResult write(WriteBatch batch) {
              if (!raced) {
                raced = true;
                // another writer commits a learning between the flywheel's state and its write
                KnowledgeRecords.learnings(git).create(learning(200));
              }
              return super.write(batch);
            }
          };
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(cache);
          KnowledgeFlywheel f =
              KnowledgeFlywheel.builder(racing).index(index).clock(clock).build()) {
        f.cite(Citation.applied("lrn-4", "s-9", Feedback.HELPFUL, T0));
      }

      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(cache);
          KnowledgeFlywheel f = KnowledgeFlywheel.builder(git).index(index).clock(clock).build()) {
        assertThat(f.get("lrn-200")).isPresent();
        assertThat(f.retrieve("topic200", 5))
            .extracting(r -> r.learning().id())
            .contains("lrn-200");
        assertThat(f.learnings()).isEqualTo(inStore()).hasSize(LEARNINGS + 1);
      }
    }

    @Test
    void refresh_picksUpAnotherWritersChange_toALearningNotReadYet() {
      seedAndWarm();
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(cache);
          KnowledgeFlywheel f = KnowledgeFlywheel.builder(git).index(index).clock(clock).build()) {
        Records<Learning> records = KnowledgeRecords.learnings(git);
        Versioned<Learning> eight = records.get("lrn-8").orElseThrow();
        records.update(eight, eight.value().toBuilder().title("Quince jam rules").build());

        f.refresh();

        assertThat(f.retrieve("quince", 5))
            .extracting(r -> r.learning().id())
            .containsExactly("lrn-8");
        assertThat(f.get("lrn-8").orElseThrow().title()).isEqualTo("Quince jam rules");
      }
    }
  }

  @Nested
  class BadRecords {

    @Test
    void aRecordThatDoesNotFit_isQuarantinedWithItsReason_andTheRestOpen() {
      seedAndWarm();
      String text =
          KnowledgeRecords.codec()
              .encode(learning(50), null)
              .replace("confidence: 0.8", "confidence: \"very\"");
      git.write(
          WriteBatch.builder()
              .put(RecordKey.of(KnowledgeRecords.LEARNINGS, "lrn-50"), RecordFormat.MARKDOWN, text)
              .build());

      Records.Scan<Learning> scan = KnowledgeRecords.learnings(git).scan();
      assertThat(scan.quarantined())
          .singleElement()
          .satisfies(q -> {
            assertThat(q.path()).contains("lrn-50");
            assertThat(q.reason()).contains("does not fit Learning at $.confidence");
          });
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(cache);
          KnowledgeFlywheel f = KnowledgeFlywheel.builder(git).index(index).clock(clock).build()) {
        assertThat(f.learnings()).hasSize(LEARNINGS);
        assertThat(f.get("lrn-50")).isEmpty();
      }
    }

    @Test
    void frontMatterTheFastReaderDeclines_isStillRead() {
      String text =
          KnowledgeRecords.codec()
              .encode(learning(51), null)
              .replaceFirst("---\n", "---\n# a comment a person added\n")
              .replace("kind: \"pattern\"", "kind: 'pattern'");
      git.write(
          WriteBatch.builder()
              .put(RecordKey.of(KnowledgeRecords.LEARNINGS, "lrn-51"), RecordFormat.MARKDOWN, text)
              .build());

      try (KnowledgeFlywheel f = KnowledgeFlywheel.builder(git).clock(clock).build()) {
        assertThat(f.get("lrn-51")).contains(learning(51));
      }
    }
  }

  static Stream<Long> seeds() {
    return LongStream.range(0, 100).map(i -> 0xC0DEC000L + i).boxed();
  }

  @Nested
  class DecodingEquivalence {

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("dev.agentops.knowledge.KnowledgeOpeningTest#seeds")
    void seededLearnings_decodeTheSameAsThroughYaml(long seed) {
      Random r = new Random(seed);
      for (int i = 0; i < 20; i++) {
        Learning l = randomLearning(r, "lrn-" + seed + "-" + i);
        String text = KnowledgeRecords.codec().encode(l, null);
        StoredRecord record =
            new StoredRecord(
                RecordKey.of(KnowledgeRecords.LEARNINGS, l.id()), 1, RecordFormat.MARKDOWN, text);

        assertThat(FrontMatters.asRead(text))
            .as("seed %d, learning %d:\n%s", seed, i, text)
            .isEqualTo(FrontMatters.byYaml(text));
        assertThat(KnowledgeRecords.codec().decode(record))
            .as("seed %d, learning %d", seed, i)
            .isEqualTo(l);
      }
    }

    @Test
    void theReferenceVaultsLearnings_decodeTheSameAsThroughYaml() {
      Path vault = Fixtures.require("agentops-vault/.agents");
      try (KnowledgeFlywheel f =
          KnowledgeFlywheel.builder(git).clock(clock).writer("test").build()) {
        VaultImport.builder(git, f).clock(clock).build().run(vault);
      }
      List<StoredRecord> records = git.scan(KnowledgeRecords.LEARNINGS).records();
      assertThat(records).isNotEmpty();
      for (StoredRecord record : records) {
        assertThat(FrontMatters.asRead(record.content()))
            .as(record.key().toString())
            .isEqualTo(FrontMatters.byYaml(record.content()));
      }
    }
  }

  private static final String[] AWKWARD = {
    "plain",
    "with: colon",
    "# hash",
    "- dash",
    "\"quoted\"",
    "back\\slash",
    "line\nbreak",
    "tab\there",
    "ünïcödé",
    "日本語",
    "emoji \uD83D\uDE00",
    "  spaced  ",
    "null",
    "true",
    "42",
    "0.5",
    "'single'",
    "---",
    "{x}",
    "[y]",
    "\u2028",
    "\u0007",
    "é".repeat(70)
  };

  static String text(Random r, int min, int max) {
    StringBuilder b = new StringBuilder();
    int words = min + r.nextInt(max - min + 1);
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(r.nextInt(5) == 0 ? AWKWARD[r.nextInt(AWKWARD.length)] : "w" + r.nextInt(1000));
    }
    return b.toString();
  }

  static Learning randomLearning(Random r, String id) {
    LearningKind[] kinds = LearningKind.values();
    Maturity[] maturities = Maturity.values();
    LearningStatus[] statuses = LearningStatus.values();
    Learning.Builder b =
        Learning.builder(
                id,
                kinds[r.nextInt(kinds.length)],
                "t " + text(r, 1, 8),
                "w " + text(r, 1, 60),
                T0.minus(Duration.ofMinutes(r.nextInt(500_000))))
            .why(text(r, 0, 30))
            .context(text(r, 0, 10))
            .tags(List.of(text(r, 1, 1), text(r, 1, 2)))
            .applicability(
                r.nextBoolean() ? Applicability.ANY : Applicability.of(text(r, 0, 5), "java"))
            .source(LearningSource.session("s-" + r.nextInt(1000)))
            .confidence(r.nextDouble())
            .utility(r.nextDouble())
            .feedback(r.nextInt(10), 0)
            .maturity(maturities[r.nextInt(maturities.length)])
            .status(statuses[r.nextInt(statuses.length)]);
    if (r.nextBoolean()) {
      b.lastCited(T0.minus(Duration.ofSeconds(r.nextInt(1_000_000))));
    }
    if (r.nextInt(4) == 0) {
      b.timeToLive(Duration.ofDays(1 + r.nextInt(400)));
    }
    return b.build();
  }

  /** A view of our own store SPI, delegating to a real one and counting record reads and scans. */
  static class CountingView extends ForwardingReadableStore {
    private final CountingStore counts;

    CountingView(ReadableStore view, CountingStore counts) {
      super(view);
      this.counts = counts;
    }

    @Override
    public Optional<StoredRecord> read(RecordKey key) {
      counts.reads++;
      return super.read(key);
    }

    @Override
    public ScanResult scan(String collection) {
      counts.scans++;
      return super.scan(collection);
    }
  }

  /** A counting store, and views, that name no content ids: caches must check record by record. */
  static class NoContentIds extends CountingStore {
    NoContentIds(Store delegate) {
      super(delegate);
    }

    @Override
    public Optional<String> contentId(String collection) {
      return Optional.empty();
    }

    @Override
    public ReadableStore at(String commitId) {
      return new ForwardingReadableStore(super.at(commitId)) {
        @Override
        public Optional<String> contentId(String collection) {
          return Optional.empty();
        }
      };
    }
  }

  /** Our own store SPI, delegating to a real store; it and its views count into it. */
  static class CountingStore extends ForwardingStore {
    int reads;
    int scans;

    CountingStore(Store delegate) {
      super(delegate);
    }

    @Override
    public Optional<StoredRecord> read(RecordKey key) {
      reads++;
      return super.read(key);
    }

    @Override
    public ScanResult scan(String collection) {
      scans++;
      return super.scan(collection);
    }

    @Override
    public ReadableStore at(String commitId) {
      return new CountingView(super.at(commitId), this);
    }

    @Override
    public void close() {} // the test closes the real store
  }
}
