package dev.agentops.store;

import static dev.agentops.store.GitStoreTest.T0;
import static dev.agentops.store.GitStoreTest.commitFiles;
import static dev.agentops.store.GitStoreTest.path;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.core.ChildProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Working-tree mode: records committed under {@code .agentops/} on the checked-out branch, with the
 * real {@code git} CLI as the judge of what the user sees. The user's own changes, staged or not,
 * survive every write; {@code git status} stays as it was; git itself reads the records from the
 * commits; a user's commit made between writes is built on, never undone.
 */
class GitStoreWorkingTreeTest {

  @TempDir Path dir;
  ChildProcesses cli;
  Path work;

  @BeforeEach
  void setUp() throws Exception {
    cli = new ChildProcesses(dir.resolve("home"));
    work = GitStoreTest.usersRepository(cli, dir);
  }

  GitStore open() {
    return GitStore.builder(work).workingTree(true).clock(new SettableClock(T0)).build();
  }

  static RecordKey key(String collection, String id) {
    return RecordKey.of(collection, id);
  }

  static WriteBatch put(RecordKey k, String json) {
    return WriteBatch.builder().put(k, RecordFormat.JSON, json).build();
  }

  String status() {
    return cli.gitOut(work, "status", "--porcelain=v1", "-uall", "--ignored");
  }

  @Test
  void recordsAreCommittedUnderAgentopsOnTheCheckedOutBranchAndTheUsersChangesStayAsTheyWere()
      throws Exception {
    String statusBefore = status();
    String stagedMain = cli.gitOut(work, "show", ":src/Main.java");
    Map<String, byte[]> usersFiles = GitStoreTest.files(work, ".git");
    String userTip = cli.gitOut(work, "rev-parse", "main").strip();

    try (GitStore store = open()) {
      assertThat(store.refName()).isEqualTo("refs/heads/main");
      for (int i = 0; i < 30; i++) {
        WriteBatch b =
            WriteBatch.builder()
                .put(key("work", "bd-" + (i % 6)), RecordFormat.JSON, "{\"n\":" + i + "}")
                .append("chain", "w-1", "{\"n\":" + i + "}")
                .build();
        assertThat(store.write(b)).isInstanceOf(WriteResult.Committed.class);
      }
      store.write(WriteBatch.builder().delete(key("work", "bd-5"), Expect.any()).build());
      store.write(
          WriteBatch.builder()
              .put(key("learnings", "l-1"), RecordFormat.MARKDOWN, "---\ntitle: A\n---\nBody\n")
              .build());

      // What git shows the user is what it showed before: .agentops/ is committed and clean.
      assertThat(status()).isEqualTo(statusBefore);
      assertThat(cli.gitOut(work, "show", ":src/Main.java")).isEqualTo(stagedMain);
      Map<String, byte[]> usersFilesAfter = GitStoreTest.files(work, ".git", ".agentops");
      assertThat(usersFilesAfter.keySet()).isEqualTo(usersFiles.keySet());
      usersFilesAfter.forEach((p, bytes) -> assertThat(bytes).as(p).isEqualTo(usersFiles.get(p)));

      // The commits sit on the user's branch, on top of the user's history; no other branch.
      List<String> subjects =
          cli.gitOut(work, "log", "--format=%s", userTip + "..main").lines().toList();
      assertThat(subjects).hasSize(32).allMatch(s -> s.startsWith("agentops: "));
      assertThat(cli.gitOut(work, "for-each-ref", "--format=%(refname)").lines())
          .containsExactlyInAnyOrder("refs/heads/main", "refs/heads/feature");

      // Git reads the records from HEAD, and the working tree holds the same bytes.
      List<String> tracked =
          cli.gitOut(work, "ls-tree", "-r", "--name-only", "HEAD", ".agentops").lines().toList();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        expected.add(".agentops/" + path("work", "bd-" + i, "json"));
      }
      expected.add(".agentops/" + path("learnings", "l-1", "md"));
      expected.add(".agentops/logs/chain/w-1/2026-03.jsonl");
      assertThat(tracked).containsExactlyInAnyOrderElementsOf(expected);
      for (String p : tracked) {
        assertThat(Files.readString(work.resolve(p), UTF_8))
            .as(p)
            .isEqualTo(cli.gitOut(work, "show", "HEAD:" + p));
      }
      String bd3 = cli.gitOut(work, "show", "HEAD:.agentops/" + path("work", "bd-3", "json"));
      assertThat(bd3).isEqualTo(store.read(key("work", "bd-3")).orElseThrow().content());
      assertThat(bd3).contains("\"n\" : 27");
      // The deleted record's file is gone, and so is its emptied shard folder.
      Path deleted = work.resolve(".agentops/" + path("work", "bd-5", "json"));
      assertThat(deleted).doesNotExist();
      assertThat(deleted.getParent()).doesNotExist();
      assertThat(store.log("chain")).hasSize(30);
      assertThat(store.history(key("work", "bd-0"))).hasSize(5);
    }
    cli.gitOut(work, "fsck", "--strict");
    try (GitStore reopened = open()) {
      assertThat(reopened.ids("work")).containsExactly("bd-0", "bd-1", "bd-2", "bd-3", "bd-4");
      assertThat(reopened.read(key("learnings", "l-1")).orElseThrow().content()).contains("Body");
    }
  }

  @Test
  void aCommitTheUserMakesBetweenWritesIsBuiltOnAndNeverUndoesARecord() throws Exception {
    try (GitStore store = open()) {
      store.write(put(key("work", "a"), "{\"v\":1}"));
      // The user commits what they staged; their commit carries the record along unchanged.
      cli.gitOut(work, "commit", "-q", "-m", "Add y and a todo list");
      store.write(put(key("work", "b"), "{\"v\":2}"));
      store.write(put(key("work", "a"), "{\"v\":3}"));
      cli.gitOut(work, "add", "-A");
      cli.gitOut(work, "commit", "-q", "-m", "Everything else");
      store.write(put(key("work", "c"), "{\"v\":4}"));

      List<String> log = cli.gitOut(work, "log", "--format=%s", "-6").lines().toList();
      assertThat(log)
          .containsExactly(
              "agentops: create work/c",
              "Everything else",
              "agentops: update work/a",
              "agentops: create work/b",
              "Add y and a todo list",
              "agentops: create work/a");
      assertThat(cli.gitOut(work, "show", "HEAD:src/Main.java"))
          .isEqualTo("class Main { int x; int y; int z; }\n");
      assertThat(cli.gitOut(work, "show", "HEAD:.agentops/" + path("work", "a", "json")))
          .contains("\"v\" : 3");
      assertThat(store.ids("work")).containsExactly("a", "b", "c");
      assertThat(status()).isEqualTo("!! build/out.bin\n");
    }
    cli.gitOut(work, "fsck", "--strict");
  }

  @Test
  void writesAreRefusedOnceAnotherBranchIsCheckedOutAndResumeWhenItIsBack() throws Exception {
    try (GitStore store = open()) {
      store.write(put(key("work", "a"), "{\"v\":1}"));
      String tip = store.head().orElseThrow();
      cli.gitOut(work, "checkout", "-q", "feature");
      assertThat(work.resolve(".agentops")).doesNotExist();

      assertThatThrownBy(() -> store.write(put(key("work", "b"), "{\"v\":2}")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("no longer has refs/heads/main checked out");
      assertThat(store.head()).contains(tip);
      assertThat(cli.gitOut(work, "rev-parse", "feature").strip())
          .isEqualTo(cli.gitOut(work, "rev-parse", "main~1").strip());
      // Reading goes on from the store's branch.
      assertThat(store.ids("work")).containsExactly("a");

      cli.gitOut(work, "checkout", "-q", "main");
      assertThat(store.write(put(key("work", "b"), "{\"v\":2}")))
          .isInstanceOf(WriteResult.Committed.class);
      assertThat(store.ids("work")).containsExactly("a", "b");
      assertThat(status()).doesNotContain(".agentops");
    }
  }

  @Test
  void aBranchWithNoCommitsYetGetsItsFirstCommitFromTheStore() throws Exception {
    Path fresh = Files.createDirectories(dir.resolve("fresh"));
    cli.gitOut(fresh, "init", "-q", "-b", "trunk");
    Files.writeString(fresh.resolve("notes.txt"), "mine\n");
    try (GitStore store =
        GitStore.builder(fresh).workingTree(true).clock(new SettableClock(T0)).build()) {
      assertThat(store.head()).isEmpty();
      store.write(put(key("work", "a"), "{\"v\":1}"));
      assertThat(store.refName()).isEqualTo("refs/heads/trunk");
    }
    assertThat(cli.gitOut(fresh, "status", "--porcelain=v1", "-uall")).isEqualTo("?? notes.txt\n");
    assertThat(cli.gitOut(fresh, "ls-tree", "-r", "--name-only", "HEAD"))
        .isEqualTo(".agentops/" + path("work", "a", "json") + "\n");
  }

  @Test
  void whileAnotherProcessHoldsTheIndexTheBranchDoesNotMove() throws Exception {
    try (GitStore store = open()) {
      store.write(put(key("work", "a"), "{\"v\":1}"));
      String tip = store.head().orElseThrow();
      Path lock = work.resolve(".git/index.lock");
      Files.writeString(lock, "");
      CompletableFuture<WriteResult> waiting =
          CompletableFuture.supplyAsync(() -> store.write(put(key("work", "b"), "{\"v\":2}")));
      // The writer waits for the lock; nothing moves while it is held.
      Thread.sleep(300);
      assertThat(waiting).isNotDone();
      assertThat(store.head()).contains(tip);
      Files.delete(lock);
      assertThat(waiting.get(ChildProcesses.GUARD_SECONDS, TimeUnit.SECONDS))
          .isInstanceOf(WriteResult.Committed.class);
      assertThat(store.ids("work")).containsExactly("a", "b");
      assertThat(status()).doesNotContain(".agentops");
    }
  }

  @Test
  void anIndexLockThatNeverGoesAwayFailsTheWriteWithoutCommitting() throws Exception {
    try (GitStore store = open()) {
      String before = cli.gitOut(work, "rev-parse", "main").strip();
      Files.writeString(work.resolve(".git/index.lock"), "");
      assertThatThrownBy(() -> store.write(put(key("work", "a"), "{\"v\":1}")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("could not lock the index");
      assertThat(cli.gitOut(work, "rev-parse", "main").strip()).isEqualTo(before);
      assertThat(work.resolve(".agentops")).doesNotExist();
    }
  }

  @Test
  void badFilesUnderAgentopsAreQuarantinedAndTheRestLoads() throws Exception {
    try (GitStore store = open()) {
      store.write(put(key("work", "good"), "{\"v\":1}"));
    }
    commitFiles(
        work,
        "main",
        Map.of(
            ".agentops/" + path("work", "broken", "json"),
            "{not json".getBytes(UTF_8),
            ".agentops/" + path("work", "latin", "json"),
            new byte[] {'{', (byte) 0xff, '}'}));
    try (GitStore store = open()) {
      ScanResult scan = store.scan("work");
      assertThat(scan.records()).extracting(r -> r.key().id()).containsExactly("good");
      assertThat(scan.quarantined())
          .extracting(q -> q.path().substring(q.path().lastIndexOf('/') + 1))
          .containsExactlyInAnyOrder("broken.json", "latin.json");
    }
  }

  @Test
  void theBuilderRefusesWhatWorkingTreeModeCannotDo() throws Exception {
    assertThatThrownBy(() -> GitStore.builder(work).workingTree(true).branch("notes").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("branch(...) and workingTree(true)");
    assertThatThrownBy(
            () -> GitStore.builder(dir.resolve("new.git")).workingTree(true).create(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bare repository");
    try (GitStore bare = GitStore.builder(dir.resolve("b.git")).create(true).build()) {
      assertThat(bare.head()).isEmpty();
    }
    assertThatThrownBy(() -> GitStore.builder(dir.resolve("b.git")).workingTree(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'b.git' is a bare repository");
    cli.gitOut(work, "checkout", "-q", "--detach", "feature");
    assertThatThrownBy(() -> GitStore.builder(work).workingTree(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'shop' has no branch checked out (HEAD is detached)");
    cli.gitOut(work, "checkout", "-q", "main");
    try (GitStore store = open()) {
      for (Runnable r :
          Arrays.<Runnable>asList(
              () -> store.sync("origin"),
              () -> store.writeThrough("origin", put(key("work", "a"), "{}")),
              () -> store.through("origin"))) {
        assertThatThrownBy(r::run)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("working-tree mode");
      }
    }
  }
}
