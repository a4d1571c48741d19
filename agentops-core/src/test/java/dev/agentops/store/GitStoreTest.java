package dev.agentops.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentops.core.ChildProcesses;
import dev.agentops.hygiene.PathNormalizer;
import dev.agentops.hygiene.RecordHygiene;
import dev.agentops.hygiene.SecretRedactor;
import dev.agentops.store.internal.Envelope;
import dev.agentops.store.internal.Packs;
import dev.agentops.store.internal.WriterLocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The git store's git-specific behaviour, on real repositories with the real {@code git} CLI where
 * git is the judge: it never touches the user's working tree, index or branches; its files are
 * where the layout says; everything survives a reopen and a clone; unreadable files are
 * quarantined; a few hundred writes leave a repository {@code git fsck --strict} accepts; queued
 * batches share commits but keep their own results. The semantics every store shares are in {@code
 * StoreContract} ({@code agentops-testkit}), not repeated here.
 */
class GitStoreTest {

  static final Instant T0 = Instant.parse("2026-03-15T12:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  ChildProcesses cli;

  @BeforeEach
  void isolateChildProcesses() {
    cli = new ChildProcesses(dir.resolve("home"));
  }

  // --- helpers ---

  static WriteResult.Committed committed(WriteResult r) {
    assertThat(r).isInstanceOf(WriteResult.Committed.class);
    return (WriteResult.Committed) r;
  }

  static RecordKey key(String collection, String id) {
    return RecordKey.of(collection, id);
  }

  static WriteBatch put(RecordKey key, String json) {
    return WriteBatch.builder().put(key, RecordFormat.JSON, json).build();
  }

  /** The shard the layout documents, computed here independently of the store. */
  static String shard(String id) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(id.getBytes(UTF_8));
      String hex = HexFormat.of().formatHex(sha1, 0, 2);
      return hex.substring(0, 2) + "/" + hex.substring(2, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String path(String collection, String id, String extension) {
    return collection + "/" + shard(id) + "/" + id + "." + extension;
  }

  GitStore bare(String name) {
    return GitStore.builder(dir.resolve(name)).create(true).clock(new SettableClock(T0)).build();
  }

  static long field(StoredRecord r, String name) {
    try {
      return JSON.readTree(r.content()).get(name).asLong();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file below a folder, by relative path, skipping one subfolder name if given. */
  static Map<String, byte[]> files(Path root, String... skip) throws IOException {
    Set<String> skipped = Set.of(skip);
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (Files.isRegularFile(p) && skipped.stream().noneMatch(s -> rel.startsWith(s + "/"))) {
          out.put(rel, Files.readAllBytes(p));
        }
      }
    }
    return out;
  }

  static Map<String, FileTime> mtimes(Path root, String skip) throws IOException {
    Map<String, FileTime> out = new TreeMap<>();
    for (String rel : files(root, skip).keySet()) {
      out.put(rel, Files.getLastModifiedTime(root.resolve(rel)));
    }
    return out;
  }

  /** The bytes of a file on a branch, read with JGit. */
  static byte[] blob(Path repository, String branch, String path) throws IOException {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir(repository)).build();
        RevWalk walk = new RevWalk(repo);
        org.eclipse.jgit.treewalk.TreeWalk tree =
            org.eclipse.jgit.treewalk.TreeWalk.forPath(
                repo,
                path,
                walk.parseCommit(repo.exactRef(Constants.R_HEADS + branch).getObjectId())
                    .getTree())) {
      assertThat(tree).as(path).isNotNull();
      return repo.open(tree.getObjectId(0)).getBytes();
    }
  }

  /** Commits files straight onto a branch with JGit, next to what is already there. */
  static String commitFiles(Path repository, String branch, Map<String, byte[]> files)
      throws IOException {
    return commitFiles(repository, branch, files, Map.of(), false);
  }

  /**
   * Commits files straight onto a branch with JGit, and entries naming blobs that are not in the
   * repository; the new objects go into one pack, as the store writes them, or loose.
   */
  static String commitFiles(
      Path repository,
      String branch,
      Map<String, byte[]> files,
      Map<String, ObjectId> missing,
      boolean inOnePack)
      throws IOException {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir(repository)).build();
        ObjectInserter inserter = inOnePack ? Packs.inserter(repo) : repo.newObjectInserter();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId tip = repo.exactRef(Constants.R_HEADS + branch).getObjectId();
      RevCommit parent = walk.parseCommit(tip);
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      builder.addTree(new byte[0], 0, walk.getObjectReader(), parent.getTree());
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        DirCacheEntry e = new DirCacheEntry(f.getKey());
        e.setFileMode(FileMode.REGULAR_FILE);
        e.setObjectId(inserter.insert(Constants.OBJ_BLOB, f.getValue()));
        builder.add(e);
      }
      for (Map.Entry<String, ObjectId> m : missing.entrySet()) {
        DirCacheEntry e = new DirCacheEntry(m.getKey());
        e.setFileMode(FileMode.REGULAR_FILE);
        e.setObjectId(m.getValue());
        builder.add(e);
      }
      builder.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      commit.setParentId(tip);
      PersonIdent who = new PersonIdent("Someone Else", "else@example.test");
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage("hand-made files\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
      update.setExpectedOldObjectId(tip);
      update.setNewObjectId(id);
      assertThat(update.update()).isEqualTo(RefUpdate.Result.FAST_FORWARD);
      return id.getName();
    }
  }

  static java.io.File gitDir(Path repository) {
    Path dotGit = repository.resolve(Constants.DOT_GIT);
    return (Files.isDirectory(dotGit) ? dotGit : repository).toFile();
  }

  /** A user's repository: two commits on main, a second branch, and a dirty, staged state. */
  Path usersRepository() throws IOException {
    return usersRepository(cli, dir);
  }

  /** A user's repository in a folder of {@code dir}, made with the real git CLI. */
  static Path usersRepository(ChildProcesses cli, Path dir) throws IOException {
    Path work = Files.createDirectories(dir.resolve("shop"));
    cli.gitOut(work, "init", "-q", "-b", "main");
    cli.gitOut(work, "config", "user.name", "Ana Developer");
    cli.gitOut(work, "config", "user.email", "ana@example.test");
    Files.writeString(work.resolve("README.md"), "# Shop\n");
    Files.writeString(work.resolve(".gitignore"), "build/\n");
    Files.createDirectories(work.resolve("src"));
    Files.writeString(work.resolve("src/Main.java"), "class Main {}\n");
    cli.gitOut(work, "add", "-A");
    cli.gitOut(work, "commit", "-q", "-m", "Initial commit");
    Files.writeString(work.resolve("src/Main.java"), "class Main { int x; }\n");
    cli.gitOut(work, "commit", "-q", "-am", "Add a field");
    cli.gitOut(work, "branch", "feature");
    // Staged: a new file and a change to Main; unstaged on top: more of Main, and README.
    Files.createDirectories(work.resolve("notes"));
    Files.writeString(work.resolve("notes/todo.txt"), "staged, never committed\n");
    Files.writeString(work.resolve("src/Main.java"), "class Main { int x; int y; }\n");
    cli.gitOut(work, "add", "notes/todo.txt", "src/Main.java");
    Files.writeString(work.resolve("src/Main.java"), "class Main { int x; int y; int z; }\n");
    Files.writeString(work.resolve("README.md"), "# Shop\n\nWork in progress.\n");
    Files.writeString(work.resolve("untracked.txt"), "not added\n");
    Files.createDirectories(work.resolve("build"));
    Files.write(work.resolve("build/out.bin"), new byte[] {0, 1, 2, (byte) 0xff});
    return work;
  }

  static List<String> dirCache(Path work) throws IOException {
    DirCache index = DirCache.read(work.resolve(".git/index").toFile(), FS.DETECTED);
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < index.getEntryCount(); i++) {
      DirCacheEntry e = index.getEntry(i);
      entries.add(
          e.getPathString()
              + " "
              + e.getFileMode()
              + " "
              + e.getObjectId().getName()
              + " "
              + e.getStage()
              + " "
              + e.getLength()
              + " "
              + e.getLastModifiedInstant());
    }
    return entries;
  }

  /** One commit of {@code git log}, as git reads it. */
  record LoggedCommit(
      String id,
      String author,
      long authorTime,
      String committer,
      long commitTime,
      List<String> messageLines) {}

  List<LoggedCommit> gitLog(Path repository, String branch) {
    String out =
        cli.gitOut(
            repository,
            "log",
            "--reverse",
            "--format=%H%x00%an <%ae>%x00%at%x00%cn <%ce>%x00%ct%x00%B%x01",
            branch);
    List<LoggedCommit> commits = new ArrayList<>();
    for (String c : out.split("\u0001")) {
      if (c.isBlank()) {
        continue;
      }
      String[] f = c.strip().split("\u0000", -1);
      commits.add(
          new LoggedCommit(
              f[0],
              f[1],
              Long.parseLong(f[2]),
              f[3],
              Long.parseLong(f[4]),
              Arrays.stream(f[5].split("\n")).filter(l -> !l.isEmpty()).toList()));
    }
    return commits;
  }

  // --- the tests ---

  @Nested
  class InAUsersRepository {

    @Test
    void neverTouchesTheWorkingTreeTheIndexHeadOrTheUsersBranches() throws Exception {
      Path work = usersRepository();
      String statusArgs = "--porcelain=v1";
      // git status may refresh the index; run it before taking the index's bytes.
      String statusBefore = cli.gitOut(work, "status", statusArgs, "-uall", "--ignored");
      Map<String, byte[]> treeBefore = files(work, ".git");
      Map<String, FileTime> mtimesBefore = mtimes(work, ".git");
      Map<String, byte[]> gitBefore = files(work.resolve(".git"), "objects");
      List<String> indexBefore = dirCache(work);
      String refsBefore = cli.gitOut(work, "for-each-ref", "--format=%(refname) %(objectname)");
      String headBefore = cli.gitOut(work, "rev-parse", "HEAD", "main", "feature");
      assertThat(statusBefore)
          .contains(
              "A  notes/todo.txt",
              "MM src/Main.java",
              " M README.md",
              "?? untracked.txt",
              "!! build/out.bin");

      try (GitStore store = GitStore.builder(work).clock(new SettableClock(T0)).build()) {
        for (int i = 0; i < 40; i++) {
          RecordKey k = key("work", "bd-" + (i % 7));
          store.write(
              WriteBatch.builder()
                  .put(k, RecordFormat.JSON, "{\"title\":\"item " + i + "\"}")
                  .append("chain", "w-1", "{\"n\":" + i + "}")
                  .build());
          if (i % 10 == 9) {
            store.write(
                WriteBatch.builder()
                    .put(
                        key("learnings", "l-" + i),
                        RecordFormat.MARKDOWN,
                        "---\ntitle: lesson " + i + "\n---\nBody.\n")
                    .delete(k, Expect.any())
                    .build());
          }
        }
        assertThat(store.ids("learnings")).hasSize(4);
      }

      Map<String, byte[]> gitAfter = files(work.resolve(".git"), "objects");
      assertThat(gitAfter.keySet())
          .as("files in .git other than objects")
          .containsExactlyInAnyOrderElementsOf(
              union(gitBefore.keySet(), "refs/heads/agentops", "logs/refs/heads/agentops"));
      for (Map.Entry<String, byte[]> f : gitBefore.entrySet()) {
        assertThat(gitAfter.get(f.getKey())).as(".git/" + f.getKey()).isEqualTo(f.getValue());
      }
      Map<String, byte[]> treeAfter = files(work, ".git");
      assertThat(treeAfter.keySet()).isEqualTo(treeBefore.keySet());
      for (Map.Entry<String, byte[]> f : treeBefore.entrySet()) {
        assertThat(treeAfter.get(f.getKey())).as(f.getKey()).isEqualTo(f.getValue());
      }
      assertThat(mtimes(work, ".git")).isEqualTo(mtimesBefore);
      assertThat(dirCache(work)).isEqualTo(indexBefore);
      assertThat(cli.gitOut(work, "status", statusArgs, "-uall", "--ignored"))
          .isEqualTo(statusBefore);
      assertThat(cli.gitOut(work, "symbolic-ref", "HEAD")).isEqualTo("refs/heads/main\n");
      assertThat(cli.gitOut(work, "rev-parse", "HEAD", "main", "feature")).isEqualTo(headBefore);
      String agentops = cli.gitOut(work, "rev-parse", "agentops").strip();
      assertThat(cli.gitOut(work, "for-each-ref", "--format=%(refname) %(objectname)"))
          .isEqualTo(
              new TreeSet<>(
                          union(Set.of(refsBefore.split("\n")), "refs/heads/agentops " + agentops))
                      .stream().collect(Collectors.joining("\n"))
                  + "\n");
      // The store's branch shares no history with the user's.
      assertThat(cli.git(work, "merge-base", "main", "agentops").exit()).isEqualTo(1);
    }

    @Test
    void commitsWithStructuredMessagesTheConfiguredIdentityAndTheInjectedClocksTime()
        throws Exception {
      Path work = usersRepository();
      SettableClock clock = new SettableClock(T0);
      List<Instant> times = new ArrayList<>();
      try (GitStore store =
          GitStore.builder(work).author("Agent Smith", "smith@example.test").clock(clock).build()) {
        store.write(put(key("work", "bd-1"), "{\"title\":\"Fix the build\"}"));
        times.add(clock.instant());

        clock.set(T0.plus(Duration.ofMinutes(7)));
        store.write(
            WriteBatch.builder()
                .put(key("work", "bd-2"), RecordFormat.JSON, "{}", Expect.absent())
                .put(key("work", "bd-1"), RecordFormat.JSON, "{\"status\":\"done\"}")
                .append("chain", "w-1", "{\"step\":\"lock\"}")
                .build());
        times.add(clock.instant());

        clock.set(T0.plus(Duration.ofDays(40)));
        store.write(WriteBatch.builder().delete(key("work", "bd-2"), Expect.revision(1)).build());
        times.add(clock.instant());
      }

      List<LoggedCommit> log = gitLog(work, "agentops");

      assertThat(log).hasSize(3);
      assertThat(log.get(0).messageLines()).containsExactly("agentops: create work/bd-1");
      assertThat(log.get(1).messageLines())
          .containsExactly(
              "agentops: 3 operations",
              "agentops: create work/bd-2",
              "agentops: update work/bd-1",
              "agentops: append chain/w-1");
      assertThat(log.get(2).messageLines()).containsExactly("agentops: delete work/bd-2");
      for (int i = 0; i < log.size(); i++) {
        LoggedCommit c = log.get(i);
        assertThat(c.author()).isEqualTo("Agent Smith <smith@example.test>");
        assertThat(c.committer()).isEqualTo("Agent Smith <smith@example.test>");
        assertThat(c.authorTime()).isEqualTo(times.get(i).getEpochSecond());
        assertThat(c.commitTime()).isEqualTo(times.get(i).getEpochSecond());
      }
      // The only append happened in March, by the injected clock.
      assertThat(cli.gitOut(work, "ls-tree", "-r", "--name-only", "agentops", "logs"))
          .isEqualTo("logs/chain/w-1/2026-03.jsonl\n");
    }
  }

  @Nested
  class Layout {

    @Test
    void putsRecordsInTheirShardAndLogsPerWriterAndMonth() throws Exception {
      SettableClock clock = new SettableClock(T0);
      Path repo = dir.resolve("layout.git");
      try (GitStore store = GitStore.builder(repo).create(true).clock(clock).build()) {
        store.write(
            WriteBatch.builder()
                .put(key("work", "bd-1"), RecordFormat.JSON, "{}")
                .put(key("work", "bd-2"), RecordFormat.JSON, "{}")
                .put(key("work-x", "A_b.c-9"), RecordFormat.JSON, "{}")
                .put(
                    key("learnings", "l-1"),
                    RecordFormat.MARKDOWN,
                    "---\ntitle: t\n---\nBody line.\n")
                .append("citations", "w-1", "{\"n\":1}", "{\"n\":2}")
                .append("chain", "w-2", "{\"n\":3}")
                .build());
        clock.set(Instant.parse("2026-04-01T00:00:00Z"));
        store.write(WriteBatch.builder().append("citations", "w-1", "{\"n\":4}").build());
        String bd1 = store.read(key("work", "bd-1")).orElseThrow().content();
        String l1 = store.read(key("learnings", "l-1")).orElseThrow().content();

        String tree = cli.gitOut(repo, "ls-tree", "-r", "agentops");

        assertThat(tree.lines().map(l -> l.substring(l.indexOf('\t') + 1)))
            .containsExactlyInAnyOrder(
                path("work", "bd-1", "json"),
                path("work", "bd-2", "json"),
                path("work-x", "A_b.c-9", "json"),
                path("learnings", "l-1", "md"),
                "logs/citations/w-1/2026-03.jsonl",
                "logs/citations/w-1/2026-04.jsonl",
                "logs/chain/w-2/2026-03.jsonl");
        assertThat(tree.lines()).allMatch(l -> l.startsWith("100644 blob "));
        assertThat(cli.gitOut(repo, "show", "agentops:" + path("work", "bd-1", "json")))
            .isEqualTo(bd1);
        assertThat(cli.gitOut(repo, "show", "agentops:" + path("learnings", "l-1", "md")))
            .isEqualTo(l1)
            .isEqualTo("---\nrevision: 1\ntitle: t\n---\nBody line.\n");
        assertThat(cli.gitOut(repo, "show", "agentops:logs/citations/w-1/2026-03.jsonl"))
            .isEqualTo("{\"n\":1}\n{\"n\":2}\n");
        assertThat(cli.gitOut(repo, "show", "agentops:logs/citations/w-1/2026-04.jsonl"))
            .isEqualTo("{\"n\":4}\n");
      }
    }

    @Test
    void keepsRecordsOnTheConfiguredBranchOnly() throws Exception {
      Path repo = dir.resolve("branch.git");
      try (GitStore store = GitStore.builder(repo).create(true).branch("team/records").build()) {
        store.write(put(key("work", "bd-1"), "{}"));
        assertThat(store.refName()).isEqualTo("refs/heads/team/records");
      }
      assertThat(cli.gitOut(repo, "for-each-ref", "--format=%(refname)"))
          .isEqualTo("refs/heads/team/records\n");
    }
  }

  @Nested
  class Reopening {

    @Test
    void aNewStoreOnTheRepositorySeesEveryRecordLogAndVersion() throws Exception {
      Path work = usersRepository();
      String head;
      List<RecordVersion> history;
      try (GitStore store = GitStore.builder(work).clock(new SettableClock(T0)).build()) {
        for (int i = 1; i <= 5; i++) {
          store.write(
              WriteBatch.builder()
                  .put(key("work", "bd-1"), RecordFormat.JSON, "{\"n\":" + i + "}")
                  .put(key("work", "bd-" + (i + 1)), RecordFormat.JSON, "{}")
                  .append("chain", "w-1", "{\"n\":" + i + "}")
                  .build());
        }
        head = store.head().orElseThrow();
        history = store.history(key("work", "bd-1"));
      }

      // Once every store on it is closed, the JVM's shared writer for the repository is gone too.
      try (GitStore byWorkTree = GitStore.builder(work).build();
          GitStore byGitDir = GitStore.builder(work.resolve(".git")).build()) {
        for (GitStore store : List.of(byWorkTree, byGitDir)) {
          assertThat(store.head()).contains(head);
          assertThat(store.read(key("work", "bd-1")).orElseThrow().revision()).isEqualTo(5);
          assertThat(field(store.read(key("work", "bd-1")).orElseThrow(), "n")).isEqualTo(5);
          assertThat(store.ids("work")).hasSize(6);
          assertThat(store.log("chain")).hasSize(5);
          assertThat(store.history(key("work", "bd-1"))).isEqualTo(history).hasSize(5);
        }
        WriteResult.Committed next =
            committed(
                byGitDir.write(
                    WriteBatch.builder()
                        .put(key("work", "bd-1"), RecordFormat.JSON, "{}", Expect.revision(5))
                        .build()));
        assertThat(next.revision(key("work", "bd-1"))).isEqualTo(6);
        assertThat(byWorkTree.head()).contains(next.commitId());
      }
    }
  }

  @Nested
  class ContentIds {

    @Test
    void nameACollectionsRecords_changingOnlyWhenTheyChange() {
      try (GitStore store =
          GitStore.builder(dir.resolve("store.git"))
              .create(true)
              .clock(new SettableClock(T0))
              .build()) {
        String none = store.contentId("work").orElseThrow();
        store.write(
            WriteBatch.builder().put(key("work", "bd-1"), RecordFormat.JSON, "{\"n\":1}").build());
        String first = store.contentId("work").orElseThrow();
        String firstCommit = store.head().orElseThrow();

        store.write(
            WriteBatch.builder()
                .put(key("notes", "n-1"), RecordFormat.JSON, "{}")
                .append("chain", "w-1", "{}")
                .build());
        String otherCollectionWritten = store.contentId("work").orElseThrow();
        store.write(
            WriteBatch.builder()
                .put(key("work", "bd-1"), RecordFormat.JSON, "{\"n\":2}", Expect.revision(1))
                .build());
        String changed = store.contentId("work").orElseThrow();

        assertThat(first).isNotEqualTo(none);
        assertThat(otherCollectionWritten).isEqualTo(first);
        assertThat(changed).isNotEqualTo(first);
        assertThat(store.at(firstCommit).contentId("work")).contains(first);
        assertThat(store.contentId("empty")).contains(none);
      }
    }

    @Test
    void changedIdsAreWhatDiffersFromAnEarlierContentId_addedChangedAndRemoved() {
      try (GitStore store =
          GitStore.builder(dir.resolve("store.git"))
              .create(true)
              .clock(new SettableClock(T0))
              .build()) {
        String none = store.contentId("work").orElseThrow();
        store.write(
            WriteBatch.builder()
                .put(key("work", "a"), RecordFormat.JSON, "{\"n\":1}")
                .put(key("work", "b"), RecordFormat.JSON, "{\"n\":1}")
                .put(key("work", "c"), RecordFormat.MARKDOWN, "---\nn: 1\n---\nC.\n")
                .build());
        String since = store.contentId("work").orElseThrow();
        String sinceCommit = store.head().orElseThrow();

        store.write(
            WriteBatch.builder()
                .put(key("work", "a"), RecordFormat.JSON, "{\"n\":2}", Expect.revision(1))
                .delete(key("work", "b"), Expect.revision(1))
                .put(key("work", "d"), RecordFormat.JSON, "{}")
                .put(key("notes", "n-1"), RecordFormat.JSON, "{}")
                .build());

        assertThat(store.changedIds("work", since)).contains(Set.of("a", "b", "d"));
        assertThat(store.changedIds("work", none)).contains(Set.of("a", "c", "d"));
        assertThat(store.changedIds("work", store.contentId("work").orElseThrow()))
            .contains(Set.of());
        assertThat(store.at(sinceCommit).changedIds("work", since)).contains(Set.of());
        assertThat(store.at(sinceCommit).changedIds("work", none)).contains(Set.of("a", "b", "c"));
        // not a tree this repository holds: the store cannot tell
        assertThat(store.changedIds("work", "not-an-id")).isEmpty();
        assertThat(store.changedIds("work", "0123456789abcdef0123456789abcdef01234567")).isEmpty();
        assertThat(store.changedIds("work", sinceCommit)).as("a commit, not a tree").isEmpty();

        // a collection emptied, so its folder is gone: every record it had is a change
        store.write(
            WriteBatch.builder()
                .delete(key("work", "a"), Expect.revision(2))
                .delete(key("work", "c"), Expect.revision(1))
                .delete(key("work", "d"), Expect.revision(1))
                .build());
        assertThat(store.contentId("work")).contains(none);
        assertThat(store.changedIds("work", since)).contains(Set.of("a", "b", "c"));
      }
    }
  }

  @Nested
  class Quarantine {

    static final String MARKER = "SECRET-MARKER-7f3a";

    @Test
    void reportsEveryUnreadableFileWithItsProblemAndStillLoadsTheGoodOnes() throws Exception {
      Path repo = dir.resolve("quarantine.git");
      try (GitStore store = bare("quarantine.git")) {
        store.write(
            WriteBatch.builder()
                .put(key("work", "good-1"), RecordFormat.JSON, "{\"n\":1}")
                .put(key("work", "good-2"), RecordFormat.JSON, "{\"n\":2}")
                .put(key("work", "twice"), RecordFormat.JSON, "{\"n\":3}")
                .put(key("work", "good-md"), RecordFormat.MARKDOWN, "---\nn: 4\n---\nBody.\n")
                .build());
      }
      Map<String, String> bad = new LinkedHashMap<>(); // path -> what the reason must name
      Map<String, byte[]> files = new LinkedHashMap<>();
      addBad(files, bad, path("work", "bad-json", "json"), "{\"t\": \"" + MARKER, "not valid JSON");
      addBad(files, bad, path("work", "bad-array", "json"), "[1, 2]", "not a JSON object");
      addBad(
          files,
          bad,
          path("work", "bad-yaml", "md"),
          "---\ntitle: [" + MARKER + "\n---\nBody.\n",
          "not valid YAML");
      addBad(files, bad, path("work", "bad-fm", "md"), MARKER + " but no front matter\n", "front");
      addBad(files, bad, path("work", "bad-rev", "json"), "{\"revision\":\"three\"}", "revision");
      // 0xc3 starts a two-byte sequence; '(' cannot continue it.
      byte[] invalidUtf8 = concat("{\"t\":\"caf".getBytes(UTF_8), new byte[] {(byte) 0xc3, 0x28});
      files.put(path("work", "bad-utf8", "json"), concat(invalidUtf8, "\"}".getBytes(UTF_8)));
      bad.put(path("work", "bad-utf8", "json"), "UTF-8");
      String big = "{\"big\":\"" + "x".repeat((1 << 20) + 16) + "\"}";
      addBad(files, bad, path("work", "huge", "json"), big, "over the limit");
      addBad(files, bad, "work/aa/b/bad..id.json", "{}", "valid id");
      addBad(files, bad, "work/" + shard("bd-3") + "/-dash-first.json", "{}", "valid id");
      String wrongShard = shard("misplaced").equals("00/0") ? "01/0" : "00/0";
      addBad(files, bad, "work/" + wrongShard + "/misplaced.json", "{}", "shard");
      addBad(files, bad, "work/shallow.json", "{}", "depth");
      // Where earlier versions kept a record, one folder deep: named as such.
      String earlier = "work/" + shard("old-layout").substring(0, 2) + "/old-layout.json";
      addBad(files, bad, earlier, "{}", "one folder deep, as earlier versions wrote");
      addBad(files, bad, "work/aa/b/c/deep.json", "{}", "depth");
      addBad(files, bad, path("work", "notes", "txt"), "hello", ".json or");
      addBad(files, bad, path("work", "twice", "md"), "---\nn: 5\n---\n", "same id");
      files.put("README.md", "not a record\n".getBytes(UTF_8));
      files.put("Not_A_Collection/aa/x.json", "{}".getBytes(UTF_8));
      commitFiles(repo, "agentops", files);

      try (GitStore store = GitStore.builder(repo).build()) {
        ScanResult scan = store.scan("work");

        assertThat(scan.records())
            .extracting(r -> r.key().id())
            .containsExactly("good-1", "good-2", "good-md", "twice");
        assertThat(scan.records().get(3).format()).isEqualTo(RecordFormat.JSON);
        assertThat(scan.quarantined())
            .extracting(Quarantined::path)
            .containsExactlyInAnyOrderElementsOf(bad.keySet());
        for (Quarantined q : scan.quarantined()) {
          assertThat(q.reason()).as(q.path()).contains(bad.get(q.path())).doesNotContain(MARKER);
        }

        // Ids at their documented place are listed, readable or not; misplaced names are not.
        assertThat(store.ids("work"))
            .containsExactly(
                "bad-array",
                "bad-fm",
                "bad-json",
                "bad-rev",
                "bad-utf8",
                "bad-yaml",
                "good-1",
                "good-2",
                "good-md",
                "huge",
                "twice");
        assertThat(store.collections()).containsExactly("work");
        for (String id : List.of("good-1", "good-2", "good-md", "twice")) {
          assertThat(store.read(key("work", id))).as(id).isPresent();
        }
        for (String id :
            List.of("bad-json", "bad-array", "bad-yaml", "bad-fm", "bad-rev", "bad-utf8", "huge")) {
          assertThatThrownBy(() -> store.read(key("work", id)))
              .as(id)
              .isInstanceOf(StoreException.class)
              .hasMessageContaining("work/" + id)
              .hasMessageNotContaining(MARKER)
              .satisfies(e -> assertThat(((StoreException) e).location()).isEqualTo("work/" + id));
        }
        assertThat(store.read(key("work", "misplaced"))).isEmpty();

        // A write that needs an unreadable record's revision is refused naming it; others land.
        assertThatThrownBy(() -> store.write(put(key("work", "bad-json"), "{}")))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("work/bad-json");
        committed(store.write(put(key("work", "good-3"), "{}")));
        assertThat(store.scan("work").records()).hasSize(5);
        assertThat(store.scan("work").quarantined()).hasSize(bad.size());
      }
    }

    @Test
    void aBadLineOrShardInALogIsReportedAndEveryOtherLineLoads() throws Exception {
      Path repo = dir.resolve("logs.git");
      try (GitStore store = bare("logs.git")) {
        store.write(WriteBatch.builder().append("chain", "w-0", "{\"n\":0}").build());
      }
      // 0xc3 starts a two-byte sequence; '(' cannot continue it.
      byte[] badLine = concat("{\"t\":\"caf".getBytes(UTF_8), new byte[] {(byte) 0xc3, 0x28});
      byte[] w1 =
          concat(concat("{\"n\":1}\n".getBytes(UTF_8), badLine), "\n\n{\"n\":3}\n".getBytes(UTF_8));
      // A busy writer's month: over a record's 1 MiB limit, which does not apply to logs.
      StringBuilder busy = new StringBuilder();
      for (int i = 0; i < 12_000; i++) {
        busy.append("{\"n\":")
            .append(i)
            .append(",\"pad\":\"")
            .append("p".repeat(90))
            .append("\"}\n");
      }
      assertThat(busy.length()).isGreaterThan(1 << 20);
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put("logs/chain/w-1/2026-03.jsonl", w1);
      files.put("logs/chain/w-3/2026-04.jsonl", busy.toString().getBytes(UTF_8));
      files.put("logs/chain/w-2/not-a-month.jsonl", "{}\n".getBytes(UTF_8));
      files.put("logs/chain/stray.jsonl", "{}\n".getBytes(UTF_8));
      files.put("logs/chain/bad..writer/2026-03.jsonl", "{}\n".getBytes(UTF_8));
      commitFiles(repo, "agentops", files);

      try (GitStore store = GitStore.builder(repo).clock(new SettableClock(T0)).build()) {
        LogScan scan = store.scanLog("chain");
        assertThat(scan.quarantined())
            .extracting(Quarantined::path)
            .containsExactlyInAnyOrder(
                "logs/chain/w-1/2026-03.jsonl:2",
                "logs/chain/w-2/not-a-month.jsonl",
                "logs/chain/stray.jsonl",
                "logs/chain/bad..writer/2026-03.jsonl");
        assertThat(scan.quarantined())
            .filteredOn(q -> q.path().endsWith(":2"))
            .extracting(Quarantined::reason)
            .containsExactly("line 2 is not valid UTF-8");
        assertThat(scan.quarantined())
            .filteredOn(q -> q.path().contains("stray"))
            .extracting(Quarantined::reason)
            .containsExactly("is not a log shard: expected logs/<log>/<writer>/<yyyy-mm>.jsonl");
        assertThat(scan.entries()).hasSize(1 + 2 + 12_000);
        assertThat(scan.entries().stream().filter(e -> e.writer().equals("w-1")))
            .extracting(LogEntry::line)
            .containsExactly("{\"n\":1}", "{\"n\":3}");
        assertThat(store.log("chain")).isEqualTo(scan.entries());

        // Appending to the shard keeps the unreadable line's bytes exactly as they were.
        committed(store.write(WriteBatch.builder().append("chain", "w-1", "{\"n\":4}").build()));
        assertThat(blob(repo, "agentops", "logs/chain/w-1/2026-03.jsonl"))
            .isEqualTo(concat(w1, "{\"n\":4}\n".getBytes(UTF_8)));
        assertThat(store.scanLog("chain").quarantined()).hasSize(4);
        assertThat(store.log("chain")).hasSize(1 + 3 + 12_000);
      }
    }

    @Test
    void aLineOverTheSizeLimitIsRefusedBeforeAnythingIsWritten() {
      String line = "x".repeat((1 << 20) + 1);
      assertThatThrownBy(() -> WriteBatch.builder().append("chain", "w-1", "ok", line))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("line 1 appended to log 'chain' is over the limit");
    }

    private void addBad(
        Map<String, byte[]> files, Map<String, String> bad, String path, String text, String why) {
      files.put(path, text.getBytes(UTF_8));
      bad.put(path, why);
    }
  }

  @Nested
  class ParallelScan {

    /**
     * Files planted in a collection, with what a scan must make of each: records by id, and
     * quarantined paths (in the walk's order, which for these names is their string order) with a
     * fragment of the reason.
     */
    final class Planted {
      final Map<String, byte[]> files = new TreeMap<>();
      final Map<String, ObjectId> missing = new TreeMap<>();
      final Map<String, StoredRecord> records = new TreeMap<>();
      final Map<String, String> bad = new TreeMap<>();
      int atTheirPlace;

      void good(String id, RecordFormat format, String content, long revision) {
        place(path("work", id, extension(format)), content);
        records.put(id, new StoredRecord(key("work", id), revision, format, content));
      }

      void unreadable(String id, RecordFormat format, String content, String why) {
        place(path("work", id, extension(format)), content);
        bad.put(path("work", id, extension(format)), why);
      }

      void place(String path, String content) {
        files.put(path, content.getBytes(UTF_8));
        atTheirPlace++;
      }

      void misplaced(String path, String why) {
        files.put(path, "{}".getBytes(UTF_8));
        bad.put(path, why);
      }

      static String extension(RecordFormat format) {
        return format == RecordFormat.JSON ? "json" : "md";
      }
    }

    /** Good records mostly, and among them every kind of file a scan quarantines. */
    Planted plant(Random random, int count) {
      Planted p = new Planted();
      int huge = 0;
      for (int i = 0; i < count; i++) {
        String id = "r-" + i;
        int revision = 1 + random.nextInt(9);
        String json = "{\"n\":" + i + ",\"revision\":" + revision + "}";
        String md = "---\nrevision: " + revision + "\nn: " + i + "\n---\nBody " + i + ".\n";
        int kind = random.nextInt(100);
        if (kind < 60) {
          p.good(id, RecordFormat.JSON, json, revision);
          continue;
        }
        if (kind < 75) {
          p.good(id, RecordFormat.MARKDOWN, md, revision);
          continue;
        }
        switch (random.nextInt(17)) {
          case 0 -> p.unreadable(id, RecordFormat.JSON, "{\"n\": " + i, "is not valid JSON");
          case 1 -> p.unreadable(id, RecordFormat.JSON, "[" + i + "]", "is not a JSON object");
          case 2 -> {
            // 0xc3 starts a two-byte sequence; '(' cannot continue it.
            p.files.put(
                path("work", id, "json"),
                concat("{\"t\":\"caf".getBytes(UTF_8), new byte[] {(byte) 0xc3, 0x28}));
            p.bad.put(path("work", id, "json"), "is not valid UTF-8");
            p.atTheirPlace++;
          }
          case 3 ->
              p.unreadable(
                  id,
                  RecordFormat.JSON,
                  "{\"revision\":\"three\"}",
                  "has a revision that is not a whole number >= 1");
          case 4 -> p.unreadable(id, RecordFormat.MARKDOWN, "Body only.\n", "has no front matter");
          case 5 ->
              p.unreadable(id, RecordFormat.MARKDOWN, "---\ntitle: [x\n---\n", "is not valid YAML");
          case 6 -> {
            byte[] never = ("never stored " + random.nextLong() + " " + i).getBytes(UTF_8);
            p.missing.put(
                path("work", id, "json"),
                new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, never));
            p.bad.put(path("work", id, "json"), "is missing from the object database");
            p.atTheirPlace++;
          }
          case 7 -> {
            p.good(id, RecordFormat.JSON, json, revision);
            p.unreadable(
                id,
                RecordFormat.MARKDOWN,
                md,
                "has the same id as another record in another format");
          }
          case 8 -> {
            p.unreadable(id, RecordFormat.JSON, "{", "is not valid JSON");
            p.good(id, RecordFormat.MARKDOWN, md, revision);
          }
          case 9 -> {
            p.good(id, RecordFormat.JSON, json, revision);
            p.unreadable(id, RecordFormat.MARKDOWN, "no front matter\n", "has no front matter");
          }
          case 10 -> {
            String wrong = shard(id).equals("00/0") ? "01/0" : "00/0";
            p.misplaced(
                "work/" + wrong + "/" + id + ".json", "is not in the shard its id belongs to");
          }
          case 11 -> p.misplaced("work/" + id + ".json", "is not at the depth of a record");
          case 12 ->
              p.misplaced(
                  "work/" + shard(id).substring(0, 2) + "/" + id + ".json",
                  "(one folder deep, as earlier versions wrote)");
          case 13 ->
              p.misplaced(
                  "work/" + shard(id) + "/x/" + id + ".json", "is not at the depth of a record");
          case 14 -> p.misplaced(path("work", id, "txt"), "is not named <id>.json or <id>.md");
          case 15 -> p.misplaced("work/aa/b/r.." + i + ".json", "is not named by a valid id");
          default -> {
            if (huge++ < 2) {
              p.unreadable(
                  id,
                  RecordFormat.JSON,
                  "{\"big\":\"" + "x".repeat(Envelope.MAX_RECORD_BYTES) + "\"}",
                  "bytes, over the limit of " + Envelope.MAX_RECORD_BYTES);
            } else {
              p.good(id, RecordFormat.JSON, json, revision);
            }
          }
        }
      }
      return p;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void readsOnSeveralThreadsExactlyWhatOneThreadReads(long seed) throws Exception {
      Path repo = dir.resolve("parallel.git");
      try (GitStore store = bare("parallel.git")) {
        committed(store.write(put(key("work", "by-the-store"), "{\"n\":0}")));
      }
      Planted p = plant(new Random(seed), GitStore.PARALLEL_SCAN + 300);
      commitFiles(repo, "agentops", p.files, p.missing, true);
      // every one of the 14 reasons a scan gives
      assertThat(Set.copyOf(p.bad.values())).as("seed %d", seed).hasSize(14);

      try (GitStore store = GitStore.builder(repo).build()) {
        Map<String, StoredRecord> expected = new TreeMap<>(p.records);
        expected.put("by-the-store", store.read(key("work", "by-the-store")).orElseThrow());
        ScanResult oneThread = store.scan("work", Integer.MAX_VALUE, GitStore.SCAN_CHUNK);

        assertThat(oneThread.records())
            .as("seed %d", seed)
            .containsExactlyElementsOf(expected.values());
        assertThat(oneThread.quarantined())
            .as("seed %d", seed)
            .extracting(Quarantined::path)
            .containsExactlyElementsOf(p.bad.keySet());
        for (Quarantined q : oneThread.quarantined()) {
          assertThat(q.reason()).as("seed %d, %s", seed, q.path()).contains(p.bad.get(q.path()));
        }

        // The store's own threshold is crossed, so a plain scan reads on several threads too.
        assertThat(p.atTheirPlace).isGreaterThanOrEqualTo(GitStore.PARALLEL_SCAN);
        assertThat(store.scan("work")).as("seed %d", seed).isEqualTo(oneThread);
        for (int chunk : new int[] {1, 7, 100, 1_000}) {
          assertThat(store.scan("work", 0, chunk))
              .as("seed %d, chunks of %d", seed, chunk)
              .isEqualTo(oneThread);
        }
        assertThat(store.at(store.head().orElseThrow()).scan("work")).isEqualTo(oneThread);
      }
    }

    @Test
    void anObjectThatCannotBeInflatedFailsTheScanAsOnOneThread() throws Exception {
      Path repo = dir.resolve("corrupt.git");
      try (GitStore store = bare("corrupt.git")) {
        committed(store.write(put(key("work", "by-the-store"), "{\"n\":0}")));
      }
      Planted p = plant(new Random(4), 200);
      // loose, so that one object can be spoilt without touching the others
      commitFiles(repo, "agentops", p.files, p.missing, false);
      // Two objects in different chunks, the first in the walk's order named by the failure.
      List<String> goodPaths = new ArrayList<>();
      for (String id : p.records.keySet()) {
        StoredRecord r = p.records.get(id);
        String path = path("work", id, Planted.extension(r.format()));
        if (!p.bad.containsKey(path)) {
          goodPaths.add(path);
        }
      }
      Collections.sort(goodPaths);
      String first = goodPaths.get(goodPaths.size() / 3);
      String second = goodPaths.get(2 * goodPaths.size() / 3);
      for (String path : List.of(second, first)) {
        ObjectId id = new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, p.files.get(path));
        Path loose = gitDir(repo).toPath().resolve("objects/" + id.name().substring(0, 2));
        loose = loose.resolve(id.name().substring(2));
        assertThat(loose).as(path).isRegularFile();
        Files.delete(loose);
        Files.write(loose, ("not zlib " + path).getBytes(UTF_8));
      }

      try (GitStore store = GitStore.builder(repo).build()) {
        Throwable oneThread =
            catchThrowable(() -> store.scan("work", Integer.MAX_VALUE, GitStore.SCAN_CHUNK));
        String firstId =
            new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, p.files.get(first)).name();
        assertThat(oneThread)
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("could not read the store")
            .hasMessageContaining(firstId)
            .cause()
            .isInstanceOf(IOException.class)
            .isNotInstanceOf(MissingObjectException.class);
        for (int chunk : new int[] {1, 7, 60}) {
          Throwable parallel = catchThrowable(() -> store.scan("work", 0, chunk));
          assertThat(parallel)
              .as("chunks of %d", chunk)
              .isInstanceOf(StoreException.class)
              .hasMessage(oneThread.getMessage())
              .cause()
              .hasSameClassAs(oneThread.getCause())
              .hasMessage(oneThread.getCause().getMessage());
        }
      }
    }
  }

  @Nested
  class Reconstruction {

    /** Everything a reader can see: each collection's records and each log's entries. */
    record State(Map<String, List<StoredRecord>> records, Map<String, List<LogEntry>> logs) {

      static State of(ReadableStore store) {
        Map<String, List<StoredRecord>> records = new TreeMap<>();
        for (String c : store.collections()) {
          ScanResult scan = store.scan(c);
          assertThat(scan.quarantined()).isEmpty();
          records.put(c, scan.records());
        }
        Map<String, List<LogEntry>> logs = new TreeMap<>();
        for (String log : List.of("chain", "citations")) {
          logs.put(log, store.log(log));
        }
        return new State(records, logs);
      }

      long revision(RecordKey key) {
        return records.getOrDefault(key.collection(), List.of()).stream()
            .filter(r -> r.key().equals(key))
            .mapToLong(StoredRecord::revision)
            .findFirst()
            .orElse(0);
      }
    }

    @Test
    void rebuildsEverySessionStateFromHistoryAloneAlsoInAFreshClone() throws Exception {
      Path repo = dir.resolve("sessions.git");
      SettableClock clock = new SettableClock(T0);
      RecordKey session = key("sessions", "s-1");
      RecordKey bd1 = key("work", "bd-1");
      RecordKey bd2 = key("work", "bd-2");
      RecordKey lesson = key("learnings", "l-1");
      List<WriteBatch> batches =
          List.of(
              WriteBatch.builder()
                  .put(session, RecordFormat.JSON, "{\"phase\":\"research\"}", Expect.absent())
                  .append("chain", "s-1", "{\"step\":\"start\"}")
                  .build(),
              WriteBatch.builder()
                  .put(session, RecordFormat.JSON, "{\"phase\":\"plan\"}", Expect.revision(1))
                  .put(bd1, RecordFormat.JSON, "{\"status\":\"open\"}", Expect.absent())
                  .put(bd2, RecordFormat.JSON, "{\"status\":\"open\"}", Expect.absent())
                  .build(),
              WriteBatch.builder()
                  .put(bd1, RecordFormat.JSON, "{\"status\":\"in_progress\"}", Expect.revision(1))
                  .put(lesson, RecordFormat.MARKDOWN, "---\ntitle: t\n---\nFirst draft.\n")
                  .append("chain", "s-1", "{\"step\":\"implement\"}")
                  .append("citations", "s-1", "{\"learning\":\"l-1\"}")
                  .build(),
              WriteBatch.builder()
                  .delete(bd2, Expect.revision(1))
                  .put(bd1, RecordFormat.JSON, "{\"status\":\"done\"}", Expect.revision(2))
                  .put(session, RecordFormat.JSON, "{\"phase\":\"done\"}", Expect.revision(2))
                  .append("chain", "s-1", "{\"step\":\"lock\"}")
                  .build(),
              WriteBatch.builder()
                  .put(lesson, RecordFormat.MARKDOWN, "---\ntitle: t\n---\nSecond draft.\n")
                  .build());
      List<String> commits = new ArrayList<>();
      List<State> acknowledged = new ArrayList<>();
      try (GitStore store = GitStore.builder(repo).create(true).clock(clock).build()) {
        for (int i = 0; i < batches.size(); i++) {
          clock.set(T0.plus(Duration.ofHours(i)));
          WriteResult.Committed c = committed(store.write(batches.get(i)));
          commits.add(c.commitId());
          State now = State.of(store);
          c.revisions().forEach((k, rev) -> assertThat(now.revision(k)).isEqualTo(rev));
          acknowledged.add(now);
        }
        assertThat(acknowledged.get(2).records().get("work"))
            .extracting(r -> r.key().id() + "@" + r.revision())
            .containsExactly("bd-1@2", "bd-2@1");

        for (int i = 0; i < commits.size(); i++) {
          assertThat(State.of(store.at(commits.get(i))))
              .as("as of commit %d", i)
              .isEqualTo(acknowledged.get(i));
        }
      }

      Path clone = dir.resolve("clone.git");
      Git.cloneRepository()
          .setURI(repo.toUri().toString())
          .setDirectory(clone.toFile())
          .setBare(true)
          .call()
          .close();
      assertThat(cli.gitOut(clone, "rev-list", "--reverse", "agentops").lines())
          .containsExactlyElementsOf(commits);
      try (GitStore copy = GitStore.builder(clone).build()) {
        assertThat(copy.head()).contains(commits.get(commits.size() - 1));
        for (int i = 0; i < commits.size(); i++) {
          assertThat(State.of(copy.at(commits.get(i))))
              .as("clone, as of commit %d", i)
              .isEqualTo(acknowledged.get(i));
        }
        assertThat(copy.history(bd1))
            .extracting(v -> v.record().map(StoredRecord::revision).orElse(0L))
            .containsExactly(3L, 2L, 1L);
        assertThat(copy.history(bd2))
            .extracting(RecordVersion::commitId)
            .containsExactly(commits.get(3), commits.get(1));
        assertThat(copy.history(bd2).get(0).time()).isEqualTo(T0.plus(Duration.ofHours(3)));
      }
    }
  }

  @Nested
  class Soundness {

    @Test
    void aFewHundredWritesLeaveARepositoryGitFsckStrictAccepts() throws Exception {
      Path repo = dir.resolve("fsck.git");
      // Names that sort differently as files and as directories stress the tree order.
      List<String> collections = List.of("work", "work-x", "work0", "w");
      List<String> ids = List.of("a", "a.b", "a-b", "a_b", "a0", "A", "b.json", "z.md", "9");
      List<String> writers = List.of("w", "w-1", "w.1", "w0");
      int writes = 0;
      try (GitStore store = GitStore.builder(repo).create(true).build()) {
        for (int i = 0; writes < 300; i++) {
          String c = collections.get(i % collections.size());
          String id = ids.get((i / collections.size()) % ids.size()) + (i % 3 == 0 ? "" : "-" + i);
          WriteBatch.Builder b = WriteBatch.builder();
          if (i % 2 == 0) {
            b.put(key(c, id), RecordFormat.JSON, "{\"i\":" + i + "}");
          } else {
            b.put(key(c, id), RecordFormat.MARKDOWN, "---\ni: " + i + "\n---\nText " + i + "\n");
          }
          b.append(i % 5 == 0 ? "chain" : "chain-x", writers.get(i % writers.size()), "{}");
          if (i % 7 == 6) {
            String other = collections.get((i + 1) % collections.size());
            b.delete(key(other, ids.get(i % ids.size())), Expect.any());
          }
          committed(store.write(b.build()));
          writes++;
        }
        assertThat(cli.gitOut(repo, "rev-list", "--count", "agentops").strip())
            .isEqualTo(String.valueOf(writes));
      }

      cli.assertFsckPasses(repo, "--full", "--strict");
    }

    @Test
    void eachCommitIsOnePackAndSmallPacksAreMergedSoTheirNumberStaysBounded() throws Exception {
      Path repo = dir.resolve("packs.git");
      int most = 0;
      try (GitStore store = GitStore.builder(repo).create(true).build()) {
        for (int i = 0; i < 100; i++) {
          committed(store.write(put(key("work", "w-" + i), "{\"i\":" + i + "}")));
          most = Math.max(most, packs(repo).size());
        }
      }

      assertThat(most).isGreaterThan(1).isLessThanOrEqualTo(Packs.MAX_PACKS + 1);
      assertThat(cli.gitOut(repo, "count-objects", "-v")).contains("count: 0\n");
      try (GitStore reopened = GitStore.builder(repo).build()) {
        assertThat(reopened.ids("work")).hasSize(100);
        assertThat(reopened.read(key("work", "w-99")).orElseThrow().content())
            .contains("\"i\" : 99");
      }
      cli.assertFsckPasses(repo, "--full", "--strict");
    }

    @Test
    void packsAreNotMergedWhileAnotherProcessHoldsTheMergeLock() throws Exception {
      Path repo = dir.resolve("locked.git");
      Path lock = repo.resolve("objects/pack/agentops-compact.lock");
      try (GitStore store = GitStore.builder(repo).create(true).build()) {
        committed(store.write(put(key("work", "w-first"), "{}")));
        Files.createFile(lock);
        for (int i = 0; i < Packs.MAX_PACKS + 5; i++) {
          committed(store.write(put(key("work", "w-" + i), "{}")));
        }
        assertThat(packs(repo)).hasSizeGreaterThan(Packs.MAX_PACKS + 1);

        Files.delete(lock);
        committed(store.write(put(key("work", "w-last"), "{}")));
        assertThat(packs(repo)).hasSizeLessThanOrEqualTo(2);
        assertThat(store.ids("work")).hasSize(Packs.MAX_PACKS + 7);
      }
      cli.assertFsckPasses(repo, "--full", "--strict");
    }
  }

  static List<Path> packs(Path repo) throws IOException {
    try (Stream<Path> files = Files.list(repo.resolve("objects/pack"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".pack")).toList();
    }
  }

  @Nested
  class Batching {

    /**
     * Holds the JVM's writer for a repository while the writes under test queue up behind it, so
     * they are committed together whatever the scheduling.
     */
    final class HeldWriter implements AutoCloseable {
      final WriterLocks.Writer writer;
      final ExecutorService pool = Executors.newCachedThreadPool();

      HeldWriter(Path gitDir) {
        writer = WriterLocks.acquire(gitDir.toFile());
        writer.lock().lock();
      }

      <T> Future<T> submit(Callable<T> call) {
        return pool.submit(call);
      }

      /** Waits until this many batches are queued, then lets the first of them commit them all. */
      void releaseWhenQueued(int batches) {
        long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(ChildProcesses.GUARD_SECONDS);
        while (writer.queue().size() < batches) {
          if (System.nanoTime() > guard) {
            throw new AssertionError("only " + writer.queue().size() + " batches were queued");
          }
          Thread.yield();
        }
        writer.lock().unlock();
      }

      /** Lets the writer go if still held, and waits for every submitted write to finish. */
      @Override
      public void close() {
        if (writer.lock().isHeldByCurrentThread()) {
          writer.lock().unlock();
        }
        pool.shutdown();
        try {
          assertThat(pool.awaitTermination(ChildProcesses.GUARD_SECONDS, TimeUnit.SECONDS))
              .isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        } finally {
          WriterLocks.release(writer);
        }
      }
    }

    @Test
    void queuedBatchesFromTwoStoresShareACommitButEachGetsItsOwnResult() throws Exception {
      Path repo = dir.resolve("batching.git");
      int threads = 10;
      int more = 15;
      SettableClock clock = new SettableClock(T0);
      try (GitStore a = GitStore.builder(repo).create(true).clock(clock).build();
          GitStore b = GitStore.builder(repo).clock(clock).build()) {
        String base = committed(a.write(put(key("work", "existing"), "{}"))).commitId();
        List<Future<WriteResult>> first = new ArrayList<>();
        List<Future<List<WriteResult>>> rest = new ArrayList<>();
        Future<WriteResult> conflicting;
        Future<WriteResult> malformed;
        try (HeldWriter held = new HeldWriter(repo)) {
          for (int t = 0; t < threads; t++) {
            GitStore via = t % 2 == 0 ? a : b;
            RecordKey k = key("work", "t" + t + "-0");
            first.add(held.submit(() -> via.write(put(k, "{\"t\":0}"))));
          }
          conflicting =
              held.submit(() ->
                  b.write(
                      WriteBatch.builder()
                          .put(key("work", "other"), RecordFormat.JSON, "{}")
                          .put(key("work", "existing"), RecordFormat.JSON, "{}", Expect.absent())
                          .build()));
          malformed = held.submit(() -> a.write(put(key("work", "broken"), "[not an object")));
          held.releaseWhenQueued(threads + 2);
          // The held round must be committed before the free rounds queue anything, or a free
          // batch could join its commit.
          for (Future<?> f : first) {
            f.get();
          }
          assertThat(conflicting.get()).isNotNull();
          assertThatThrownBy(malformed::get);

          for (int t = 0; t < threads; t++) {
            GitStore via = t % 2 == 0 ? b : a;
            int thread = t;
            rest.add(
                held.submit(() -> {
                  List<WriteResult> results = new ArrayList<>();
                  for (int i = 1; i <= more; i++) {
                    RecordKey k = key("work", "t" + thread + "-" + i);
                    results.add(
                        via.write(
                            WriteBatch.builder()
                                .put(k, RecordFormat.JSON, "{}", Expect.absent())
                                .append("chain", "t" + thread, "{\"i\":" + i + "}")
                                .build()));
                  }
                  return results;
                }));
          }
        }

        // The held round: one commit, every batch with its own outcome.
        Set<String> firstCommits = new HashSet<>();
        for (int t = 0; t < threads; t++) {
          WriteResult.Committed c = committed(first.get(t).get());
          assertThat(c.revisions()).containsOnlyKeys(key("work", "t" + t + "-0"));
          firstCommits.add(c.commitId());
        }
        assertThat(firstCommits).hasSize(1);
        String shared = firstCommits.iterator().next();
        assertThat(conflicting.get()).isInstanceOf(WriteResult.Conflict.class);
        assertThat(((WriteResult.Conflict) conflicting.get()).mismatches())
            .singleElement()
            .satisfies(m -> assertThat(m.key()).isEqualTo(key("work", "existing")));
        assertThatThrownBy(malformed::get)
            .hasCauseInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("work/broken");
        assertThat(cli.gitOut(repo, "rev-list", "--count", base + ".." + shared).strip())
            .isEqualTo("1");
        assertThat(gitLog(repo, shared).get(1).messageLines())
            .hasSize(threads + 1)
            .contains("agentops: " + threads + " operations")
            .doesNotContain("agentops: create work/other", "agentops: create work/broken");

        // The free rounds: everything lands, never in more commits than batches (how many share a
        // commit depends on scheduling; the held round above is the deterministic proof).
        for (Future<List<WriteResult>> f : rest) {
          assertThat(f.get()).hasSize(more).allMatch(WriteResult::committed);
        }
        int commits = Integer.parseInt(cli.gitOut(repo, "rev-list", "--count", "agentops").strip());
        // The base commit, the held round's one, and at most one per free batch.
        assertThat(commits).isLessThanOrEqualTo(2 + threads * more);
        assertThat(a.ids("work")).hasSize(1 + threads * (1 + more));
        assertThat(a.read(key("work", "other"))).isEmpty();
        assertThat(a.read(key("work", "broken"))).isEmpty();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          assertThat(b.log("chain"))
              .filteredOn(e -> e.writer().equals("t" + thread))
              .extracting(LogEntry::line)
              .containsExactlyElementsOf(
                  IntStream.rangeClosed(1, more).mapToObj(i -> "{\"i\":" + i + "}").toList());
        }
      }
      cli.assertFsckPasses(repo, "--full", "--strict");
    }

    @Test
    void batchesQueuedByStoresWithOtherSettingsKeepTheirBranchIdentityAndHygiene()
        throws Exception {
      Path repo = dir.resolve("settings.git");
      try (GitStore base = bare("settings.git")) {
        base.write(put(key("work", "seed"), "{}"));
      }
      RecordHygiene strict =
          RecordHygiene.of(SecretRedactor.defaults(), PathNormalizer.homesOnly().strict());
      try (GitStore a =
              GitStore.builder(repo)
                  .author("Writer A", "a@example.test")
                  .clock(new SettableClock(T0))
                  .build();
          GitStore b =
              GitStore.builder(repo)
                  .branch("other")
                  .author("Writer B", "b@example.test")
                  .clock(new SettableClock(T0.plus(Duration.ofDays(1))))
                  .hygiene(strict)
                  .build();
          GitStore c =
              GitStore.builder(repo)
                  .author("Writer C", "c@example.test")
                  .clock(new SettableClock(T0.plus(Duration.ofDays(2))))
                  .hygiene(strict)
                  .build()) {
        Future<WriteResult> byA;
        Future<WriteResult> byB;
        Future<WriteResult> byBWithHomePath;
        Future<WriteResult> byC;
        Future<WriteResult> byCWithHomePath;
        try (HeldWriter held = new HeldWriter(repo)) {
          byA = held.submit(() -> a.write(put(key("work", "from-a"), "{\"p\":\"/home/ana/x\"}")));
          byB = held.submit(() -> b.write(put(key("work", "from-b"), "{}")));
          byBWithHomePath =
              held.submit(() -> b.write(put(key("work", "b-home"), "{\"p\":\"/home/ana/x\"}")));
          byC = held.submit(() -> c.write(put(key("work", "from-c"), "{}")));
          byCWithHomePath =
              held.submit(() -> c.write(put(key("work", "c-home"), "{\"p\":\"/home/ana/x\"}")));
          held.releaseWhenQueued(5);
        }

        committed(byA.get());
        committed(byB.get());
        committed(byC.get());
        assertThatThrownBy(byBWithHomePath::get).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(byCWithHomePath::get).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(a.ids("work")).containsExactly("from-a", "from-c", "seed");
        assertThat(a.read(key("work", "from-a")).orElseThrow().content()).contains("~/x");
        assertThat(b.ids("work")).containsExactly("from-b");
      }
      assertThat(gitLog(repo, "other"))
          .singleElement()
          .satisfies(commit -> {
            assertThat(commit.author()).isEqualTo("Writer B <b@example.test>");
            assertThat(commit.commitTime()).isEqualTo(T0.plus(Duration.ofDays(1)).getEpochSecond());
          });
      List<LoggedCommit> main = gitLog(repo, "agentops");
      assertThat(main).hasSize(3);
      assertThat(main.subList(1, 3))
          .extracting(LoggedCommit::author, LoggedCommit::messageLines)
          .containsExactlyInAnyOrder(
              tuple("Writer A <a@example.test>", List.of("agentops: create work/from-a")),
              tuple("Writer C <c@example.test>", List.of("agentops: create work/from-c")));
    }
  }

  @Nested
  class StaleLocks {

    @Test
    void aRefLockLeftByAWriterThatDiedMidUpdateDoesNotBlockTheNextWriter() throws Exception {
      Path repo = dir.resolve("stale.git");
      try (GitStore store = bare("stale.git")) {
        String before = committed(store.write(put(key("work", "bd-1"), "{}"))).commitId();
        // What a writer killed between taking the lock and renaming it leaves behind.
        Path lock = repo.resolve("refs/heads/agentops.lock");
        Files.writeString(lock, "0123456789abcdef0123456789abcdef01234567\n");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        WriteResult.Committed after = committed(store.write(put(key("work", "bd-2"), "{}")));

        assertThat(lock).doesNotExist();
        assertThat(after.commitId()).isNotEqualTo(before);
        assertThat(store.head()).contains(after.commitId());
        assertThat(cli.gitOut(repo, "rev-parse", "agentops~1").strip()).isEqualTo(before);
        assertThat(store.ids("work")).containsExactly("bd-1", "bd-2");
      }
      cli.assertFsckPasses(repo, "--full");
    }

    @Test
    void aStaleLockOnABranchThatDoesNotExistYetIsClearedToo() throws Exception {
      Path repo = dir.resolve("stale-new.git");
      try (GitStore store = bare("stale-new.git")) {
        Path lock = Files.createDirectories(repo.resolve("refs/heads")).resolve("agentops.lock");
        Files.writeString(lock, "");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        committed(store.write(put(key("work", "bd-1"), "{}")));

        assertThat(lock).doesNotExist();
        assertThat(store.ids("work")).containsExactly("bd-1");
      }
    }
  }

  @Nested
  class BadInput {

    @Test
    void aPathWithoutARepositoryIsRefusedUnlessCreationWasAskedFor() throws Exception {
      Path empty = Files.createDirectories(dir.resolve("empty"));
      Path file = Files.writeString(dir.resolve("file.txt"), "x");

      for (Path p : List.of(empty, dir.resolve("missing"), file)) {
        assertThatThrownBy(() -> GitStore.builder(p).build())
            .as(p.getFileName().toString())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no git repository")
            .hasMessageContaining("create(true)");
      }
      assertThat(dir.resolve("missing")).doesNotExist();
      try (GitStore created = GitStore.builder(dir.resolve("missing")).create(true).build()) {
        assertThat(created.head()).isEmpty();
      }
      assertThat(cli.gitOut(dir.resolve("missing"), "rev-parse", "--is-bare-repository"))
          .isEqualTo("true\n");
    }

    @Test
    void aClosedStoreRefusesEveryCall() {
      GitStore store = bare("closed.git");
      String head = committed(store.write(put(key("work", "bd-1"), "{}"))).commitId();
      ReadableStore view = store.at(head);
      store.close();
      store.close(); // closing twice is harmless

      List<Runnable> calls =
          List.of(
              () -> store.write(put(key("work", "bd-2"), "{}")),
              () -> store.read(key("work", "bd-1")),
              () -> store.ids("work"),
              () -> store.scan("work"),
              () -> store.collections(),
              () -> store.log("chain"),
              () -> store.history(key("work", "bd-1")),
              () -> store.at(head),
              () -> store.head(),
              () -> store.pack(),
              () -> view.read(key("work", "bd-1")));
      for (Runnable call : calls) {
        assertThatThrownBy(call::run)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed");
      }
    }

    @Test
    void anInvalidBranchNameIsRefused() {
      for (String bad : List.of("a..b", "has space", "ends.lock", "x~1", "trailing/", "a:b", "")) {
        assertThatThrownBy(() -> GitStore.builder(dir.resolve("r.git")).branch(bad))
            .as("'%s'", bad)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not a valid branch name");
      }
      assertThat(dir.resolve("r.git")).doesNotExist();
    }
  }

  static Set<String> union(Set<String> set, String... more) {
    Set<String> out = new HashSet<>(set);
    out.addAll(List.of(more));
    return out;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
