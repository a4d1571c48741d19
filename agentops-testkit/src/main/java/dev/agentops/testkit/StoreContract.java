package dev.agentops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.store.Expect;
import dev.agentops.store.LogEntry;
import dev.agentops.store.LogScan;
import dev.agentops.store.ReadableStore;
import dev.agentops.store.RecordFormat;
import dev.agentops.store.RecordKey;
import dev.agentops.store.RecordVersion;
import dev.agentops.store.Store;
import dev.agentops.store.StoredRecord;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} must show, as a JUnit 5 test base: atomic batches,
 * compare-and-swap on revisions, hygiene, logs, history, views as of a commit, and safety under
 * concurrent writers. Implementers extend it and say how to open an empty store.
 *
 * <pre>{@code
 * class MyStoreContractTest extends StoreContract {
 *   @Override
 *   protected Store open(Clock clock) {
 *     return MyStore.create(clock);
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public abstract class StoreContract {

  /** The instant the contract's clock shows: 2026-03-15T12:00:00Z. */
  protected static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

  private Store store;

  /** Creates the contract; subclasses say how to open a store. */
  protected StoreContract() {}

  /**
   * Opens a new, empty store.
   *
   * @param clock the clock the store must time commits and choose log shards by
   * @return the store
   * @throws Exception if it cannot be opened
   */
  protected abstract Store open(Clock clock) throws Exception;

  @BeforeEach
  final void openStore() throws Exception {
    store = open(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  final void closeStore() {
    store.close();
  }

  private static final RecordKey BD1 = RecordKey.of("work", "bd-1");
  private static final RecordKey BD2 = RecordKey.of("work", "bd-2");

  private static WriteResult.Committed committed(WriteResult r) {
    assertThat(r).isInstanceOf(WriteResult.Committed.class);
    return (WriteResult.Committed) r;
  }

  private WriteResult put(RecordKey key, String json, Expect expect) {
    return store.write(WriteBatch.builder().put(key, RecordFormat.JSON, json, expect).build());
  }

  @Test
  void aWrittenRecordReadsBackWithItsRevision() {
    WriteResult.Committed c = committed(put(BD1, "{\"title\":\"Fix the build\"}", Expect.absent()));

    StoredRecord r = store.read(BD1).orElseThrow();

    assertThat(c.revision(BD1)).isEqualTo(1);
    assertThat(r.revision()).isEqualTo(1);
    assertThat(r.format()).isEqualTo(RecordFormat.JSON);
    assertThat(r.content()).contains("\"title\" : \"Fix the build\"").contains("\"revision\" : 1");
    assertThat(store.head()).contains(c.commitId());
  }

  @Test
  void eachWriteRaisesTheRevisionByOne() {
    put(BD1, "{\"n\":1}", Expect.absent());
    WriteResult.Committed second = committed(put(BD1, "{\"n\":2}", Expect.revision(1)));
    WriteResult.Committed third = committed(put(BD1, "{\"n\":3}", Expect.any()));

    assertThat(second.revision(BD1)).isEqualTo(2);
    assertThat(third.revision(BD1)).isEqualTo(3);
    assertThat(store.read(BD1).orElseThrow().content()).contains("\"n\" : 3");
  }

  @Test
  void aCreateOfAnExistingRecordIsAConflictThatWritesNothing() {
    put(BD1, "{\"n\":1}", Expect.absent());
    String head = store.head().orElseThrow();

    WriteResult r =
        store.write(
            WriteBatch.builder()
                .put(BD2, RecordFormat.JSON, "{\"n\":2}", Expect.absent())
                .put(BD1, RecordFormat.JSON, "{\"n\":9}", Expect.absent())
                .build());

    assertThat(r).isInstanceOf(WriteResult.Conflict.class);
    assertThat(((WriteResult.Conflict) r).mismatches())
        .singleElement()
        .satisfies(m -> {
          assertThat(m.key()).isEqualTo(BD1);
          assertThat(m.actualRevision()).isEqualTo(1);
        });
    assertThat(store.read(BD2)).isEmpty();
    assertThat(store.read(BD1).orElseThrow().content()).contains("\"n\" : 1");
    assertThat(store.head()).contains(head);
  }

  @Test
  void aStaleRevisionIsAConflict() {
    put(BD1, "{\"n\":1}", Expect.absent());
    put(BD1, "{\"n\":2}", Expect.revision(1));

    WriteResult r = put(BD1, "{\"n\":3}", Expect.revision(1));

    assertThat(r.committed()).isFalse();
    assertThat(((WriteResult.Conflict) r).mismatches().get(0).actualRevision()).isEqualTo(2);
    assertThat(put(BD2, "{}", Expect.revision(1)).committed()).isFalse();
  }

  @Test
  void aDeleteRemovesTheRecordButNotItsHistory() {
    put(BD1, "{\"n\":1}", Expect.absent());
    put(BD1, "{\"n\":2}", Expect.revision(1));

    WriteResult.Committed d =
        committed(store.write(WriteBatch.builder().delete(BD1, Expect.revision(2)).build()));

    assertThat(d.revisions()).containsEntry(BD1, 0L);
    assertThat(store.read(BD1)).isEmpty();
    assertThat(store.ids("work")).isEmpty();
    List<RecordVersion> history = store.history(BD1);
    assertThat(history).hasSize(3);
    assertThat(history.get(0).record()).isEmpty();
    assertThat(history.get(1).record().orElseThrow().revision()).isEqualTo(2);
    assertThat(history.get(2).record().orElseThrow().revision()).isEqualTo(1);
  }

  @Test
  void listsIdsCollectionsAndScansInIdOrder() {
    store.write(
        WriteBatch.builder()
            .put(RecordKey.of("work", "c"), RecordFormat.JSON, "{}")
            .put(RecordKey.of("work", "a"), RecordFormat.JSON, "{}")
            .put(RecordKey.of("work", "b"), RecordFormat.JSON, "{}")
            .put(
                RecordKey.of("learnings", "l-1"),
                RecordFormat.MARKDOWN,
                "---\ntitle: A lesson\n---\nBody.\n")
            .build());

    assertThat(store.ids("work")).containsExactly("a", "b", "c");
    assertThat(store.ids("nothing")).isEmpty();
    assertThat(store.collections()).containsExactly("learnings", "work");
    assertThat(store.scan("work").records())
        .extracting(r -> r.key().id())
        .containsExactly("a", "b", "c");
    assertThat(store.scan("work").quarantined()).isEmpty();
  }

  @Test
  void keepsMarkdownBodiesByteForByteAndTheRevisionInTheFrontMatter() {
    RecordKey key = RecordKey.of("learnings", "l-1");
    String body = "# Title\n\nKeep *this* exactly,  with two spaces and a tab\there.\n";
    store.write(
        WriteBatch.builder()
            .put(key, RecordFormat.MARKDOWN, "---\ntitle: A lesson\ntags: [a, b]\n---\n" + body)
            .build());

    StoredRecord r = store.read(key).orElseThrow();

    assertThat(r.format()).isEqualTo(RecordFormat.MARKDOWN);
    assertThat(r.content()).startsWith("---\nrevision: 1\ntitle: A lesson\ntags: [a, b]\n---\n");
    assertThat(r.content()).endsWith(body);
  }

  @Test
  void keepsFieldsItDoesNotKnow() {
    put(BD1, "{\"title\":\"x\",\"x-custom\":{\"nested\":[1,2,3]},\"revision\":41}", Expect.any());

    String content = store.read(BD1).orElseThrow().content();

    assertThat(content).contains("\"x-custom\"").contains("\"nested\" : [ 1, 2, 3 ]");
    assertThat(content).contains("\"revision\" : 1");
  }

  @Test
  void refusesTextThatIsNotARecordNamingTheKey() {
    assertThatThrownBy(() -> put(BD1, "[1, 2]", Expect.any()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("work/bd-1")
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() ->
            store.write(
                WriteBatch.builder()
                    .put(RecordKey.of("learnings", "l"), RecordFormat.MARKDOWN, "no front matter")
                    .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("learnings/l")
        .hasMessageContaining("front matter");
    assertThatThrownBy(() -> put(BD1, "{\"big\":\"" + "x".repeat(1 << 20) + "\"}", Expect.any()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("over the limit");
    assertThat(store.head()).isEmpty();
  }

  @Test
  void refusesIdsThatCouldEscapeTheirDirectory() {
    for (String bad : List.of("../etc", "a/b", ".hidden", "a..b", "", "a\\b", "x\ny")) {
      assertThatThrownBy(() -> RecordKey.of("work", bad))
          .as("id '%s'", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> RecordKey.of("logs", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'logs'");
  }

  @Test
  void redactsSecretsAndHomePathsBeforeWritingAndSaysSo() {
    String key = "AKIA" + "IOSFODNN7EXAMPLE";
    WriteResult.Committed c =
        committed(
            put(
                BD1,
                "{\"note\":\"deploy with " + key + " from /home/ana/work/notes.txt\"}",
                Expect.any()));

    String content = store.read(BD1).orElseThrow().content();

    assertThat(content).doesNotContain(key).contains("[REDACTED:aws-access-key]");
    assertThat(content).doesNotContain("/home/ana").contains("~/work/notes.txt");
    assertThat(c.hygiene())
        .extracting(h -> h.location() + " " + h.kind() + " " + h.action())
        .contains("work/bd-1 aws-access-key redacted", "work/bd-1 home-path made relative");
  }

  @Test
  void appendsToLogsPerWriterAndReadsThemInOrder() {
    store.write(WriteBatch.builder().append("citations", "w-b", "{\"n\":1}").build());
    store.write(
        WriteBatch.builder()
            .append("citations", "w-a", "{\"n\":2}", "{\"n\":3}")
            .append("chain", "w-a", "{\"step\":\"lock\"}")
            .build());
    store.write(WriteBatch.builder().append("citations", "w-b", "{\"n\":4}").build());

    List<LogEntry> log = store.log("citations");

    assertThat(log)
        .extracting(e -> e.writer() + ":" + e.line())
        .containsExactly("w-a:{\"n\":2}", "w-a:{\"n\":3}", "w-b:{\"n\":1}", "w-b:{\"n\":4}");
    assertThat(log).allMatch(e -> e.month().equals(YearMonth.of(2026, 3)));
    assertThat(store.log("chain")).hasSize(1);
    assertThat(store.log("nothing")).isEmpty();
    LogScan scan = store.scanLog("citations");
    assertThat(scan.entries()).isEqualTo(log);
    assertThat(scan.quarantined()).isEmpty();
    assertThat(store.at(store.head().orElseThrow()).scanLog("citations")).isEqualTo(scan);
  }

  @Test
  void aViewAsOfACommitShowsThatCommitsState() {
    String first = committed(put(BD1, "{\"n\":1}", Expect.absent())).commitId();
    put(BD1, "{\"n\":2}", Expect.revision(1));
    put(BD2, "{\"n\":1}", Expect.absent());

    ReadableStore then = store.at(first);

    assertThat(then.read(BD1).orElseThrow().revision()).isEqualTo(1);
    assertThat(then.read(BD2)).isEmpty();
    assertThat(then.ids("work")).containsExactly("bd-1");
    assertThat(store.ids("work")).containsExactly("bd-1", "bd-2");
    assertThatThrownBy(() -> store.at("0123456789abcdef0123456789abcdef01234567"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmptyStoreReadsAsEmpty() {
    assertThat(store.head()).isEmpty();
    assertThat(store.read(BD1)).isEmpty();
    assertThat(store.ids("work")).isEmpty();
    assertThat(store.collections()).isEmpty();
    assertThat(store.history(BD1)).isEmpty();
  }

  @Test
  void concurrentWritersOfDifferentRecordsAllLand() throws Exception {
    int threads = 8;
    int each = 25;
    List<Callable<Void>> calls = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      calls.add(() -> {
        start.await();
        for (int i = 0; i < each; i++) {
          WriteResult r = put(RecordKey.of("work", "t" + thread + "-" + i), "{}", Expect.absent());
          assertThat(r.committed()).isTrue();
        }
        return null;
      });
    }
    runAll(calls, start);

    assertThat(store.ids("work")).hasSize(threads * each);
  }

  @Test
  void concurrentCompareAndSwapLosesNoUpdate() throws Exception {
    put(BD1, "{\"count\":0}", Expect.absent());
    int threads = 6;
    int each = 10;
    List<Callable<Void>> calls = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      calls.add(() -> {
        start.await();
        int done = 0;
        while (done < each) {
          StoredRecord r = store.read(BD1).orElseThrow();
          if (put(BD1, "{\"writes\":" + r.revision() + "}", Expect.revision(r.revision()))
              .committed()) {
            done++;
          }
        }
        return null;
      });
    }
    runAll(calls, start);

    assertThat(store.read(BD1).orElseThrow().revision()).isEqualTo(1 + threads * each);
    assertThat(store.history(BD1)).hasSize(1 + threads * each);
  }

  private static void runAll(List<Callable<Void>> calls, CountDownLatch start) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> c : calls) {
        futures.add(pool.submit(c));
      }
      start.countDown();
      for (Future<Void> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
