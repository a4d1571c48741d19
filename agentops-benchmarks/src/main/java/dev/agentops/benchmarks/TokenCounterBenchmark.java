package dev.agentops.benchmarks;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.agentops.context.ModelTokenCounter;
import dev.agentops.llm.TokenizerFamily;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link ModelTokenCounter} adds to jtokkit when it has to tokenize (target: within 1.2× of
 * raw jtokkit), and what its cache saves when it does not.
 *
 * <p>Texts of about {@code tokens} {@code o200k_base} tokens are cut from {@link
 * Conversations#texts(int, long) seeded conversation text}, 256 of each size. Every invocation of
 * the first three benchmarks counts a text that is new to every cache: a pooled text with the
 * invocation's number appended. All three build it the same way, so the string building is in the
 * baseline too.
 *
 * <ul>
 *   <li>{@code baselineJtokkit}: jtokkit's {@code countTokensOrdinary}.
 *   <li>{@code counterWithoutCache}: a counter built with {@code cacheSize(0)}.
 *   <li>{@code counterCacheMiss}: a counter with the default cache (100,000 entries), always
 *       missing: it hashes the text, tokenizes, and stores the count, evicting once full.
 *   <li>{@code counterCacheHit}: the same counter on the pooled texts as they are, which it has
 *       seen: what recounting a history costs. No number is appended here.
 *   <li>{@code paired}: the first three on the same new text in one invocation, in each of the six
 *       orders in turn, each timed in the thread's CPU time and in wall time. Its secondary results
 *       give ratios that the machine's changing load does not distort ({@code clockCpuNanos} is
 *       what reading the clocks adds to each way).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class TokenCounterBenchmark {

  private static final int POOL = 256;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Param({"50", "500", "5000"})
  public int tokens;

  private String[] pool;
  private Encoding o200k;
  private ModelTokenCounter uncached;
  private ModelTokenCounter cached;
  private ModelTokenCounter warm;
  private long invocation;

  @Setup
  public void setUp() {
    o200k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    pool = cut(Conversations.texts(12_000, 20261124L), tokens, o200k);
    uncached = ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).cacheSize(0).build();
    cached = ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).build();
    warm = ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).build();
    for (String text : pool) {
      warm.count(text);
    }
  }

  /**
   * Cuts {@link #POOL} consecutive pieces of about {@code size} tokens from the conversation: the
   * texts joined, sliced by the average characters per token, each slice ending at a blank.
   */
  static String[] cut(List<String> texts, int size, Encoding encoding) {
    String all = String.join("\n\n", texts);
    double charsPerToken = (double) all.length() / encoding.countTokensOrdinary(all);
    int length = (int) Math.round(size * charsPerToken);
    String[] pieces = new String[POOL];
    int start = 0;
    for (int i = 0; i < POOL; i++) {
      int end = start + length;
      while (end < all.length() && !Character.isWhitespace(all.charAt(end))) {
        end++;
      }
      if (end >= all.length()) {
        throw new IllegalStateException("not enough text for " + POOL + " pieces of " + size);
      }
      pieces[i] = all.substring(start, end);
      start = end;
    }
    return pieces;
  }

  private String next() {
    long n = invocation++;
    return pool[(int) (n & (POOL - 1))] + " #" + n;
  }

  /**
   * What each way of counting took in {@link #paired(PairedNanos)}, in nanoseconds of the thread's
   * CPU time and of wall time, and what reading both clocks costs. JMH reports them, summed over
   * the measurement, as secondary results.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class PairedNanos {
    /** CPU time in jtokkit. */
    public long rawCpuNanos;

    /** CPU time in the counter without a cache. */
    public long withoutCacheCpuNanos;

    /** CPU time in the counter with a cache, missing. */
    public long cacheMissCpuNanos;

    /** Wall time in jtokkit. */
    public long rawWallNanos;

    /** Wall time in the counter without a cache. */
    public long withoutCacheWallNanos;

    /** Wall time in the counter with a cache, missing. */
    public long cacheMissWallNanos;

    /** CPU time of an empty interval: the clocks' own cost, included once in each of the above. */
    public long clockCpuNanos;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
      rawCpuNanos = 0;
      withoutCacheCpuNanos = 0;
      cacheMissCpuNanos = 0;
      rawWallNanos = 0;
      withoutCacheWallNanos = 0;
      cacheMissWallNanos = 0;
      clockCpuNanos = 0;
    }
  }

  /** The six orders of the three ways; each follows each other equally often. */
  private static final int[][] ORDERS = {
    {0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}
  };

  /**
   * Counts one new text all three ways, in each order in turn, timing each. On a shared machine the
   * load changes from one benchmark to the next and a thread waits for a core for milliseconds at a
   * time, which makes ratios between separate benchmarks unreliable; the same text at the same
   * moment, timed in the thread's CPU time, is not affected.
   */
  @Benchmark
  public int paired(PairedNanos nanos) {
    long n = invocation;
    String text = next();
    int tokens = 0;
    long cpu = THREADS.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    nanos.clockCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
    for (int way : ORDERS[(int) (n % ORDERS.length)]) {
      cpu = THREADS.getCurrentThreadCpuTime();
      wall = System.nanoTime();
      if (way == 0) {
        tokens += o200k.countTokensOrdinary(text);
        nanos.rawCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
        nanos.rawWallNanos += System.nanoTime() - wall;
      } else if (way == 1) {
        tokens += uncached.count(text);
        nanos.withoutCacheCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
        nanos.withoutCacheWallNanos += System.nanoTime() - wall;
      } else {
        tokens += cached.count(text);
        nanos.cacheMissCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
        nanos.cacheMissWallNanos += System.nanoTime() - wall;
      }
    }
    return tokens;
  }

  /** jtokkit itself. */
  @Benchmark
  public int baselineJtokkit() {
    return o200k.countTokensOrdinary(next());
  }

  /** The counter with its cache turned off. */
  @Benchmark
  public int counterWithoutCache() {
    return uncached.count(next());
  }

  /** The counter with its cache, on text it has never seen. */
  @Benchmark
  public int counterCacheMiss() {
    return cached.count(next());
  }

  /** The counter with its cache, on text it has counted before. */
  @Benchmark
  public int counterCacheHit() {
    return warm.count(pool[(int) (invocation++ & (POOL - 1))]);
  }
}
