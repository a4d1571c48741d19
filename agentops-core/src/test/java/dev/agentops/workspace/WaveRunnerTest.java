package dev.agentops.workspace;

import static dev.agentops.workspace.IsolatedGit.commitAll;
import static dev.agentops.workspace.IsolatedGit.read;
import static dev.agentops.workspace.IsolatedGit.show;
import static dev.agentops.workspace.IsolatedGit.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.context.AgentSession;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ModelProfile;
import dev.agentops.store.InMemoryStore;
import dev.agentops.work.WorkItem;
import dev.agentops.work.WorkStatus;
import dev.agentops.work.WorkTracker;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaveRunnerTest {

  static final long GUARD_SECONDS = 120;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T08:00:00Z"), ZoneOffset.UTC);
  static final ModelProfile PROFILE =
      ModelProfile.builder("test", "small").contextWindow(4_000).maxOutputTokens(200).build();
  static final LanguageModel MODEL = request -> ChatResponse.builder("ok").modelId("small").build();

  @TempDir Path dir;
  IsolatedGit git;
  Path repo;
  Workspaces workspaces;
  final InMemoryStore store = InMemoryStore.builder().clock(CLOCK).build();
  final WorkTracker tracker =
      WorkTracker.builder(store).clock(CLOCK).random(new SplittableRandom(11)).build();
  final List<WorkerOutput<String>> mergedOutputs = Collections.synchronizedList(new ArrayList<>());
  final MergeStep<String> recordingMerge =
      output -> {
        mergedOutputs.add(output);
        return MergeOutcome.merged("queued " + output.branch());
      };

  @BeforeEach
  void setUp() {
    git = new IsolatedGit(dir.resolve("home"));
    repo =
        git.repository(
            dir.resolve("repo"),
            Map.of(
                "src/cache/Cache.java",
                "class Cache {}\n",
                "docs/guide.md",
                "# Guide\n",
                "src/api/Api.java",
                "class Api {}\n"));
    workspaces =
        Workspaces.builder(repo, dir.resolve("workspaces")).environment(git::isolate).build();
  }

  WorkItem item(String title) {
    return tracker.create(title, b -> b);
  }

  /** Writes a file inside the workspace and commits it, returning the worker's id. */
  static Worker<String> writes(String path, String content) {
    return ctx -> {
      write(ctx.workspace().directory(), path, content);
      commitAll(ctx.workspace().directory(), "Work on " + ctx.item().id());
      return ctx.worker();
    };
  }

  @Test
  void eachWorkerClaimsItsItemAndWorksInItsOwnWorkspaceInParallel() {
    WorkItem cache = item("Fix the cache");
    WorkItem docs = item("Document the cache");
    WorkItem api = item("Tidy the API");
    CyclicBarrier allRunning = new CyclicBarrier(3);
    List<Path> directories = Collections.synchronizedList(new ArrayList<>());

    WaveReport<String> report =
        WaveRunner.builder(workspaces, tracker, recordingMerge)
            .parallelism(3)
            .build()
            .run(
                List.of(
                    spec(
                        "worker-1",
                        cache,
                        "src/cache",
                        "src/cache/Cache.java",
                        allRunning,
                        directories),
                    spec("worker-2", docs, "docs", "docs/guide.md", allRunning, directories),
                    spec("worker-3", api, "src/api", "src/api/Api.java", allRunning, directories)));

    assertThat(report.problems()).isEmpty();
    assertThat(report.results())
        .extracting(WorkerResult::kind)
        .containsOnly(WorkerResult.Kind.COMPLETED);
    assertThat(report.merged()).hasSize(3);
    assertThat(directories)
        .doesNotHaveDuplicates()
        .hasSize(3)
        .allSatisfy(d -> assertThat(d).doesNotExist());
    WorkerOutput<String> first =
        ((WorkerResult.Completed<String>) report.results().get(0)).output();
    assertThat(first.worker()).isEqualTo("worker-1");
    assertThat(first.item().id()).isEqualTo(cache.id());
    assertThat(first.changes()).containsExactly("src/cache/Cache.java");
    assertThat(show(repo, first.branch(), "src/cache/Cache.java")).isEqualTo("edited by worker-1");
    assertThat(show(repo, first.branch(), "docs/guide.md")).isEqualTo("# Guide\n");
    for (WorkItem i : List.of(cache, docs, api)) {
      WorkItem now = tracker.get(i.id()).orElseThrow();
      assertThat(now.status()).isEqualTo(WorkStatus.IN_PROGRESS);
      assertThat(now.attempts()).isEqualTo(1);
    }
    assertThat(tracker.get(docs.id()).orElseThrow().assignee()).isEqualTo("worker-2");
    assertThat(read(repo, "src/cache/Cache.java")).isEqualTo("class Cache {}\n");
  }

  WorkerSpec<String> spec(
      String worker,
      WorkItem item,
      String scope,
      String path,
      CyclicBarrier allRunning,
      List<Path> directories) {
    return WorkerSpec.of(
        worker,
        item.id(),
        WriteScope.of(scope),
        ctx -> {
          directories.add(ctx.workspace().directory());
          assertThat(ctx.item().assignee()).isEqualTo(worker);
          allRunning.await(GUARD_SECONDS, TimeUnit.SECONDS);
          write(ctx.workspace().directory(), path, "edited by " + worker);
          commitAll(ctx.workspace().directory(), "Edit by " + worker);
          return worker;
        });
  }

  @Test
  void overlappingWriteScopesAreRefusedBeforeAnythingStarts() {
    WorkItem a = item("A");
    WorkItem b = item("B");
    WorkItem c = item("C");
    WaveRunner<String> runner = WaveRunner.builder(workspaces, tracker, recordingMerge).build();

    assertThatThrownBy(() ->
            runner.run(
                List.of(
                    WorkerSpec.of("worker-1", a.id(), WriteScope.of("src"), writes("x", "")),
                    WorkerSpec.of("worker-2", b.id(), WriteScope.of("docs"), writes("x", "")),
                    WorkerSpec.of(
                        "worker-3",
                        c.id(),
                        WriteScope.of("src/cache/Cache.java"),
                        writes("x", "")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the write scopes of a wave must be disjoint, but workers 'worker-1' and 'worker-3'"
                + " may both change 'src/cache/Cache.java'; give them disjoint scopes or run them"
                + " in different waves");

    assertThat(tracker.all())
        .allSatisfy(i -> {
          assertThat(i.status()).isEqualTo(WorkStatus.OPEN);
          assertThat(i.attempts()).isZero();
        });
    assertThat(dir.resolve("workspaces")).isEmptyDirectory();
  }

  @Test
  void aWaveRefusesSharedWorkersAndItems() {
    WorkItem a = item("A");
    WaveRunner<String> runner = WaveRunner.builder(workspaces, tracker, recordingMerge).build();

    assertThatThrownBy(() ->
            runner.run(
                List.of(
                    WorkerSpec.of("worker-1", a.id(), WriteScope.of("src"), writes("x", "")),
                    WorkerSpec.of("worker-2", a.id(), WriteScope.of("docs"), writes("x", "")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("work item '" + a.id() + "' is given to more than one worker");
    assertThatThrownBy(() ->
            runner.run(
                List.of(
                    WorkerSpec.of("worker-1", a.id(), WriteScope.of("src"), writes("x", "")),
                    WorkerSpec.of("worker-1", "ao-zzzz", WriteScope.of("docs"), writes("x", "")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("worker 'worker-1' appears more than once in the wave");
    assertThatThrownBy(() -> runner.run(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a wave needs at least one worker");
  }

  @Test
  void aWorkerThatLosesTheClaimNeverStarts() {
    WorkItem a = item("A");
    tracker.claim(a.id(), "someone-else");
    AtomicInteger started = new AtomicInteger();

    WaveReport<String> report =
        WaveRunner.builder(workspaces, tracker, recordingMerge)
            .build()
            .run(
                List.of(
                    WorkerSpec.of(
                        "worker-1",
                        a.id(),
                        WriteScope.of("src"),
                        ctx -> {
                          started.incrementAndGet();
                          return "x";
                        })));

    WorkerResult.NotClaimed<String> r = (WorkerResult.NotClaimed<String>) report.results().get(0);
    assertThat(r.reason()).isEqualTo("taken");
    assertThat(started).hasValue(0);
    assertThat(dir.resolve("workspaces")).isEmptyDirectory();
    assertThat(tracker.get(a.id()).orElseThrow().assignee()).isEqualTo("someone-else");
  }

  @Test
  void aWorkerThatThrowsIsCleanedUpAndItsItemReleased() {
    WorkItem a = item("A");
    WorkItem b = item("B");
    Path[] seen = new Path[1];

    WaveReport<String> report =
        WaveRunner.builder(workspaces, tracker, recordingMerge)
            .build()
            .run(
                List.of(
                    WorkerSpec.of(
                        "worker-1",
                        a.id(),
                        WriteScope.of("src"),
                        ctx -> {
                          seen[0] = ctx.workspace().directory();
                          write(ctx.workspace().directory(), "src/cache/Cache.java", "broken");
                          throw new IllegalStateException("the agent gave up");
                        }),
                    WorkerSpec.of(
                        "worker-2",
                        b.id(),
                        WriteScope.of("docs"),
                        writes("docs/guide.md", "# Better guide\n"))));

    WorkerResult.Crashed<String> crashed = (WorkerResult.Crashed<String>) report.results().get(0);
    assertThat(crashed.stage()).isEqualTo(WorkerResult.Stage.WORK);
    assertThat(crashed.error()).hasMessage("the agent gave up");
    assertThat(seen[0]).doesNotExist();
    WorkItem released = tracker.get(a.id()).orElseThrow();
    assertThat(released.status()).isEqualTo(WorkStatus.OPEN);
    assertThat(released.assignee()).isNull();
    assertThat(released.attempts()).isEqualTo(1);
    // the other worker was not affected
    assertThat(report.results().get(1).merged()).isTrue();
    assertThat(
            git.git(repo, "worktree", "list", "--porcelain")
                .lines()
                .filter(l -> l.startsWith("worktree ")))
        .hasSize(1);
    assertThat(report.problems()).isEmpty();
  }

  @Test
  void aWorkerThatWritesOutsideItsScopeIsNotMerged() {
    WorkItem a = item("A");

    WaveReport<String> report =
        WaveRunner.builder(workspaces, tracker, recordingMerge)
            .build()
            .run(
                List.of(
                    WorkerSpec.of(
                        "worker-1",
                        a.id(),
                        WriteScope.of("docs"),
                        ctx -> {
                          write(ctx.workspace().directory(), "docs/guide.md", "ok");
                          write(ctx.workspace().directory(), "src/api/Api.java", "sneaky");
                          commitAll(ctx.workspace().directory(), "Too much");
                          return "done";
                        })));

    WorkerResult.OutOfScope<String> r = (WorkerResult.OutOfScope<String>) report.results().get(0);
    assertThat(r.paths()).containsExactly("src/api/Api.java");
    assertThat(mergedOutputs).isEmpty();
    assertThat(tracker.get(a.id()).orElseThrow().status()).isEqualTo(WorkStatus.OPEN);
    assertThat(show(repo, r.branch(), "src/api/Api.java")).isEqualTo("sneaky");
  }

  @Test
  void aFailingMergeStepIsARejectionAndReleasesTheItem() {
    WorkItem a = item("A");

    WaveReport<String> report =
        WaveRunner.<String>builder(
                workspaces,
                tracker,
                output -> {
                  throw new IllegalStateException("queue full; key AKIAIOSFODNN7EXAMPLE");
                })
            .build()
            .run(
                List.of(
                    WorkerSpec.of(
                        "worker-1", a.id(), WriteScope.of("docs"), writes("docs/guide.md", "x"))));

    WorkerResult.Completed<String> r = (WorkerResult.Completed<String>) report.results().get(0);
    assertThat(r.merged()).isFalse();
    assertThat(r.merge().detail())
        .startsWith("the merge step failed: java.lang.IllegalStateException: queue full; key ")
        .doesNotContain("AKIAIOSFODNN7EXAMPLE");
    assertThat(tracker.get(a.id()).orElseThrow().status()).isEqualTo(WorkStatus.OPEN);
  }

  @Test
  void eachWorkerGetsItsOwnFreshSession() {
    WorkItem a = item("A");
    WorkItem b = item("B");
    List<AgentSession> given = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger n = new AtomicInteger();

    WaveReport<String> report =
        WaveRunner.builder(workspaces, tracker, recordingMerge)
            .sessions((worker, item) ->
                AgentSession.builder(MODEL, PROFILE)
                    .id("s-" + worker + "-" + n.incrementAndGet())
                    .build())
            .build()
            .run(
                List.of(
                    WorkerSpec.of(
                        "worker-1",
                        a.id(),
                        WriteScope.of("docs"),
                        ctx -> {
                          AgentSession s = ctx.session().orElseThrow();
                          given.add(s);
                          s.start(ctx.item().title());
                          return s.id();
                        }),
                    WorkerSpec.of(
                        "worker-2",
                        b.id(),
                        WriteScope.of("src"),
                        ctx -> {
                          AgentSession s = ctx.session().orElseThrow();
                          given.add(s);
                          s.start(ctx.item().title());
                          return s.id();
                        })));

    assertThat(report.merged()).hasSize(2);
    assertThat(given).hasSize(2);
    assertThat(given.get(0)).isNotSameAs(given.get(1));
    assertThat(given).extracting(s -> s.task().orElseThrow()).containsExactlyInAnyOrder("A", "B");
  }

  @Test
  void aSessionHandedToTwoWorkersIsRefused() {
    WorkItem a = item("A");
    WorkItem b = item("B");
    AgentSession shared = AgentSession.builder(MODEL, PROFILE).id("shared").build();

    WaveReport<String> report =
        WaveRunner.builder(workspaces, tracker, recordingMerge)
            .parallelism(1)
            .sessions((worker, item) -> shared)
            .build()
            .run(
                List.of(
                    WorkerSpec.of("worker-1", a.id(), WriteScope.of("docs"), ctx -> "one"),
                    WorkerSpec.of("worker-2", b.id(), WriteScope.of("src"), ctx -> "two")));

    assertThat(report.results().get(0).kind()).isEqualTo(WorkerResult.Kind.COMPLETED);
    WorkerResult.Crashed<String> second = (WorkerResult.Crashed<String>) report.results().get(1);
    assertThat(second.stage()).isEqualTo(WorkerResult.Stage.SESSION);
    assertThat(second.error())
        .hasMessageContaining(
            "session 'shared' for worker 'worker-2', but it was handed to another worker");
    assertThat(tracker.get(b.id()).orElseThrow().status()).isEqualTo(WorkStatus.OPEN);
  }

  @Test
  void runsOnTheInjectedExecutorAndNeverMoreThanTheParallelismAtOnce() throws Exception {
    List<WorkItem> items = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      items.add(item("Item " + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger submitted = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    CountDownLatch twoStarted = new CountDownLatch(2);
    CountDownLatch letGo = new CountDownLatch(1);
    List<WorkerSpec<String>> wave = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      wave.add(
          WorkerSpec.of(
              "worker-" + i,
              items.get(i).id(),
              WriteScope.of("area-" + i),
              ctx -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                twoStarted.countDown();
                letGo.await(GUARD_SECONDS, TimeUnit.SECONDS);
                running.decrementAndGet();
                return ctx.worker();
              }));
    }
    WaveRunner<String> runner =
        WaveRunner.builder(workspaces, tracker, recordingMerge)
            .parallelism(2)
            .executor(r -> {
              submitted.incrementAndGet();
              pool.execute(r);
            })
            .build();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<WaveReport<String>> report = caller.submit(() -> runner.run(wave));
      assertThat(twoStarted.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
      // two run and hold their permits: the runner cannot hand a third to the executor
      assertThat(submitted).hasValue(2);
      letGo.countDown();

      WaveReport<String> done = report.get(GUARD_SECONDS, TimeUnit.SECONDS);
      assertThat(done.merged()).hasSize(4);
      assertThat(submitted).hasValue(4);
      assertThat(mostAtOnce.get()).isEqualTo(2);
      assertThat(pool.isShutdown()).isFalse();
    } finally {
      letGo.countDown();
      caller.shutdownNow();
      pool.shutdownNow();
    }
  }

  @Test
  void aWaveWithoutTheGitToolRunsInClones() {
    WorkItem a = item("A");
    Workspaces clones =
        Workspaces.builder(repo, dir.resolve("clones")).gitExecutable(Optional::empty).build();

    WaveReport<String> report =
        WaveRunner.builder(clones, tracker, recordingMerge)
            .build()
            .run(
                List.of(
                    WorkerSpec.of(
                        "worker-1",
                        a.id(),
                        WriteScope.of("docs"),
                        writes("docs/guide.md", "# From a clone\n"))));

    WorkerOutput<String> out = report.merged().get(0);
    assertThat(out.directory()).doesNotExist();
    assertThat(show(repo, out.branch(), "docs/guide.md")).isEqualTo("# From a clone\n");
  }
}
