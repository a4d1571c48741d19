package dev.agentops.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.core.ChildProcesses;
import dev.agentops.store.InMemoryStore;
import dev.agentops.validation.Verdict;
import dev.agentops.validation.VerdictStatus;
import dev.agentops.validation.Verdicts;
import dev.agentops.work.WorkItem;
import dev.agentops.work.WorkStatus;
import dev.agentops.work.WorkTracker;
import dev.agentops.workspace.MergeOutcome;
import dev.agentops.workspace.WaveReport;
import dev.agentops.workspace.WaveRunner;
import dev.agentops.workspace.Worker;
import dev.agentops.workspace.WorkerResult;
import dev.agentops.workspace.WorkerSpec;
import dev.agentops.workspace.Workspaces;
import dev.agentops.workspace.WriteScope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A wave of workers in real worktrees (or clones) whose branches are locked through the queue. */
class QueueMergeStepTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T08:00:00Z"), ZoneOffset.UTC);

  /** The protected ref: not the branch checked out in the repository, which a lock never moves. */
  static final String MAIN = "refs/heads/locked";

  static final PersonIdent AUTHOR =
      new PersonIdent("Test Worker", "worker@example.test", 1_777_000_000_000L, 0);

  @TempDir Path dir;

  /** What a worker returns: the verdict that validated its commit, or none. */
  record Patch(@Nullable String verdictId) {}

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"worktrees", "clones"})
  void locksEachValidatedBranchOntoTheRefAndRejectsTheRest(String kind) throws Exception {
    ChildProcesses processes = new ChildProcesses(dir.resolve("home"));
    Path repo =
        repository(
            dir.resolve("repo"),
            Map.of("src/cache/Cache.java", "class Cache {}\n", "docs/guide.md", "# Guide\n"));
    Workspaces.Builder wb =
        Workspaces.builder(repo, dir.resolve("workspaces"))
            .environment(env -> env.putAll(processes.isolate(new ProcessBuilder()).environment()));
    if (kind.equals("clones")) {
      wb.gitExecutable(Optional::empty);
    }
    Workspaces workspaces = wb.build();
    WorkTracker tracker = tracker(InMemoryStore.builder().clock(CLOCK).build());
    WorkItem cache = tracker.create("Fix the cache", b -> b);
    WorkItem docs = tracker.create("Document the cache", b -> b);
    WorkItem unvalidated = tracker.create("Tidy the cache", b -> b);
    WorkItem idle = tracker.create("Think about the cache", b -> b);
    String base = tip(repo);
    List<String> revalidated = Collections.synchronizedList(new ArrayList<>());

    WaveReport<Patch> report;
    try (Ratchet ratchet = Ratchet.builder(repo, MAIN).build()) {
      // the second branch to land is rebased onto the first: validated again before its lock
      MergeQueue queue =
          MergeQueue.builder(ratchet)
              .integration(MergeQueue.Integration.REBASE)
              .validator((candidate, commit) -> {
                revalidated.add(candidate.id());
                return Assessment.pass("re-" + candidate.verdictId());
              })
              .build();
      report =
          WaveRunner.builder(
                  workspaces,
                  tracker,
                  QueueMergeStep.<Patch>of(queue, output -> output.value().verdictId())
                      .step("implement"))
              .parallelism(2)
              .build()
              .run(
                  List.of(
                      WorkerSpec.of(
                          "worker-1",
                          cache.id(),
                          WriteScope.of("src/cache/Cache.java"),
                          writes("src/cache/Cache.java", "class Cache { int size; }\n", "v-1")),
                      WorkerSpec.of(
                          "worker-2",
                          docs.id(),
                          WriteScope.of("docs"),
                          writes("docs/guide.md", "# Guide\n\nThe cache.\n", "v-2")),
                      WorkerSpec.of(
                          "worker-3",
                          unvalidated.id(),
                          WriteScope.of("src/cache/Extra.java"),
                          writes("src/cache/Extra.java", "class Extra {}\n", null)),
                      WorkerSpec.<Patch>of(
                          "worker-4", idle.id(), WriteScope.of("notes"), ctx -> new Patch("v-4"))));
    }

    assertThat(report.problems()).isEmpty();
    Map<String, MergeOutcome> outcomes =
        Map.of(
            "worker-1", outcome(report, 0),
            "worker-2", outcome(report, 1),
            "worker-3", outcome(report, 2),
            "worker-4", outcome(report, 3));
    assertThat(outcomes.get("worker-1").merged()).as("%s", outcomes).isTrue();
    assertThat(outcomes.get("worker-1").detail()).startsWith("locked ").contains("on " + MAIN);
    assertThat(outcomes.get("worker-2").merged()).as("%s", outcomes).isTrue();
    assertThat(outcomes.get("worker-3").merged()).isFalse();
    assertThat(outcomes.get("worker-3").detail()).contains("named no verdict");
    assertThat(outcomes.get("worker-4").merged()).isFalse();
    assertThat(outcomes.get("worker-4").detail()).contains("committed nothing");

    // both validated changes are on main, one after the other; nothing of worker-3's is
    String tip = tip(repo);
    assertThat(tip).isNotEqualTo(base);
    assertThat(show(repo, tip, "src/cache/Cache.java")).isEqualTo("class Cache { int size; }\n");
    assertThat(show(repo, tip, "docs/guide.md")).isEqualTo("# Guide\n\nThe cache.\n");
    assertThat(show(repo, tip, "src/cache/Extra.java")).isNull();
    assertThat(firstParents(repo, tip, base)).hasSize(2);
    assertThat(revalidated).hasSize(1).containsAnyOf(cache.id(), docs.id());
    assertThat(
            outcomes.get("worker-1").detail().contains("validated again")
                ^ outcomes.get("worker-2").detail().contains("validated again"))
        .as("exactly one of the two landed on a moved tip: %s", outcomes)
        .isTrue();

    // merged items stay in progress for the verdict that closes them; the others go back to open
    assertThat(tracker.get(cache.id()).orElseThrow().status()).isEqualTo(WorkStatus.IN_PROGRESS);
    assertThat(tracker.get(docs.id()).orElseThrow().status()).isEqualTo(WorkStatus.IN_PROGRESS);
    assertThat(tracker.get(unvalidated.id()).orElseThrow().status()).isEqualTo(WorkStatus.OPEN);
    assertThat(tracker.get(idle.id()).orElseThrow().status()).isEqualTo(WorkStatus.OPEN);
  }

  @Test
  void aConflictAndARefusedRevalidation_areRejectedWithTheirReasons_andNothingMoves()
      throws Exception {
    Path repo =
        repository(
            dir.resolve("repo"),
            Map.of("src/cache/Cache.java", "class Cache {}\n", "docs/guide.md", "# Guide\n"));
    Workspaces workspaces = clones(repo);
    WorkTracker tracker = tracker(InMemoryStore.builder().clock(CLOCK).build());
    WorkItem first = tracker.create("Size the cache", b -> b);
    WorkItem clash = tracker.create("Rename the cache", b -> b);
    WorkItem docs = tracker.create("Document the cache", b -> b);

    try (Ratchet ratchet = Ratchet.builder(repo, MAIN).build()) {
      // revalidation refuses any change to the guide
      MergeQueue queue =
          MergeQueue.builder(ratchet)
              .integration(MergeQueue.Integration.REBASE)
              .validator((candidate, commit) ->
                  candidate.id().equals(docs.id())
                      ? Assessment.fail("the guide must not change this week")
                      : Assessment.pass("re-" + candidate.verdictId()))
              .build();
      QueueMergeStep<Patch> merge = QueueMergeStep.of(queue, output -> output.value().verdictId());
      WaveReport<Patch> wave1 =
          WaveRunner.builder(workspaces, tracker, merge)
              .build()
              .run(
                  List.of(
                      WorkerSpec.of(
                          "worker-1",
                          first.id(),
                          WriteScope.of("src/cache"),
                          writes("src/cache/Cache.java", "class Cache { int size; }\n", "v-1"))));
      assertThat(outcome(wave1, 0).merged()).as("%s", outcome(wave1, 0)).isTrue();
      String locked = tip(repo);

      // both workers start from main, which the lock did not move: each lands on a moved tip
      WaveReport<Patch> wave2 =
          WaveRunner.builder(workspaces, tracker, merge)
              .build()
              .run(
                  List.of(
                      WorkerSpec.of(
                          "worker-2",
                          clash.id(),
                          WriteScope.of("src/cache"),
                          writes("src/cache/Cache.java", "class Store {}\n", "v-2")),
                      WorkerSpec.of(
                          "worker-3",
                          docs.id(),
                          WriteScope.of("docs"),
                          writes("docs/guide.md", "# Guide\n\nMore.\n", "v-3"))));

      MergeOutcome conflicted = outcome(wave2, 0);
      assertThat(conflicted.merged()).isFalse();
      assertThat(conflicted.detail())
          .startsWith("conflicts with the tip " + locked)
          .contains("src/cache/Cache.java");
      MergeOutcome refused = outcome(wave2, 1);
      assertThat(refused.merged()).isFalse();
      assertThat(refused.detail())
          .isEqualTo("validated again and refused: FAIL (the guide must not change this week)");
      assertThat(tip(repo)).isEqualTo(locked);
      assertThat(tracker.get(clash.id()).orElseThrow().status()).isEqualTo(WorkStatus.OPEN);
      assertThat(tracker.get(docs.id()).orElseThrow().status()).isEqualTo(WorkStatus.OPEN);
    }
  }

  @Test
  void verifiedBy_locksOnlyOnAStoredVerdictThatAllowsIt() throws Exception {
    Path repo = repository(dir.resolve("repo"), Map.of("docs/a.md", "a\n", "docs/b.md", "b\n"));
    Workspaces workspaces = clones(repo);
    InMemoryStore records = InMemoryStore.builder().clock(CLOCK).build();
    WorkTracker tracker = tracker(records);
    Verdicts verdicts = Verdicts.of(records);
    verdicts.save(verdict("v-pass", VerdictStatus.PASS));
    verdicts.save(verdict("v-fail", VerdictStatus.FAIL));
    WorkItem passed = tracker.create("Edit a", b -> b);
    WorkItem failed = tracker.create("Edit b", b -> b);
    WorkItem unknown = tracker.create("Edit c", b -> b);
    String base = tip(repo);

    WaveReport<Patch> report;
    try (Ratchet ratchet = Ratchet.builder(repo, MAIN).build()) {
      MergeQueue queue =
          MergeQueue.builder(ratchet)
              .integration(MergeQueue.Integration.REBASE)
              .revalidation(MergeQueue.Revalidation.NEVER)
              .build();
      report =
          WaveRunner.builder(
                  workspaces,
                  tracker,
                  QueueMergeStep.<Patch>of(queue, output -> output.value().verdictId())
                      .verifiedBy(verdicts))
              .build()
              .run(
                  List.of(
                      WorkerSpec.of(
                          "worker-1",
                          passed.id(),
                          WriteScope.of("docs/a.md"),
                          writes("docs/a.md", "A\n", "v-pass")),
                      WorkerSpec.of(
                          "worker-2",
                          failed.id(),
                          WriteScope.of("docs/b.md"),
                          writes("docs/b.md", "B\n", "v-fail")),
                      WorkerSpec.of(
                          "worker-3",
                          unknown.id(),
                          WriteScope.of("docs/c.md"),
                          writes("docs/c.md", "C\n", "v-made-up"))));
    }

    assertThat(outcome(report, 0).merged()).as("%s", outcome(report, 0)).isTrue();
    assertThat(outcome(report, 1).detail())
        .isEqualTo("verdict 'v-fail' of worker 'worker-2' is FAIL, which allows no lock");
    assertThat(outcome(report, 2).detail())
        .isEqualTo("verdict 'v-made-up' of worker 'worker-3' is not stored");
    assertThat(show(repo, tip(repo), "docs/a.md")).isEqualTo("A\n");
    assertThat(show(repo, tip(repo), "docs/b.md")).isEqualTo("b\n");
    assertThat(firstParents(repo, tip(repo), base)).hasSize(1);
  }

  static Verdict verdict(String id, VerdictStatus status) {
    return ScriptedVerdicts.of(id, status, null, CLOCK.instant());
  }

  /** Workspaces that are JGit clones, so that the test needs no git command. */
  Workspaces clones(Path repo) {
    return Workspaces.builder(repo, dir.resolve("workspaces"))
        .gitExecutable(Optional::empty)
        .build();
  }

  static WorkTracker tracker(InMemoryStore records) {
    return WorkTracker.builder(records).clock(CLOCK).random(new SplittableRandom(5)).build();
  }

  static MergeOutcome outcome(WaveReport<Patch> report, int index) {
    WorkerResult<Patch> r = report.results().get(index);
    assertThat(r).as("result %s", r).isInstanceOf(WorkerResult.Completed.class);
    return ((WorkerResult.Completed<Patch>) r).merge();
  }

  static Worker<Patch> writes(String path, String content, @Nullable String verdictId) {
    return ctx -> {
      Path file = ctx.workspace().directory().resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      try (Git git = Git.open(ctx.workspace().directory().toFile())) {
        git.add().addFilepattern(".").call();
        git.commit()
            .setMessage("Work on " + ctx.item().id())
            .setAuthor(AUTHOR)
            .setCommitter(AUTHOR)
            .call();
      }
      return new Patch(verdictId);
    };
  }

  static Path repository(Path dir, Map<String, String> files) throws Exception {
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path file = dir.resolve(f.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
      }
      git.add().addFilepattern(".").call();
      git.commit().setMessage("Initial commit").setAuthor(AUTHOR).setCommitter(AUTHOR).call();
      git.branchCreate().setName("locked").call();
    }
    return dir;
  }

  static String tip(Path repo) throws IOException {
    try (Repository r = Git.open(repo.toFile()).getRepository()) {
      return r.resolve(MAIN).name();
    }
  }

  static @Nullable String show(Path repo, String commit, String path) throws IOException {
    try (Repository r = Git.open(repo.toFile()).getRepository()) {
      RevCommit c = r.parseCommit(r.resolve(commit));
      try (TreeWalk walk = TreeWalk.forPath(r, path, c.getTree())) {
        return walk == null
            ? null
            : new String(r.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  /** The commits from tip back to (not including) base along first parents. */
  static List<String> firstParents(Path repo, String tip, String base) throws IOException {
    try (Repository r = Git.open(repo.toFile()).getRepository()) {
      ArrayList<String> out = new ArrayList<>();
      RevCommit c = r.parseCommit(r.resolve(tip));
      while (!c.name().equals(base)) {
        out.add(c.name());
        c = r.parseCommit(c.getParent(0));
      }
      return out;
    }
  }
}
