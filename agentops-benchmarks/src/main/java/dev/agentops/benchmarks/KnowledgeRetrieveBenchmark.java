package dev.agentops.benchmarks;

import dev.agentops.knowledge.Applicability;
import dev.agentops.knowledge.IndexQuery;
import dev.agentops.knowledge.Injection;
import dev.agentops.knowledge.KnowledgeFlywheel;
import dev.agentops.knowledge.KnowledgeRecords;
import dev.agentops.knowledge.Learning;
import dev.agentops.knowledge.LearningKind;
import dev.agentops.knowledge.LearningSource;
import dev.agentops.knowledge.LuceneKnowledgeIndex;
import dev.agentops.knowledge.Maturity;
import dev.agentops.knowledge.RetrievedLearning;
import dev.agentops.knowledge.Tier;
import dev.agentops.store.InMemoryStore;
import dev.agentops.store.Records;
import dev.agentops.store.WriteBatch;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Retrieval over 100,000 learnings (target: retrieve + rank + pack p99 ≤ 2 ms, and ≤ 2× raw Lucene
 * BM25 on the same corpus), measured next to that BM25 search in the same run.
 *
 * <p>The corpus is seeded synthetic text: words drawn from a Zipf distribution over ranks 100 to
 * 20,000 of a made-up vocabulary (the top hundred ranks of real text are stop words, which the
 * analyzer drops), and one word in ten from 65 common engineering words; titles of 4 to 9 words,
 * lessons of 15 to 60, rationales of 8 to 30, two tags, ages up to a year, a spread of utility and
 * maturity. Tasks are 6 to 14 words drawn the same way. Everything is in memory: an {@link
 * InMemoryStore} and an in-memory {@link LuceneKnowledgeIndex}.
 *
 * <ul>
 *   <li>{@code baselineBm25}: the index's BM25 search for a task, top 10: what a plain Lucene
 *       search of the same fields costs.
 *   <li>{@code retrieveRank}: {@code retrieve(task, 10)}: the index's top 40, re-ranked by
 *       relevance × freshness × utility × maturity weight.
 *   <li>{@code retrieveRankPack}: {@code pack(task, 1500)}: retrieval, then the block packed under
 *       1,500 tokens, counted with o200k_base. Tasks cycle through 256, so after warm-up the
 *       counter's cache holds their entries and blocks: the cost of a task seen before.
 *   <li>{@code retrieveRankPackNewTask}: the same with a task never seen before at every
 *       invocation, so the entries and the block are mostly new to the counter's cache and counted
 *       in full.
 *   <li>{@code paired}: for one new task per invocation, the BM25 search and retrieve + rank +
 *       pack, in alternating order, each timed in the thread's CPU time, which the load of other
 *       processes on a shared machine does not inflate as it does wall time. The totals are
 *       reported as auxiliary counters, and the percentiles of each over the measurement iterations
 *       are printed when the trial ends.
 *   <li>{@code similarNewText} and {@code searchNewText}: the quality gate's novelty lookup for a
 *       new learning's title and lesson, {@code index.similar(text, 11)}, against the BM25 search
 *       of the same text for ten hits that it replaced.
 * </ul>
 *
 * <p>The made-up words are the worst case for a BPE tokenizer (several tokens each, where an
 * English word is mostly one), so counting costs more here than on real learnings.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class KnowledgeRetrieveBenchmark {

  static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

  @Param({"100000"})
  public int learnings;

  private static final String[] COMMON = {
    "build",
    "cache",
    "maven",
    "gradle",
    "test",
    "flaky",
    "retry",
    "timeout",
    "docker",
    "image",
    "database",
    "schema",
    "migration",
    "toolchain",
    "jdk",
    "pipeline",
    "stage",
    "artifact",
    "lint",
    "coverage",
    "shell",
    "bash",
    "lockfile",
    "dependency",
    "version",
    "release",
    "deploy",
    "rollback",
    "config",
    "secret",
    "token",
    "index",
    "query",
    "latency",
    "memory",
    "thread",
    "lock",
    "queue",
    "worker",
    "session",
    "context",
    "budget",
    "prompt",
    "model",
    "review",
    "commit",
    "branch",
    "merge",
    "rebase",
    "conflict",
    "api",
    "client",
    "server",
    "http",
    "json",
    "yaml",
    "parser",
    "schema",
    "field",
    "record",
    "store",
    "git",
    "remote",
    "push",
    "fetch"
  };

  private InMemoryStore store;
  private LuceneKnowledgeIndex index;
  private KnowledgeFlywheel flywheel;
  private String[] tasks;
  private Words words;
  private Random taskRandom;
  private int next;

  /** A seeded Zipf-like word source. */
  static final class Words {
    final String[] rare = new String[20_000];

    Words(long seed) {
      Random names = new Random(seed ^ 0x5DEECE66DL);
      for (int i = 0; i < rare.length; i++) {
        StringBuilder b = new StringBuilder();
        int len = 4 + names.nextInt(6);
        for (int j = 0; j < len; j++) {
          b.append((char) ('a' + names.nextInt(26)));
        }
        rare[i] = b.toString();
      }
    }

    String word(Random r) {
      if (r.nextInt(10) == 0) {
        return COMMON[r.nextInt(COMMON.length)];
      }
      // Zipf over ranks 100 to 20,000: the hundred most frequent words of real text are the
      // stop words an analyzer drops, so they are left out rather than matching every learning.
      double lo = Math.log(100);
      double hi = Math.log(rare.length);
      int rank = (int) Math.floor(Math.exp(lo + (hi - lo) * r.nextDouble()));
      return rare[Math.max(0, Math.min(rare.length - 1, rank))];
    }

    String text(Random r, int min, int max) {
      int n = min + r.nextInt(max - min + 1);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          b.append(' ');
        }
        String w = word(r);
        b.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
      }
      return b.append('.').toString();
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    words = new Words(20261124L);
    Random r = new Random(42);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    store = InMemoryStore.builder().clock(clock).build();
    Records<Learning> records = KnowledgeRecords.learnings(store);
    for (int start = 0; start < learnings; start += 5_000) {
      WriteBatch.Builder batch = WriteBatch.builder();
      for (int i = start; i < Math.min(learnings, start + 5_000); i++) {
        Learning l = learning("lrn-" + i, words, r);
        records.addCreate(batch, l);
      }
      store.write(batch.build());
    }
    index = LuceneKnowledgeIndex.inMemory();
    flywheel = KnowledgeFlywheel.builder(store).index(index).clock(clock).build();
    tasks = new String[256];
    Random t = new Random(7);
    for (int i = 0; i < tasks.length; i++) {
      tasks[i] = words.text(t, 6, 14);
    }
    taskRandom = new Random(99);
  }

  /**
   * A kept learning of the synthetic corpus: seeded text, a spread of kinds, ages, utility and
   * maturity.
   */
  static Learning learning(String id, Words words, Random r) {
    Maturity[] maturities = Maturity.values();
    LearningKind[] kinds = LearningKind.values();
    return Learning.builder(
            id,
            kinds[r.nextInt(kinds.length)],
            words.text(r, 4, 9),
            words.text(r, 15, 60),
            NOW.minus(Duration.ofMinutes(r.nextInt(365 * 24 * 60))))
        .why(words.text(r, 8, 30))
        .tags(words.word(r), words.word(r))
        .applicability(r.nextInt(4) == 0 ? Applicability.of("", "java") : Applicability.ANY)
        .source(LearningSource.session("s-" + r.nextInt(5_000)))
        .confidence(r.nextDouble())
        .utility(r.nextDouble())
        .maturity(maturities[r.nextInt(maturities.length)])
        .quality(Tier.SILVER, 0.75)
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    flywheel.close();
    index.close();
    store.close();
  }

  private String task() {
    next = (next + 1) & (tasks.length - 1);
    return tasks[next];
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds of each call in {@link #paired}, during measurement iterations only. */
  private long[] bm25Cpu = new long[1 << 16];

  private long[] packCpu = new long[1 << 16];
  private int pairedCount;
  private boolean measuring;

  /** CPU time of the two sides of {@link #paired}, summed over an iteration, in nanoseconds. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class PairedNanos {
    /** The BM25 search's CPU time. */
    public long bm25CpuNanos;

    /** Retrieve + rank + pack's CPU time. */
    public long packCpuNanos;

    /** Clears the sums at the start of each iteration. */
    @Setup(Level.Iteration)
    public void clear() {
      bm25CpuNanos = 0;
      packCpuNanos = 0;
    }
  }

  /**
   * Marks whether the coming iteration is measured, for the percentiles of {@link #paired}.
   *
   * @param params the iteration
   */
  @Setup(Level.Iteration)
  public void iteration(IterationParams params) {
    measuring = params.getType() == IterationType.MEASUREMENT;
  }

  @Benchmark
  public Object paired(PairedNanos nanos) {
    String task = words.text(taskRandom, 6, 14);
    boolean bm25First = (pairedCount & 1) == 0;
    Object a = null;
    Object b = null;
    long bm25 = 0;
    long pack = 0;
    for (int side = 0; side < 2; side++) {
      long start = THREADS.getCurrentThreadCpuTime();
      if ((side == 0) == bm25First) {
        a = index.search(IndexQuery.of(task, 10));
        bm25 = THREADS.getCurrentThreadCpuTime() - start;
      } else {
        b = flywheel.pack(task, 1_500);
        pack = THREADS.getCurrentThreadCpuTime() - start;
      }
    }
    nanos.bm25CpuNanos += bm25;
    nanos.packCpuNanos += pack;
    if (measuring) {
      if (pairedCount == bm25Cpu.length) {
        bm25Cpu = Arrays.copyOf(bm25Cpu, pairedCount * 2);
        packCpu = Arrays.copyOf(packCpu, pairedCount * 2);
      }
      bm25Cpu[pairedCount] = bm25;
      packCpu[pairedCount] = pack;
      pairedCount++;
    }
    return a == b ? a : b;
  }

  /** Prints the CPU-time percentiles of {@link #paired}, if it ran. */
  @TearDown(Level.Trial)
  public void printPairedPercentiles() {
    if (pairedCount == 0) {
      return;
    }
    long[] bm25 = Arrays.copyOf(bm25Cpu, pairedCount);
    long[] pack = Arrays.copyOf(packCpu, pairedCount);
    Arrays.sort(bm25);
    Arrays.sort(pack);
    System.out.printf(
        Locale.ROOT,
        "%npaired, CPU time over %d calls: bm25 p50 %.3f ms, p99 %.3f ms;"
            + " retrieve+rank+pack p50 %.3f ms, p99 %.3f ms; ratio of p99 %.2f%n",
        pairedCount,
        bm25[pairedCount / 2] / 1e6,
        bm25[(int) (pairedCount * 0.99)] / 1e6,
        pack[pairedCount / 2] / 1e6,
        pack[(int) (pairedCount * 0.99)] / 1e6,
        (double) pack[(int) (pairedCount * 0.99)] / Math.max(1, bm25[(int) (pairedCount * 0.99)]));
  }

  @Benchmark
  public List<?> baselineBm25() {
    return index.search(IndexQuery.of(task(), 10));
  }

  @Benchmark
  public List<RetrievedLearning> retrieveRank() {
    return flywheel.retrieve(task(), 10);
  }

  @Benchmark
  public Injection retrieveRankPack() {
    return flywheel.pack(task(), 1_500);
  }

  @Benchmark
  public Injection retrieveRankPackNewTask() {
    return flywheel.pack(words.text(taskRandom, 6, 14), 1_500);
  }

  private String newLearningText() {
    return words.text(taskRandom, 4, 9) + "\n" + words.text(taskRandom, 15, 60);
  }

  @Benchmark
  public Object similarNewText() {
    return index.similar(newLearningText(), 11);
  }

  @Benchmark
  public List<?> searchNewText() {
    return index.search(IndexQuery.of(newLearningText(), 10).withStatuses(Set.of()));
  }
}
