package dev.agentops.workspace;

import dev.agentops.context.AgentSession;
import dev.agentops.hygiene.SecretRedactor;
import dev.agentops.work.WorkItem;
import dev.agentops.work.WorkStatus;
import dev.agentops.work.WorkTracker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a wave of isolated workers (Factor X): up to {@link Builder#parallelism(int)} at once, each
 * with one work item claimed atomically, its own {@link Workspace} and its own session, and hands
 * each result to a {@link MergeStep}.
 *
 * <h2>A wave</h2>
 *
 * <ol>
 *   <li><b>Before anything starts</b>, the wave is checked: worker ids and work items are distinct,
 *       and no two workers' {@link WriteScope}s overlap. A wave that fails the check is refused
 *       with {@link IllegalArgumentException} naming the two workers and the path; nothing is
 *       claimed and no workspace is made.
 *   <li><b>Each worker</b>, on the executor: claims its item through {@link
 *       WorkTracker#claim(String, String)} (of concurrent claimants exactly one wins; a worker that
 *       loses ends {@link WorkerResult.NotClaimed}); opens its workspace at the base revision;
 *       opens its own session through the {@link WorkerSessions}, if the runner has one; runs its
 *       {@link Worker}; lists what it changed, and ends {@link WorkerResult.OutOfScope} if anything
 *       is outside its write scope.
 *   <li><b>The merge step</b> gets the output of each worker that kept to its scope, one worker at
 *       a time, while the workspace still exists.
 *   <li><b>Always</b>, the workspace is removed (its branch stays if it has commits), and a work
 *       item whose output was not merged is released back to open, its attempt counted: after
 *       {@link WorkTracker#maxAttempts()} claims it is no longer ready and must be escalated
 *       (Factor XI).
 * </ol>
 *
 * <p>Host callbacks are guarded: what a worker, session factory or merge step raises ends that
 * worker's run as a result, never the wave. Thread-safe; waves may run one after another on one
 * runner, each with fresh workspaces and sessions (no bleed-through between waves).
 *
 * <pre>{@code
 * // QueueMergeStep (agentops-validation) locks each validated branch in through a MergeQueue
 * WaveRunner<Patch> runner = WaveRunner.builder(workspaces, tracker,
 *         QueueMergeStep.of(mergeQueue, output -> output.value().verdictId()))
 *     .parallelism(4)
 *     .sessions((worker, item) -> AgentSession.builder(model, profile).build())
 *     .build();
 * WaveReport<Patch> report = runner.run(List.of(
 *     WorkerSpec.of("worker-1", "ao-3f9k", WriteScope.of("src/cache"), ctx -> fixCache(ctx)),
 *     WorkerSpec.of("worker-2", "ao-8x2m", WriteScope.of("docs"), ctx -> writeDocs(ctx))));
 * }</pre>
 *
 * @param <T> what the workers return
 * @since 0.1.0
 */
public final class WaveRunner<T> {

  private static final Logger LOG = LoggerFactory.getLogger(WaveRunner.class);
  private static final AtomicInteger POOLS = new AtomicInteger();

  private static final SecretRedactor REDACTOR = SecretRedactor.defaults();

  private final Workspaces workspaces;
  private final WorkTracker tracker;
  private final MergeStep<T> merge;
  private final int parallelism;
  private final @Nullable Executor executor;
  private final @Nullable WorkerSessions sessions;
  private final String base;
  private final Object mergeLock = new Object();

  private WaveRunner(Builder<T> b) {
    this.workspaces = b.workspaces;
    this.tracker = b.tracker;
    this.merge = b.merge;
    this.parallelism = b.parallelism;
    this.executor = b.executor;
    this.sessions = b.sessions;
    this.base = b.base;
  }

  /**
   * Starts a runner.
   *
   * @param workspaces makes the workers' workspaces
   * @param tracker the work items are claimed from
   * @param merge takes each worker's output; see {@link MergeStep}
   * @param <T> what the workers return
   * @return a builder
   */
  public static <T> Builder<T> builder(
      Workspaces workspaces, WorkTracker tracker, MergeStep<T> merge) {
    return new Builder<>(
        Objects.requireNonNull(workspaces, "workspaces"),
        Objects.requireNonNull(tracker, "tracker"),
        Objects.requireNonNull(merge, "merge"));
  }

  /**
   * Checks that no two workers of a wave share an id, a work item or a path they may change.
   *
   * @param wave the workers
   * @throws IllegalArgumentException naming the workers and what they share
   */
  public static void checkWave(List<? extends WorkerSpec<?>> wave) {
    Objects.requireNonNull(wave, "wave");
    Set<String> workers = new HashSet<>();
    Set<String> items = new HashSet<>();
    for (WorkerSpec<?> w : wave) {
      Objects.requireNonNull(w, "wave entry");
      if (!workers.add(w.worker())) {
        throw new IllegalArgumentException(
            "worker '" + w.worker() + "' appears more than once in the wave");
      }
      if (!items.add(w.itemId())) {
        throw new IllegalArgumentException(
            "work item '"
                + w.itemId()
                + "' is given to more than one worker of the wave; each worker gets its own item");
      }
    }
    List<String> overlaps = new ArrayList<>();
    for (int i = 0; i < wave.size(); i++) {
      for (int j = i + 1; j < wave.size(); j++) {
        WorkerSpec<?> a = wave.get(i);
        WorkerSpec<?> b = wave.get(j);
        Optional<String> path = a.scope().overlap(b.scope());
        if (path.isPresent()) {
          overlaps.add(
              "workers '"
                  + a.worker()
                  + "' and '"
                  + b.worker()
                  + "' may both change '"
                  + (path.get().isEmpty() ? "(the whole repository)" : path.get())
                  + "'");
        }
      }
    }
    if (!overlaps.isEmpty()) {
      throw new IllegalArgumentException(
          "the write scopes of a wave must be disjoint, but "
              + String.join("; ", overlaps)
              + "; give them disjoint scopes or run them in different waves");
    }
  }

  /**
   * Runs a wave and waits for every worker to end.
   *
   * @param wave the workers, each with its own item and write scope
   * @return one result per worker, in the order given
   * @throws IllegalArgumentException if the wave is empty or fails {@link #checkWave(List)}, or the
   *     base is not a commit
   */
  public WaveReport<T> run(List<WorkerSpec<T>> wave) {
    Objects.requireNonNull(wave, "wave");
    if (wave.isEmpty()) {
      throw new IllegalArgumentException("a wave needs at least one worker");
    }
    checkWave(wave);
    // one base for the whole wave, even if a merge moves the revision while the wave runs
    String baseId = workspaces.resolve(wave.get(0).worker(), base);
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    Set<AgentSession> handedOut =
        Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    ExecutorService owned = null;
    Executor exec = executor;
    if (exec == null) {
      owned = Executors.newFixedThreadPool(Math.min(parallelism, wave.size()), threads());
      exec = owned;
    }
    try {
      Semaphore permits = new Semaphore(parallelism);
      List<CompletableFuture<WorkerResult<T>>> futures = new ArrayList<>();
      for (WorkerSpec<T> spec : wave) {
        CompletableFuture<WorkerResult<T>> f = new CompletableFuture<>();
        futures.add(f);
        permits.acquireUninterruptibly();
        try {
          exec.execute(() -> {
            try {
              f.complete(runOne(spec, baseId, handedOut, problems));
            } catch (Throwable t) {
              f.complete(
                  new WorkerResult.Crashed<>(
                      spec.worker(), spec.itemId(), WorkerResult.Stage.WORK, t));
              if (t instanceof Error e) {
                throw e;
              }
            } finally {
              permits.release();
            }
          });
        } catch (RuntimeException rejected) {
          permits.release();
          f.complete(
              new WorkerResult.Crashed<>(
                  spec.worker(), spec.itemId(), WorkerResult.Stage.SCHEDULE, rejected));
        }
      }
      List<WorkerResult<T>> results = new ArrayList<>();
      futures.forEach(f -> results.add(f.join()));
      return new WaveReport<>(results, problems);
    } finally {
      if (owned != null) {
        owned.shutdown();
      }
    }
  }

  private WorkerResult<T> runOne(
      WorkerSpec<T> spec, String baseId, Set<AgentSession> handedOut, List<String> problems) {
    String worker = spec.worker();
    WorkTracker.Claim claim;
    try {
      claim = tracker.claim(spec.itemId(), worker);
    } catch (RuntimeException e) {
      return new WorkerResult.Crashed<>(worker, spec.itemId(), WorkerResult.Stage.CLAIM, e);
    }
    if (claim instanceof WorkTracker.NotClaimed refused) {
      return new WorkerResult.NotClaimed<>(
          worker, spec.itemId(), refused.reason(), refused.detail());
    }
    WorkItem item = ((WorkTracker.Claimed) claim).item();
    WorkerResult<T> result;
    Workspace ws;
    try {
      ws = workspaces.open(worker, spec.scope(), baseId);
    } catch (RuntimeException e) {
      release(item, worker, problems);
      return new WorkerResult.Crashed<>(worker, item.id(), WorkerResult.Stage.WORKSPACE, e);
    }
    try {
      result = inWorkspace(spec, item, ws, handedOut);
    } finally {
      try {
        ws.close();
      } catch (RuntimeException e) {
        LOG.warn("the workspace of worker '{}' was not removed", worker, e);
        problems.add(
            "the workspace of worker '"
                + worker
                + "' at "
                + ws.directory()
                + " was not removed: "
                + e.getMessage());
      }
    }
    if (!result.merged()) {
      release(item, worker, problems);
    }
    return result;
  }

  private WorkerResult<T> inWorkspace(
      WorkerSpec<T> spec, WorkItem item, Workspace ws, Set<AgentSession> handedOut) {
    String worker = spec.worker();
    AgentSession session = null;
    if (sessions != null) {
      try {
        session = sessions.open(worker, item);
        if (session == null) {
          throw new IllegalStateException("the session factory returned no session");
        }
        if (!handedOut.add(session)) {
          throw new IllegalStateException(
              "the session factory returned session '"
                  + session.id()
                  + "' for worker '"
                  + worker
                  + "', but it was handed to another worker; workers never share a context");
        }
        if (session.task().isPresent() || !session.transcript().isEmpty() || session.finished()) {
          throw new IllegalStateException(
              "the session factory returned session '"
                  + session.id()
                  + "' for worker '"
                  + worker
                  + "', but it already has a task, turns or is finished; each worker starts fresh");
        }
      } catch (Exception e) {
        return new WorkerResult.Crashed<>(worker, item.id(), WorkerResult.Stage.SESSION, e);
      }
    }
    T value;
    try {
      value = spec.work().work(new WorkerContext(worker, item, ws, session));
      if (value == null) {
        throw new IllegalStateException("worker '" + worker + "' returned no value");
      }
    } catch (Exception e) {
      return new WorkerResult.Crashed<>(worker, item.id(), WorkerResult.Stage.WORK, e);
    }
    List<String> changes;
    String head;
    try {
      changes = ws.changes();
      head = ws.head();
      workspaces.publish(ws);
    } catch (RuntimeException e) {
      return new WorkerResult.Crashed<>(worker, item.id(), WorkerResult.Stage.WORKSPACE, e);
    }
    List<String> outside = spec.scope().outside(changes);
    if (!outside.isEmpty()) {
      return new WorkerResult.OutOfScope<>(worker, item.id(), outside, ws.branch());
    }
    WorkerOutput<T> output =
        new WorkerOutput<>(
            worker, item, value, ws.branch(), ws.base(), head, changes, ws.directory());
    MergeOutcome outcome;
    synchronized (mergeLock) {
      try {
        outcome = merge.merge(output);
        if (outcome == null) {
          outcome = MergeOutcome.rejected("the merge step returned no outcome");
        }
      } catch (Exception e) {
        // host code may put anything in a message: it is redacted before it is logged or kept
        String why =
            e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + REDACTOR.redactToString(e.getMessage()));
        LOG.warn("the merge step failed on worker '{}': {}", worker, why);
        outcome = MergeOutcome.rejected("the merge step failed: " + why);
      }
    }
    return new WorkerResult.Completed<>(output, outcome);
  }

  private void release(WorkItem item, String worker, List<String> problems) {
    try {
      Optional<WorkItem> now = tracker.get(item.id());
      if (now.isPresent()
          && now.get().status() == WorkStatus.IN_PROGRESS
          && worker.equals(now.get().assignee())) {
        tracker.update(item.id(), b -> b.status(WorkStatus.OPEN).assignee(null));
      }
    } catch (RuntimeException e) {
      problems.add(
          "work item '"
              + item.id()
              + "' claimed by worker '"
              + worker
              + "' was not released: "
              + e.getMessage());
    }
  }

  private static ThreadFactory threads() {
    int pool = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "agentops-wave-" + pool + "-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Builds a {@link WaveRunner}. Not thread-safe.
   *
   * @param <T> what the workers return
   * @since 0.1.0
   */
  public static final class Builder<T> {

    private final Workspaces workspaces;
    private final WorkTracker tracker;
    private final MergeStep<T> merge;
    private int parallelism = 4;
    private @Nullable Executor executor;
    private @Nullable WorkerSessions sessions;
    private String base = "HEAD";

    private Builder(Workspaces workspaces, WorkTracker tracker, MergeStep<T> merge) {
      this.workspaces = workspaces;
      this.tracker = tracker;
      this.merge = merge;
    }

    /**
     * Sets how many workers may run at once.
     *
     * @param parallelism 1 to 256; default 4
     * @return this builder
     */
    public Builder<T> parallelism(int parallelism) {
      if (parallelism < 1 || parallelism > 256) {
        throw new IllegalArgumentException(
            "parallelism must be between 1 and 256, but was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Runs the workers on an executor of the host's. The runner still runs at most {@link
     * #parallelism(int)} at once, and does not shut the executor down. By default each wave gets
     * its own pool of daemon threads, shut down when the wave ends.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder<T> executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Gives each worker its own session, opened by the host.
     *
     * @param sessions opens one new session per worker
     * @return this builder
     */
    public Builder<T> sessions(WorkerSessions sessions) {
      this.sessions = Objects.requireNonNull(sessions, "sessions");
      return this;
    }

    /**
     * Sets the revision every workspace of a wave starts from.
     *
     * @param base such as {@code main}; default {@code HEAD}
     * @return this builder
     */
    public Builder<T> base(String base) {
      this.base = Objects.requireNonNull(base, "base");
      return this;
    }

    /**
     * Builds the runner.
     *
     * @return the runner
     */
    public WaveRunner<T> build() {
      return new WaveRunner<>(this);
    }
  }
}
