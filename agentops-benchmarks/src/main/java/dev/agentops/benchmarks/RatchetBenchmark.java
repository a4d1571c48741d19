package dev.agentops.benchmarks;

import dev.agentops.ratchet.LockOutcome;
import dev.agentops.ratchet.Ratchet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Locks per second on one repository (Factor VI): what {@link Ratchet#lock} costs next to the
 * compare-and-swap it is built on.
 *
 * <p>Every lock moves {@code refs/heads/main} of a bare repository forward by one commit. Before
 * each iteration, a chain of {@value #BATCH} commits is written on top of the tip (not timed); the
 * iteration then locks them one after the other, so that every lock is a real fast-forward, and
 * reports the time for the whole batch ({@code SingleShotTime} with a batch size): locks per second
 * = {@value #BATCH} / the time.
 *
 * <ul>
 *   <li>{@code baselineRefUpdate}: JGit's {@code RefUpdate} with the expected old id and a reflog
 *       entry, as a careful caller would write it.
 *   <li>{@code ratchetLock}: {@code Ratchet.lock(expectedOld, commit, verdictId)}: it also checks
 *       the commit exists, reads the tip, checks the move is a fast-forward and writes the verdict
 *       into the reflog.
 *   <li>{@code ratchetLockFromTip}: {@code Ratchet.lock(commit, verdictId)}, from wherever the ref
 *       is.
 *   <li>{@code paired}: one of each of the first two per invocation, on two refs of the same
 *       repository, in alternating order, each timed in the thread's CPU time and in wall time; its
 *       secondary results give a ratio that the machine's changing load does not distort.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, batchSize = RatchetBenchmark.BATCH)
@Measurement(iterations = 20, batchSize = RatchetBenchmark.BATCH)
@Fork(2)
public class RatchetBenchmark {

  /** Locks per iteration. */
  public static final int BATCH = 500;

  private static final String MAIN = "refs/heads/main";
  private static final String RAW = "refs/heads/raw";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private Path dir;
  private Repository repository;
  private Ratchet ratchet;
  private ObjectId[] chain;
  private String[] names;
  private int next;
  private ObjectId tip;
  private ObjectId[] rawChain;
  private ObjectId rawTip;
  private long time = 1_700_000_000L;

  @Setup(Level.Trial)
  public void setUp() throws IOException, GitAPIException {
    dir = Files.createTempDirectory("agentops-ratchet-benchmark");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(dir.toFile()).call().close();
    repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    ratchet = Ratchet.builder(dir, MAIN).build();
    tip = commits(null, 1)[0];
    rawTip = tip;
    for (String ref : new String[] {MAIN, RAW}) {
      RefUpdate u = repository.updateRef(ref);
      u.setExpectedOldObjectId(ObjectId.zeroId());
      u.setNewObjectId(tip);
      check(u.update(), RefUpdate.Result.NEW);
    }
  }

  @Setup(Level.Iteration)
  public void writeChain() throws IOException {
    chain = commits(tip, BATCH);
    names = new String[BATCH];
    for (int i = 0; i < BATCH; i++) {
      names[i] = chain[i].name();
    }
    rawChain = commits(rawTip, BATCH);
    next = 0;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    ratchet.close();
    repository.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(RatchetBenchmark::delete);
    }
  }

  @Benchmark
  public RefUpdate.Result baselineRefUpdate() throws IOException {
    ObjectId commit = chain[next++];
    RefUpdate.Result result = rawUpdate(MAIN, tip, commit);
    tip = commit;
    return result;
  }

  /**
   * What each way took in {@link #paired(PairedNanos)}, in nanoseconds of the thread's CPU time and
   * of wall time. JMH reports them, summed over each iteration, as secondary results.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class PairedNanos {
    /** CPU time in the raw {@code RefUpdate}. */
    public long rawCpuNanos;

    /** CPU time in {@code Ratchet.lock}. */
    public long ratchetCpuNanos;

    /** Wall time in the raw {@code RefUpdate}. */
    public long rawWallNanos;

    /** Wall time in {@code Ratchet.lock}. */
    public long ratchetWallNanos;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
      rawCpuNanos = 0;
      ratchetCpuNanos = 0;
      rawWallNanos = 0;
      ratchetWallNanos = 0;
    }
  }

  /**
   * One raw compare-and-swap on {@code refs/heads/raw} and one ratchet lock on {@code
   * refs/heads/main}, in alternating order, each timed: on a shared machine the load changes from
   * one benchmark to the next, which makes ratios between separate benchmarks unreliable; two locks
   * at the same moment are not affected.
   */
  @Benchmark
  public LockOutcome paired(PairedNanos nanos) throws IOException {
    int i = next++;
    LockOutcome outcome = null;
    for (int way = 0; way < 2; way++) {
      boolean raw = (way == 0) == (i % 2 == 0);
      long cpu = THREADS.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      if (raw) {
        rawUpdate(RAW, rawTip, rawChain[i]);
        nanos.rawCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
        nanos.rawWallNanos += System.nanoTime() - wall;
      } else {
        outcome = ratchet.lock(tip.name(), names[i], "v-1");
        nanos.ratchetCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
        nanos.ratchetWallNanos += System.nanoTime() - wall;
      }
    }
    if (outcome == null || outcome.kind() != LockOutcome.Kind.LOCKED) {
      throw new IllegalStateException("expected a lock, got " + outcome);
    }
    rawTip = rawChain[i];
    tip = chain[i];
    return outcome;
  }

  private RefUpdate.Result rawUpdate(String ref, ObjectId from, ObjectId to) throws IOException {
    RefUpdate u = repository.updateRef(ref);
    u.setExpectedOldObjectId(from);
    u.setNewObjectId(to);
    u.setRefLogMessage("lock verdict v-1", false);
    u.setForceRefLog(true);
    RefUpdate.Result result;
    try (RevWalk walk = new RevWalk(repository)) {
      result = u.update(walk);
    }
    check(result, RefUpdate.Result.FAST_FORWARD);
    return result;
  }

  @Benchmark
  public LockOutcome ratchetLock() {
    int i = next++;
    LockOutcome outcome = ratchet.lock(tip.name(), names[i], "v-1");
    if (outcome.kind() != LockOutcome.Kind.LOCKED) {
      throw new IllegalStateException("expected a lock, got " + outcome);
    }
    tip = chain[i];
    return outcome;
  }

  @Benchmark
  public LockOutcome ratchetLockFromTip() {
    int i = next++;
    LockOutcome outcome = ratchet.lock(names[i], "v-1");
    if (outcome.kind() != LockOutcome.Kind.LOCKED) {
      throw new IllegalStateException("expected a lock, got " + outcome);
    }
    tip = chain[i];
    return outcome;
  }

  /** Writes a chain of commits, each on the one before, starting on {@code parent}. */
  private ObjectId[] commits(@Nullable ObjectId parent, int count) throws IOException {
    ObjectId[] out = new ObjectId[count];
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId tree = inserter.insert(new TreeFormatter());
      ObjectId previous = parent;
      for (int i = 0; i < count; i++) {
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(tree);
        if (previous != null) {
          c.setParentId(previous);
        }
        PersonIdent who =
            new PersonIdent(
                "Worker", "worker@localhost", Instant.ofEpochSecond(time++), ZoneOffset.UTC);
        c.setAuthor(who);
        c.setCommitter(who);
        c.setMessage("step " + time + "\n");
        previous = inserter.insert(c);
        out[i] = previous;
      }
      inserter.flush();
    }
    return out;
  }

  private static void check(RefUpdate.Result actual, RefUpdate.Result expected) {
    if (actual != expected) {
      throw new IllegalStateException("expected " + expected + ", got " + actual);
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
