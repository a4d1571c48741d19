package dev.agentops.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
import org.junit.jupiter.api.io.TempDir;

class GitStoreSyncTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T08:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  LoopbackGitServer server;
  String remote;
  GitStore a;
  GitStore b;

  @BeforeEach
  void start() {
    server = LoopbackGitServer.serve(dir.resolve("served"));
    remote = server.createRepository("shared.git");
    a = open("a.git");
    b = open("b.git");
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    server.close();
  }

  GitStore open(String name) {
    return GitStore.builder(dir.resolve(name)).create(true).clock(CLOCK).build();
  }

  static final RecordKey BD1 = RecordKey.of("work", "bd-1");

  static WriteBatch put(RecordKey key, String json, Expect expect) {
    return WriteBatch.builder().put(key, RecordFormat.JSON, json, expect).build();
  }

  @Test
  void pushesThenFastForwardsTheOtherSide() {
    a.write(put(BD1, "{\"title\":\"from a\"}", Expect.absent()));

    assertThat(a.sync(remote).outcome()).isEqualTo(SyncResult.Outcome.PUSHED);
    assertThat(b.sync(remote).outcome()).isEqualTo(SyncResult.Outcome.FAST_FORWARDED);

    assertThat(b.read(BD1).orElseThrow().content()).contains("from a");
    assertThat(b.head()).isEqualTo(a.head());
    assertThat(a.sync(remote).outcome()).isEqualTo(SyncResult.Outcome.UP_TO_DATE);
  }

  @Test
  void mergesRecordsWrittenOnBothSides() {
    a.write(put(RecordKey.of("work", "from-a"), "{}", Expect.absent()));
    a.sync(remote);
    b.write(put(RecordKey.of("work", "from-b"), "{}", Expect.absent()));

    SyncResult merged = b.sync(remote);
    a.sync(remote);

    assertThat(merged.outcome()).isEqualTo(SyncResult.Outcome.MERGED);
    assertThat(merged.conflicts()).isEmpty();
    assertThat(a.ids("work")).containsExactly("from-a", "from-b");
    assertThat(b.ids("work")).containsExactly("from-a", "from-b");
    assertThat(a.head()).isEqualTo(b.head());
  }

  @Test
  void aRecordChangedOnBothSidesKeepsTheHigherRevisionAndSavesTheOther() {
    a.write(put(BD1, "{\"v\":\"base\"}", Expect.absent()));
    a.sync(remote);
    b.sync(remote);
    a.write(put(BD1, "{\"v\":\"a1\"}", Expect.revision(1)));
    a.write(put(BD1, "{\"v\":\"a2\"}", Expect.revision(2)));
    a.sync(remote);
    b.write(put(BD1, "{\"v\":\"b1\"}", Expect.revision(1)));

    SyncResult merged = b.sync(remote);
    a.sync(remote);

    assertThat(merged.conflicts())
        .singleElement()
        .satisfies(c -> {
          assertThat(c.key()).isEqualTo(BD1);
          assertThat(c.keptSide()).isEqualTo("remote");
          assertThat(c.keptRevision()).isEqualTo(3);
          assertThat(c.lostRevision()).isEqualTo(2);
        });
    for (GitStore s : List.of(a, b)) {
      assertThat(s.read(BD1).orElseThrow().content()).contains("a2");
      StoredRecord saved = s.read(merged.conflicts().get(0).savedAs()).orElseThrow();
      assertThat(saved.content())
          .contains("\\\"v\\\" : \\\"b1\\\"")
          .contains("\"lostRevision\" : 2");
    }
  }

  @Test
  void aTieIsBrokenTheSameWayWhicheverSideMerges() {
    a.write(put(BD1, "{\"v\":\"base\"}", Expect.absent()));
    a.sync(remote);
    b.sync(remote);
    a.write(put(BD1, "{\"v\":\"a\"}", Expect.revision(1)));
    b.write(put(BD1, "{\"v\":\"b\"}", Expect.revision(1)));
    a.sync(remote);

    SyncResult merged = b.sync(remote);
    a.sync(remote);

    assertThat(merged.conflicts()).hasSize(1);
    String kept = a.read(BD1).orElseThrow().content();
    assertThat(b.read(BD1).orElseThrow().content()).isEqualTo(kept);
    String lost = kept.contains("\"a\"") ? "b" : "a";
    assertThat(a.read(merged.conflicts().get(0).savedAs()).orElseThrow().content())
        .contains("\\\"v\\\" : \\\"" + lost + "\\\"");
  }

  @Test
  void aChangeBeatsADeletionAndTheDeletionIsRecorded() {
    a.write(put(BD1, "{\"v\":\"base\"}", Expect.absent()));
    a.sync(remote);
    b.sync(remote);
    a.write(WriteBatch.builder().delete(BD1, Expect.revision(1)).build());
    a.sync(remote);
    b.write(put(BD1, "{\"v\":\"changed\"}", Expect.revision(1)));

    SyncResult merged = b.sync(remote);

    assertThat(b.read(BD1).orElseThrow().content()).contains("changed");
    assertThat(merged.conflicts())
        .singleElement()
        .satisfies(c -> assertThat(c.lostRevision()).isZero());
  }

  @Test
  void logsWrittenOnBothSidesKeepEveryLine() {
    a.write(WriteBatch.builder().append("chain", "shared", "{\"n\":0}").build());
    a.sync(remote);
    b.sync(remote);
    a.write(WriteBatch.builder().append("chain", "shared", "{\"n\":\"a\"}").build());
    b.write(WriteBatch.builder().append("chain", "shared", "{\"n\":\"b\"}").build());
    a.sync(remote);

    b.sync(remote);

    assertThat(b.log("chain"))
        .extracting(LogEntry::line)
        .containsExactly("{\"n\":0}", "{\"n\":\"a\"}", "{\"n\":\"b\"}");
  }

  @Test
  void writingThroughTheRemoteLetsExactlyOneCreatorWin() throws Exception {
    for (int round = 0; round < 5; round++) {
      RecordKey key = RecordKey.of("claims", "item-" + round);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<WriteResult>> results = new ArrayList<>();
        for (GitStore s : List.of(a, b)) {
          Callable<WriteResult> call =
              () -> {
                start.await();
                return s.writeThrough(remote, put(key, "{\"by\":\"" + s + "\"}", Expect.absent()));
              };
          results.add(pool.submit(call));
        }
        start.countDown();
        int won = 0;
        for (Future<WriteResult> f : results) {
          if (f.get(60, TimeUnit.SECONDS).committed()) {
            won++;
          }
        }
        assertThat(won).as("round %d", round).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
    a.sync(remote);
    b.sync(remote);
    assertThat(a.ids("claims")).hasSize(5);
    assertThat(a.ids("conflicts")).isEmpty();
  }
}
