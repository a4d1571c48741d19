package dev.agentops.benchmarks;

import dev.agentops.store.Expect;
import dev.agentops.store.GitStore;
import dev.agentops.store.RecordFormat;
import dev.agentops.store.RecordKey;
import dev.agentops.store.ScanResult;
import dev.agentops.store.WriteBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
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
 * Opening a repository of 100,000 records (target: open and list within 3 s): a store is opened on
 * a packed repository, as one is after a clone, and its records listed or read. The baseline walks
 * the same tree with JGit alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 6)
@Fork(1)
public class StoreOpenBenchmark {

  @Param({"100000"})
  public int records;

  private Path dir;
  private Path repo;

  @Setup(Level.Trial)
  public void setUp() {
    dir = Records.tempDir("agentops-open");
    repo = dir.resolve("store.git");
    SplittableRandom random = new SplittableRandom(5);
    try (GitStore store = GitStore.builder(repo).create(true).build()) {
      int batch = 2_000;
      for (int from = 0; from < records; from += batch) {
        WriteBatch.Builder b = WriteBatch.builder();
        for (int i = from; i < Math.min(records, from + batch); i++) {
          String id = "w-" + i;
          b.put(
              RecordKey.of("work", id),
              RecordFormat.JSON,
              Records.workItem(id, random),
              Expect.absent());
        }
        store.write(b.build());
      }
      store.pack();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Records.delete(dir);
  }

  @Benchmark
  public List<String> openAndList() {
    try (GitStore store = GitStore.builder(repo).build()) {
      return store.ids("work");
    }
  }

  @Benchmark
  public ScanResult openAndReadAll() {
    try (GitStore store = GitStore.builder(repo).build()) {
      return store.scan("work");
    }
  }

  @Benchmark
  public int baselineJGitTreeWalk() throws Exception {
    try (Repository r = new FileRepositoryBuilder().setGitDir(repo.toFile()).build();
        RevWalk walk = new RevWalk(r);
        TreeWalk tree = new TreeWalk(r)) {
      tree.addTree(
          walk.parseCommit(r.exactRef(Constants.R_HEADS + "agentops").getObjectId()).getTree());
      tree.setRecursive(true);
      int n = 0;
      while (tree.next()) {
        n++;
      }
      return n;
    }
  }
}
