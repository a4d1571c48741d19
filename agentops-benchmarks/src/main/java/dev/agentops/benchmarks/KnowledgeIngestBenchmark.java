package dev.agentops.benchmarks;

import dev.agentops.benchmarks.KnowledgeRetrieveBenchmark.Words;
import dev.agentops.knowledge.GateDecision;
import dev.agentops.knowledge.KnowledgeFlywheel;
import dev.agentops.knowledge.KnowledgeRecords;
import dev.agentops.knowledge.Learning;
import dev.agentops.knowledge.LearningKind;
import dev.agentops.knowledge.LearningSource;
import dev.agentops.knowledge.LuceneKnowledgeIndex;
import dev.agentops.store.GitStore;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable ingest of learnings, in git and searchable (target: at least 2,000 learnings/s batched),
 * in learnings per second, on a real {@link GitStore} and a {@link LuceneKnowledgeIndex} on disk in
 * a temporary directory. Every operation is one candidate decided by the quality gate, committed on
 * the branch with its audit line, and searchable in the index when the call returns.
 *
 * <p>The store starts with {@code existing} learnings (seeded synthetic text as in {@link
 * KnowledgeRetrieveBenchmark}), so the gate searches a real index for near-duplicates; candidates
 * are new synthetic lessons of the same kind, most accepted.
 *
 * <ul>
 *   <li>{@code batched}: {@code offer(Collection)} of 500 candidates: one gate pass, one commit.
 *   <li>{@code oneAtATime}: {@code offer(Learning)}: one commit per candidate.
 *   <li>{@code baselineStoreBatch}: the store's own ingest: the same 500 learnings encoded and
 *       written as one store batch, with no gate and no index.
 *   <li>{@code paired}: per invocation, 100 candidates offered as a batch and 100 other learnings
 *       written as a raw store batch, in alternating order, each timed in the thread's CPU time and
 *       in wall time (auxiliary counters, summed per iteration), which the load of other processes
 *       distorts less than separate runs.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(1)
public class KnowledgeIngestBenchmark {

  static final int BATCH = 500;
  static final int PAIRED_BATCH = 100;

  @Param({"10000"})
  public int existing;

  /** Where the index is kept: {@code disk}, a local cache directory, or {@code memory}. */
  @Param({"disk"})
  public String indexIn;

  private Path dir;
  private GitStore store;
  private LuceneKnowledgeIndex index;
  private KnowledgeFlywheel flywheel;
  private dev.agentops.store.Records<Learning> records;
  private Words words;
  private Random random;
  private long sequence;
  private final Map<GateDecision.Kind, Long> decided = new EnumMap<>(GateDecision.Kind.class);

  @Setup(Level.Trial)
  public void setUp() {
    dir = Records.tempDir("agentops-knowledge-ingest");
    Clock clock = Clock.fixed(KnowledgeRetrieveBenchmark.NOW, ZoneOffset.UTC);
    store = GitStore.builder(dir.resolve("store.git")).create(true).clock(clock).build();
    records = KnowledgeRecords.learnings(store);
    words = new Words(20261124L);
    Random r = new Random(42);
    for (int start = 0; start < existing; start += 5_000) {
      WriteBatch.Builder batch = WriteBatch.builder();
      for (int i = start; i < Math.min(existing, start + 5_000); i++) {
        records.addCreate(batch, KnowledgeRetrieveBenchmark.learning("lrn-" + i, words, r));
      }
      store.write(batch.build());
    }
    index =
        indexIn.equals("memory")
            ? LuceneKnowledgeIndex.inMemory()
            : LuceneKnowledgeIndex.open(dir.resolve("index"));
    flywheel = KnowledgeFlywheel.builder(store).index(index).clock(clock).writer("bench").build();
    random = new Random(7);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    flywheel.close();
    index.close();
    store.close();
    Records.delete(dir);
    if (!decided.isEmpty()) {
      System.out.println(System.lineSeparator() + "decisions: " + decided);
    }
  }

  /**
   * A new candidate lesson as extraction offers them: an imperative title, a lesson that names code
   * and numbers and states when it applies, a rationale, tags, a source; specific enough for the
   * gate to keep.
   */
  private Learning candidate() {
    String id = "c-" + Long.toString(sequence++, 36);
    String what =
        "Use `"
            + words.word(random)
            + "."
            + words.word(random)
            + "` with "
            + (2 + random.nextInt(500))
            + " "
            + words.text(random, 10, 40)
            + " Do this when "
            + words.word(random)
            + " exceeds "
            + (10 + random.nextInt(5_000))
            + " ms.";
    return Learning.builder(
            id,
            LearningKind.PATTERN,
            "Pin "
                + words.word(random)
                + " "
                + words.word(random)
                + " before "
                + words.word(random),
            what,
            KnowledgeRetrieveBenchmark.NOW)
        .why("Measured in " + (2 + random.nextInt(40)) + " builds: " + words.text(random, 8, 30))
        .context("CI on " + words.word(random) + ", JDK 17.")
        .tags(words.word(random), words.word(random))
        .source(LearningSource.session("s-" + random.nextInt(5_000)))
        .confidence(0.8)
        .build();
  }

  private List<Learning> candidates(int n) {
    List<Learning> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(candidate());
    }
    return out;
  }

  private void count(List<GateDecision> decisions) {
    for (GateDecision d : decisions) {
      decided.merge(d.kind(), 1L, Long::sum);
    }
  }

  private WriteResult storeBatch(List<Learning> learnings) {
    WriteBatch.Builder batch = WriteBatch.builder();
    for (Learning l : learnings) {
      records.addCreate(batch, l);
    }
    return store.write(batch.build());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<GateDecision> batched() {
    List<GateDecision> d = flywheel.offer(candidates(BATCH));
    count(d);
    return d;
  }

  @Benchmark
  public GateDecision oneAtATime() {
    GateDecision d = flywheel.offer(candidate());
    decided.merge(d.kind(), 1L, Long::sum);
    return d;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public WriteResult baselineStoreBatch() {
    return storeBatch(candidates(BATCH));
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private long pairedCount;

  /** The two sides of {@link #paired}, summed over an iteration, in nanoseconds. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class PairedNanos {
    /** The flywheel's batch, CPU time. */
    public long flywheelCpuNanos;

    /** The raw store batch, CPU time. */
    public long storeCpuNanos;

    /** The flywheel's batch, wall time. */
    public long flywheelWallNanos;

    /** The raw store batch, wall time. */
    public long storeWallNanos;

    /** Clears the sums at the start of each iteration. */
    @Setup(Level.Iteration)
    public void clear() {
      flywheelCpuNanos = 0;
      storeCpuNanos = 0;
      flywheelWallNanos = 0;
      storeWallNanos = 0;
    }
  }

  @Benchmark
  @OperationsPerInvocation(PAIRED_BATCH)
  public Object paired(PairedNanos nanos) {
    List<Learning> offered = candidates(PAIRED_BATCH);
    List<Learning> raw = candidates(PAIRED_BATCH);
    boolean flywheelFirst = (pairedCount++ & 1) == 0;
    Object a = null;
    Object b = null;
    for (int side = 0; side < 2; side++) {
      long cpu = THREADS.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      if ((side == 0) == flywheelFirst) {
        List<GateDecision> d = flywheel.offer(offered);
        nanos.flywheelCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
        nanos.flywheelWallNanos += System.nanoTime() - wall;
        count(d);
        a = d;
      } else {
        b = storeBatch(raw);
        nanos.storeCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
        nanos.storeWallNanos += System.nanoTime() - wall;
      }
    }
    return a == b ? a : b;
  }
}
