package dev.agentops.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentops.core.Fixtures;
import dev.agentops.store.GitStore;
import dev.agentops.store.InMemoryStore;
import dev.agentops.store.LogEntry;
import dev.agentops.store.Quarantined;
import dev.agentops.store.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainLogTest {

  static final Instant T0 = Instant.parse("2026-11-03T09:00:00Z");
  static final String MAIN = RatchetTest.MAIN;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  final SettableClock clock = new SettableClock(T0);

  @Test
  void everyLockOfARatchet_isAppended_andFailedLocksAreNot() {
    try (GitStore store =
            GitStore.builder(dir.resolve("repo.git")).create(true).clock(clock).build();
        TestRepo repo = TestRepo.open(dir.resolve("repo.git"))) {
      ChainLog chain = ChainLog.builder(store).writer("worker-1").clock(clock).build();
      try (Ratchet ratchet = Ratchet.builder(repo.dir(), MAIN).chainLog(chain).build()) {
        String first = repo.commitOn(null, "a.txt", "one");
        String second = repo.commitOn(first, "b.txt", "two");
        String sibling = repo.commitOn(first, "b.txt", "other");
        ratchet.lock(LockRequest.of(first, "v-1").expectingAbsent().step("plan"));
        clock.advance(Duration.ofMinutes(5));
        ratchet.lock(LockRequest.of(second, "v-2").expecting(first).step("implement"));
        ratchet.lock(LockRequest.of(sibling, "v-3").expecting(first).step("implement"));
        ratchet.lock(LockRequest.of(sibling, "v-3").step("implement"));
        ratchet.lock(LockRequest.of(first, "v-4").step("implement"));

        assertThat(chain.entries())
            .containsExactly(
                new ChainEntry(
                    ChainEntry.Kind.LOCKED, "plan", T0, null, first, "v-1", null, MAIN, "worker-1"),
                new ChainEntry(
                    ChainEntry.Kind.LOCKED,
                    "implement",
                    T0.plus(Duration.ofMinutes(5)),
                    first,
                    second,
                    "v-2",
                    null,
                    MAIN,
                    "worker-1"));
      }
    }
  }

  @Test
  void skipsNeedAReason() {
    ChainLog chain = ChainLog.builder(InMemoryStore.create()).clock(clock).build();

    assertThatThrownBy(() -> chain.skip("research", "  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a skip of step 'research' needs a reason, but none was given");
    ChainEntry skip = chain.skip("research", "a one-line typo fix needs no research");

    assertThat(chain.entries()).containsExactly(skip);
    assertThat(skip.locked()).isFalse();
    assertThat(skip.reason()).isEqualTo("a one-line typo fix needs no research");
  }

  @Test
  void locksOfOtherThings_needAVerdict_andAnOutput() {
    ChainLog chain = ChainLog.builder(InMemoryStore.create()).clock(clock).build();

    assertThatThrownBy(() -> chain.lock("close", "bd-7", "bd-7", " "))
        .hasMessage(
            "a lock of step 'close' must name the verdict that allowed it, but none was given");
    assertThatThrownBy(() -> chain.lock("Close", null, "bd-7", "v-1"))
        .hasMessageContaining("step must be");
    ChainEntry closed = chain.lock("close", null, "work/bd-7", "council-9");

    assertThat(chain.entries()).containsExactly(closed);
    assertThat(closed.ref()).isNull();
  }

  @Test
  void theEntriesOfSeveralWriters_areReadInTimeOrder() {
    InMemoryStore store = InMemoryStore.create();
    ChainLog one = ChainLog.builder(store).writer("one").clock(clock).build();
    ChainLog two = ChainLog.builder(store).writer("two").clock(clock).build();
    ChainEntry a = one.skip("research", "first");
    clock.advance(Duration.ofSeconds(1));
    ChainEntry b = two.skip("plan", "second");
    clock.advance(Duration.ofSeconds(1));
    ChainEntry c = one.lock("implement", null, "x", "v-1");

    assertThat(two.entries()).containsExactly(a, b, c);
  }

  @Test
  void aLineThatIsNotAnEntry_isQuarantined_andTheOthersStillRead() {
    InMemoryStore store = InMemoryStore.create();
    ChainLog chain = ChainLog.builder(store).writer("w").clock(clock).build();
    ChainEntry before = chain.skip("research", "first");
    store.write(
        WriteBatch.builder()
            .append(ChainLog.DEFAULT_LOG, "w", "{not json", "{\"step\":\"vibe\",\"locked\":true}")
            .build());
    ChainEntry after = chain.skip("plan", "second");

    ChainLog.Scan scan = chain.scan();

    assertThat(scan.entries()).containsExactly(before, after);
    assertThat(scan.quarantined())
        .extracting(Quarantined::path)
        .containsExactly("logs/chain/w/2026-11.jsonl:2", "logs/chain/w/2026-11.jsonl:3");
    assertThat(scan.quarantined().get(0).reason()).startsWith("the line is not JSON");
    assertThat(scan.quarantined().get(1).reason()).contains("no step or timestamp");
  }

  @Test
  void linesUseTheReferencePluginsFieldNames() throws Exception {
    InMemoryStore store = InMemoryStore.create();
    ChainLog chain = ChainLog.builder(store).writer("w").clock(clock).build();
    chain.lock("vibe", "plan.md", "council/report.md", "v-1");
    chain.skip("post-mortem", "nothing went wrong");

    List<LogEntry> lines = store.log(ChainLog.DEFAULT_LOG);
    JsonNode lock = JSON.readTree(lines.get(0).line());
    JsonNode skip = JSON.readTree(lines.get(1).line());

    assertThat(lock.get("step").asText()).isEqualTo("vibe");
    assertThat(lock.get("timestamp").asText()).isEqualTo("2026-11-03T09:00:00Z");
    assertThat(lock.get("input").asText()).isEqualTo("plan.md");
    assertThat(lock.get("output").asText()).isEqualTo("council/report.md");
    assertThat(lock.get("locked").asBoolean()).isTrue();
    assertThat(lock.get("verdict").asText()).isEqualTo("v-1");
    assertThat(skip.get("skipped").asBoolean()).isTrue();
    assertThat(skip.get("reason").asText()).isEqualTo("nothing went wrong");

    // Every field the reference plugin writes on a lock line is one this log writes too.
    Path fixture = Fixtures.require("agentops-vault/.agents/ao/chain.jsonl");
    Set<String> theirs = new TreeSet<>();
    for (String line : Files.readAllLines(fixture, StandardCharsets.UTF_8)) {
      JsonNode node = JSON.readTree(line);
      if (node.has("step")) {
        node.fieldNames().forEachRemaining(theirs::add);
      }
    }
    Set<String> ours = new TreeSet<>();
    lock.fieldNames().forEachRemaining(ours::add);
    assertThat(theirs).isNotEmpty();
    assertThat(ours).containsAll(theirs);
  }

  @Test
  void theLogAndWriterNamesAreChecked() {
    assertThatThrownBy(() -> ChainLog.builder(InMemoryStore.create()).log("Chain"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChainLog.builder(InMemoryStore.create()).writer("a/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
