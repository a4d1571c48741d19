package dev.agentops.workspace;

import static dev.agentops.workspace.IsolatedGit.commitAll;
import static dev.agentops.workspace.IsolatedGit.read;
import static dev.agentops.workspace.IsolatedGit.show;
import static dev.agentops.workspace.IsolatedGit.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentops.store.GitStore;
import dev.agentops.store.RecordFormat;
import dev.agentops.store.RecordKey;
import dev.agentops.store.WriteBatch;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WorkspacesTest {

  static final long GUARD_SECONDS = 120;
  static final String APP = "class App {}\n";

  @TempDir Path dir;
  IsolatedGit git;
  Path repo;
  final AtomicInteger ids = new AtomicInteger();

  @org.junit.jupiter.api.BeforeEach
  void repository() {
    git = new IsolatedGit(dir.resolve("home"));
    repo =
        git.repository(
            dir.resolve("repo"),
            Map.of("src/App.java", APP, "docs/guide.md", "# Guide\n", "README.md", "hello\n"));
  }

  Workspaces workspaces(WorkspaceKind kind) {
    if (kind == WorkspaceKind.WORKTREE) {
      assumeTrue(Workspaces.findGitOnPath().isPresent(), "the git command-line tool is installed");
    }
    return Workspaces.builder(repo, dir.resolve("workspaces"))
        .gitExecutable(kind == WorkspaceKind.WORKTREE ? Workspaces::findGitOnPath : Optional::empty)
        .environment(git::isolate)
        .ids(() -> "w" + ids.incrementAndGet())
        .build();
  }

  @ParameterizedTest
  @EnumSource(WorkspaceKind.class)
  void workspacesLiveBesideTheGitStoresBranch(WorkspaceKind kind) {
    // the store keeps its records on branch 'agentops'; git cannot add 'agentops/...' next to it
    try (GitStore store = GitStore.builder(repo).build()) {
      store.write(
          WriteBatch.builder()
              .put(RecordKey.of("notes", "n1"), RecordFormat.JSON, "{\"schemaVersion\":1}")
              .build());
    }
    assertThat(IsolatedGit.branches(repo)).contains("agentops");

    try (Workspace ws = workspaces(kind).open("worker-1", WriteScope.of("docs"))) {
      write(ws.directory(), "docs/guide.md", "# Guide\n\nBeside the store.\n");
      commitAll(ws.directory(), "Edit beside the store");
      assertThat(ws.branch()).startsWith(Workspaces.DEFAULT_BRANCH_PREFIX);
    }
  }

  String[] editTheSameFile(
      Workspaces workspaces,
      String worker,
      String mark,
      CyclicBarrier bothWrote,
      CyclicBarrier bothCommitted)
      throws Exception {
    try (Workspace ws = workspaces.open(worker, WriteScope.of("src"))) {
      write(ws.directory(), "src/App.java", "class App { /* " + mark + " */ }\n");
      bothWrote.await(GUARD_SECONDS, TimeUnit.SECONDS);
      String seenWhileBothEdit = read(ws.directory(), "src/App.java");
      commitAll(ws.directory(), "Edit by " + worker);
      bothCommitted.await(GUARD_SECONDS, TimeUnit.SECONDS);
      String seenAfterBothCommitted = read(ws.directory(), "src/App.java");
      return new String[] {
        seenWhileBothEdit, seenAfterBothCommitted, ws.branch(), ws.directory().toString()
      };
    }
  }

  @ParameterizedTest
  @EnumSource(WorkspaceKind.class)
  void twoWorkersEditingTheSamePathNeverSeeEachOthersChanges(WorkspaceKind kind) throws Exception {
    Workspaces workspaces = workspaces(kind);
    CyclicBarrier bothWrote = new CyclicBarrier(2);
    CyclicBarrier bothCommitted = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    String[] a;
    String[] b;
    try {
      Future<String[]> fa =
          pool.submit(() -> editTheSameFile(workspaces, "worker-a", "A", bothWrote, bothCommitted));
      Future<String[]> fb =
          pool.submit(() -> editTheSameFile(workspaces, "worker-b", "B", bothWrote, bothCommitted));
      a = fa.get(GUARD_SECONDS, TimeUnit.SECONDS);
      b = fb.get(GUARD_SECONDS, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    assertThat(a[3]).isNotEqualTo(b[3]);
    assertThat(a[0]).isEqualTo(a[1]).isEqualTo("class App { /* A */ }\n");
    assertThat(b[0]).isEqualTo(b[1]).isEqualTo("class App { /* B */ }\n");
    assertThat(read(repo, "src/App.java")).isEqualTo(APP);
    assertThat(show(repo, "main", "src/App.java")).isEqualTo(APP);
    assertThat(show(repo, a[2], "src/App.java")).isEqualTo("class App { /* A */ }\n");
    assertThat(show(repo, b[2], "src/App.java")).isEqualTo("class App { /* B */ }\n");
  }

  @ParameterizedTest
  @EnumSource(WorkspaceKind.class)
  void aWorkspaceIsRemovedEvenWhenTheWorkerThrows(WorkspaceKind kind) {
    Workspaces workspaces = workspaces(kind);
    Workspace[] opened = new Workspace[1];

    assertThatThrownBy(
            () -> {
              try (Workspace ws = workspaces.open("worker-1", WriteScope.of("src"))) {
                opened[0] = ws;
                write(ws.directory(), "src/App.java", "half-done");
                write(ws.directory(), "src/New.java", "class New {}");
                throw new IllegalStateException("the worker crashed");
              }
            })
        .hasMessage("the worker crashed");

    Workspace ws = opened[0];
    assertThat(ws.isOpen()).isFalse();
    assertThat(ws.directory()).doesNotExist();
    assertThat(IsolatedGit.branches(repo)).containsExactly("main");
    assertThat(read(repo, "src/App.java")).isEqualTo(APP);
    if (kind == WorkspaceKind.WORKTREE) {
      assertThat(git.git(repo, "worktree", "list", "--porcelain"))
          .doesNotContain(ws.directory().toString());
      assertThat(repo.resolve(".git/worktrees"))
          .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }
  }

  @ParameterizedTest
  @EnumSource(WorkspaceKind.class)
  void aBranchWithCommitsStaysInTheRepositoryAfterClose(WorkspaceKind kind) {
    Workspaces workspaces = workspaces(kind);
    String branch;
    String commit;
    try (Workspace ws = workspaces.open("worker-1", WriteScope.of("docs"))) {
      branch = ws.branch();
      write(ws.directory(), "docs/guide.md", "# Guide\n\nMore.\n");
      commit = commitAll(ws.directory(), "Expand the guide");
      assertThat(ws.head()).isEqualTo(commit);
    }

    assertThat(IsolatedGit.branches(repo)).containsExactlyInAnyOrder("main", branch);
    assertThat(show(repo, branch, "docs/guide.md")).isEqualTo("# Guide\n\nMore.\n");
    assertThat(branch).isEqualTo("agentops-work/worker-1-w1");
  }

  @ParameterizedTest
  @EnumSource(WorkspaceKind.class)
  void changesListCommittedStagedModifiedDeletedAndUntrackedPaths(WorkspaceKind kind) {
    try (Workspace ws = workspaces(kind).open("worker-1", WriteScope.of("src"))) {
      assertThat(ws.changes()).isEmpty();
      write(ws.directory(), "src/Committed.java", "class Committed {}");
      commitAll(ws.directory(), "Add a class");
      write(ws.directory(), "src/App.java", "class App { int x; }");
      write(ws.directory(), "src/deep/Untracked.java", "class Untracked {}");
      write(ws.directory(), "docs/notes.md", "outside the scope");
      ws.directory().resolve("README.md").toFile().delete();

      assertThat(ws.changes())
          .containsExactly(
              "README.md",
              "docs/notes.md",
              "src/App.java",
              "src/Committed.java",
              "src/deep/Untracked.java");
      assertThat(ws.outOfScope()).containsExactly("README.md", "docs/notes.md");
    }
  }

  @ParameterizedTest
  @EnumSource(WorkspaceKind.class)
  void aWorkspaceStartsAtTheBaseItIsGiven(WorkspaceKind kind) {
    String first = git.git(repo, "rev-parse", "HEAD").strip();
    write(repo, "src/App.java", "class App { int v2; }\n");
    commitAll(repo, "Version 2");

    try (Workspace ws = workspaces(kind).open("worker-1", WriteScope.none(), first)) {
      assertThat(ws.base()).isEqualTo(first);
      assertThat(ws.head()).isEqualTo(first);
      assertThat(read(ws.directory(), "src/App.java")).isEqualTo(APP);
    }
    assertThatThrownBy(() -> workspaces(kind).open("worker-2", WriteScope.none(), "no-such-branch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("base 'no-such-branch' is not a commit of the repository repo");
  }

  @ParameterizedTest
  @EnumSource(WorkspaceKind.class)
  void closingTwiceIsHarmlessAndAClosedWorkspaceCannotBeRead(WorkspaceKind kind) {
    Workspace ws = workspaces(kind).open("worker-1", WriteScope.none());
    ws.close();
    ws.close();

    assertThatThrownBy(ws::changes)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the workspace of worker 'worker-1' is closed");
  }

  @Test
  void aWorktreeIsLinkedToTheRepository() {
    Workspaces workspaces = workspaces(WorkspaceKind.WORKTREE);
    assertThat(workspaces.kind()).isEqualTo(WorkspaceKind.WORKTREE);

    try (Workspace ws = workspaces.open("worker-1", WriteScope.of("src"))) {
      assertThat(ws.kind()).isEqualTo(WorkspaceKind.WORKTREE);
      assertThat(ws.directory().resolve(".git")).isRegularFile();
      assertThat(git.git(repo, "worktree", "list", "--porcelain"))
          .contains("worktree " + ws.directory())
          .contains("branch refs/heads/" + ws.branch());
      assertThat(ws.directory()).startsWith(dir.resolve("workspaces"));
    }
  }

  @Test
  void withoutTheGitToolAWorkspaceIsAJGitClone() {
    Workspaces workspaces = workspaces(WorkspaceKind.CLONE);
    assertThat(workspaces.kind()).isEqualTo(WorkspaceKind.CLONE);

    try (Workspace ws = workspaces.open("worker-1", WriteScope.of("src"))) {
      assertThat(ws.kind()).isEqualTo(WorkspaceKind.CLONE);
      assertThat(ws.directory().resolve(".git")).isDirectory();
      assertThat(read(ws.directory(), "src/App.java")).isEqualTo(APP);
      assertThat(IsolatedGit.branches(ws.directory())).containsExactly(ws.branch(), "main");
      if (Workspaces.findGitOnPath().isPresent()) {
        assertThat(
                git.git(repo, "worktree", "list", "--porcelain")
                    .lines()
                    .filter(l -> l.startsWith("worktree ")))
            .hasSize(1);
      }
    }
  }

  @Test
  void aWorktreeTheWorkerDeletedIsStillCleanedUp() throws Exception {
    Workspaces workspaces = workspaces(WorkspaceKind.WORKTREE);
    Workspace ws = workspaces.open("worker-1", WriteScope.everything());
    org.eclipse.jgit.util.FileUtils.delete(
        ws.directory().toFile(), org.eclipse.jgit.util.FileUtils.RECURSIVE);

    ws.close();

    assertThat(git.git(repo, "worktree", "list", "--porcelain"))
        .doesNotContain(ws.directory().toString());
    assertThat(IsolatedGit.branches(repo)).containsExactly("main");
  }

  @Test
  void findsGitOnASearchPath() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path fake = bin.resolve("git");
    Files.writeString(fake, "#!/bin/sh\n");
    assumeTrue(
        fake.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(Workspaces.findGitOn(empty + File.pathSeparator + bin)).hasValue(fake);
    assertThat(Workspaces.findGitOn(empty.toString())).isEmpty();
    assertThat(Workspaces.findGitOn("")).isEmpty();
  }

  @Test
  void refusesWorkerIdsThatCannotNameABranch() {
    Workspaces workspaces = workspaces(WorkspaceKind.CLONE);

    assertThatThrownBy(() -> workspaces.open("../escape", WriteScope.none()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> workspaces.open("worker.lock", WriteScope.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("worker must not end with '.lock' or '.', but was 'worker.lock'");
    assertThatThrownBy(() ->
            Workspaces.builder(repo, dir.resolve("ws"))
                .gitExecutable(Optional::empty)
                .ids(() -> "a/b")
                .build()
                .open("worker-1", WriteScope.none()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("but the supplier gave 'a/b'");
  }
}
