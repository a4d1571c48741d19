package dev.agentops.benchmarks;

import dev.agentops.store.Expect;
import dev.agentops.store.GitStore;
import dev.agentops.store.RecordFormat;
import dev.agentops.store.RecordKey;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable ingest into a git store, in records per second (target: at least 2,000 batched). Every
 * operation is one record acknowledged durable, that is, in a commit on the branch. Iterations
 * are long enough to include the merges of small packs that every 32 commits bring.
 *
 * <p>{@code existing} records are written to the collection before the trial (in batches of 500,
 * not measured), because what a commit costs depends on how large the collection is: with {@code
 * 100000}, the batches measured land in a collection of 100,000 records and more.
 *
 * <ul>
 *   <li>{@code batched}: batches of 500 records, one commit each;
 *   <li>{@code concurrentSingles}: four threads writing one record per batch; the store's single
 *       writer combines what is queued into one commit;
 *   <li>{@code baselineOneCommitPerRecord}: one record per batch from one thread, so one commit per
 *       record through direct insertion;
 *   <li>{@code baselinePorcelain}: JGit's porcelain add and commit of a file per record, through
 *       the index, as a naive implementation would.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(1)
public class StoreIngestBenchmark {

  private static final int BATCH = 500;

  /** Records in the collection before the trial starts. */
  @Param({"0", "100000"})
  public int existing;

  private Path dir;
  private GitStore store;
  private Git porcelain;
  private Path workTree;
  private final SplittableRandom random = new SplittableRandom(11);
  private long sequence;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Records.tempDir("agentops-ingest");
    store = GitStore.builder(dir.resolve("store.git")).create(true).build();
    workTree = dir.resolve("porcelain");
    porcelain = Git.init().setDirectory(workTree.toFile()).call();
    for (int written = 0; written < existing; written += BATCH) {
      batched();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
    porcelain.close();
    Records.delete(dir);
  }

  private synchronized String nextId() {
    return "r-" + Long.toString(sequence++, 36);
  }

  private synchronized String body(String id) {
    return Records.workItem(id, random);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public WriteResult batched() {
    WriteBatch.Builder b = WriteBatch.builder();
    for (int i = 0; i < BATCH; i++) {
      String id = nextId();
      b.put(RecordKey.of("work", id), RecordFormat.JSON, body(id), Expect.absent());
    }
    return store.write(b.build());
  }

  @Benchmark
  @Threads(4)
  public WriteResult concurrentSingles() {
    return writeOne();
  }

  @Benchmark
  public WriteResult baselineOneCommitPerRecord() {
    return writeOne();
  }

  private WriteResult writeOne() {
    String id = nextId();
    return store.write(
        WriteBatch.builder()
            .put(RecordKey.of("work", id), RecordFormat.JSON, body(id), Expect.absent())
            .build());
  }

  @Benchmark
  public Object baselinePorcelain() throws Exception {
    String id = nextId();
    Files.writeString(workTree.resolve(id + ".json"), body(id));
    porcelain.add().addFilepattern(id + ".json").call();
    return porcelain.commit().setMessage("add " + id).setSign(false).call();
  }
}
