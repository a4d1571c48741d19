package dev.agentops.benchmarks;

import dev.agentops.benchmarks.KnowledgeRetrieveBenchmark.Words;
import dev.agentops.knowledge.KnowledgeFlywheel;
import dev.agentops.knowledge.KnowledgeRecords;
import dev.agentops.knowledge.Learning;
import dev.agentops.knowledge.LuceneKnowledgeIndex;
import dev.agentops.store.GitStore;
import dev.agentops.store.ScanResult;
import dev.agentops.store.WriteBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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

/**
 * Opening a knowledge repository of 100,000 learnings (targets: ≤ 3 s cold, the index rebuilt from
 * the store; ≤ 0.5 s warm, an index cache that reflects the store). The repository is a packed
 * {@link GitStore}, as after a clone, of seeded synthetic learnings as in {@link
 * KnowledgeRetrieveBenchmark}; it is built once per trial (about a minute here), and so is the warm
 * index cache.
 *
 * <ul>
 *   <li>{@code cold}: open the store and a {@link LuceneKnowledgeIndex} on an empty cache
 *       directory, and build the flywheel: every learning read and decoded, the index rebuilt and
 *       committed.
 *   <li>{@code warm}: the same on the cache directory a closed flywheel left: the index's recorded
 *       content id of the learnings matches the store's, so the flywheel opens on the index's ids
 *       and reads no learning until one is used.
 *   <li>{@code baselineOpenAndList}: open the store and list every learning's id, as {@code
 *       StoreOpenBenchmark.openAndList}.
 *   <li>{@code baselineOpenAndScan}: open the store and read every learning's text (not decoded
 *       into a {@code Learning}), which a cold opening does first.
 * </ul>
 *
 * <p>The flywheel and store are closed after each shot, untimed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 6)
@Fork(1)
public class KnowledgeOpenBenchmark {

  @Param({"100000"})
  public int learnings;

  private Path dir;
  private Path repo;
  private Path warmCache;
  private Clock clock;
  private int shot;

  private @Nullable GitStore openStore;
  private @Nullable LuceneKnowledgeIndex openIndex;
  private @Nullable KnowledgeFlywheel openFlywheel;

  @Setup(Level.Trial)
  public void setUp() {
    dir = Records.tempDir("agentops-knowledge-open");
    repo = dir.resolve("store.git");
    warmCache = dir.resolve("warm-cache");
    clock = Clock.fixed(KnowledgeRetrieveBenchmark.NOW, ZoneOffset.UTC);
    Words words = new Words(20261124L);
    Random r = new Random(42);
    try (GitStore store = GitStore.builder(repo).create(true).clock(clock).build()) {
      dev.agentops.store.Records<Learning> records = KnowledgeRecords.learnings(store);
      for (int start = 0; start < learnings; start += 5_000) {
        WriteBatch.Builder batch = WriteBatch.builder();
        for (int i = start; i < Math.min(learnings, start + 5_000); i++) {
          records.addCreate(batch, KnowledgeRetrieveBenchmark.learning("lrn-" + i, words, r));
        }
        store.write(batch.build());
      }
      store.pack();
      try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(warmCache);
          KnowledgeFlywheel f =
              KnowledgeFlywheel.builder(store).index(index).clock(clock).build()) {
        if (f.learnings().size() != learnings) {
          throw new AssertionError("expected " + learnings + " learnings");
        }
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Records.delete(dir);
  }

  /** Closes what the shot opened, outside the measured time. */
  @TearDown(Level.Invocation)
  public void closeShot() {
    if (openFlywheel != null) {
      openFlywheel.close();
    }
    if (openIndex != null) {
      openIndex.close();
    }
    if (openStore != null) {
      openStore.close();
    }
    openFlywheel = null;
    openIndex = null;
    openStore = null;
  }

  private KnowledgeFlywheel open(Path cache) {
    openStore = GitStore.builder(repo).clock(clock).build();
    openIndex = LuceneKnowledgeIndex.open(cache);
    openFlywheel = KnowledgeFlywheel.builder(openStore).index(openIndex).clock(clock).build();
    return openFlywheel;
  }

  @Benchmark
  public KnowledgeFlywheel cold() {
    return open(dir.resolve("cold-" + shot++));
  }

  @Benchmark
  public KnowledgeFlywheel warm() {
    return open(warmCache);
  }

  @Benchmark
  public List<String> baselineOpenAndList() {
    try (GitStore store = GitStore.builder(repo).build()) {
      return store.ids(KnowledgeRecords.LEARNINGS);
    }
  }

  @Benchmark
  public ScanResult baselineOpenAndScan() {
    try (GitStore store = GitStore.builder(repo).build()) {
      return store.scan(KnowledgeRecords.LEARNINGS);
    }
  }
}
