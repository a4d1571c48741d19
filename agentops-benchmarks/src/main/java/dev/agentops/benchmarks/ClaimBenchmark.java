package dev.agentops.benchmarks;

import dev.agentops.store.GitStore;
import dev.agentops.work.WorkTracker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.DaemonClient;
import org.eclipse.jgit.transport.resolver.FileResolver;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Claims through one remote: {@code items} open work items on a git daemon on loopback, claimed by
 * worker processes until none is left; every claim is a sync, a commit and a compare-and-swap push.
 * One operation is all the items claimed, so claims per second are {@code items} divided by the
 * time. Workers are started, and have synced, before the clock starts.
 *
 * <ul>
 *   <li>{@code fourProcesses}: four worker JVMs contend for the same items;
 *   <li>{@code oneProcess}: one worker JVM claims them all, with no contention;
 *   <li>{@code baselineRawPush}: one worker JVM commits one record and pushes it with JGit's
 *       porcelain push, {@code items} times: what a single git round trip costs on this remote.
 * </ul>
 *
 * <p>Each claiming run checks that every item was claimed exactly once, and fails otherwise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class ClaimBenchmark {

  @Param({"100"})
  public int items;

  private Path dir;
  private Path pristine;
  private Daemon daemon;
  private int round;
  private final List<Process> workers = new ArrayList<>();
  private final Map<Process, BufferedReader> readers = new HashMap<>();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Records.tempDir("agentops-claims");
    pristine = dir.resolve("pristine.git");
    try (GitStore store = GitStore.builder(pristine).create(true).build()) {
      WorkTracker tracker = WorkTracker.builder(store).build();
      for (int i = 0; i < items; i++) {
        int priority = i % 5;
        tracker.create("item " + i, b -> b.priority(priority));
      }
      store.pack();
    }
    Files.createDirectories(dir.resolve("served"));
    daemon = new Daemon(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    daemon.getService("git-receive-pack").setEnabled(true);
    daemon.setRepositoryResolver(
        new FileResolver<DaemonClient>(dir.resolve("served").toFile(), true));
    daemon.start();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    daemon.stop();
    Records.delete(dir);
  }

  /** A fresh copy of the seeded remote, and the given number of workers, synced and waiting. */
  private void start(String mode, int count) throws Exception {
    round++;
    String name = "remote-" + round + ".git";
    copy(pristine, dir.resolve("served").resolve(name));
    String url = "git://127.0.0.1:" + daemon.getAddress().getPort() + "/" + name;
    workers.clear();
    readers.clear();
    for (int w = 0; w < count; w++) {
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-XX:+UseSerialGC",
              "-Xmx256m",
              "-cp",
              System.getProperty("java.class.path"),
              ClaimWorker.class.getName(),
              mode,
              dir.resolve("local-" + round + "-" + w + ".git").toString(),
              url,
              "worker-" + w,
              Integer.toString(items));
      pb.redirectError(ProcessBuilder.Redirect.INHERIT);
      Process p = pb.start();
      workers.add(p);
    }
    for (Process p : workers) {
      String line = reader(p).readLine();
      if (!"ready".equals(line)) {
        throw new IllegalStateException("a worker did not start: " + line);
      }
    }
  }

  @Setup(Level.Invocation)
  public void startWorkers(BenchmarkParams params) throws Exception {
    String benchmark = params.getBenchmark();
    if (benchmark.endsWith("fourProcesses")) {
      start("claim", 4);
    } else if (benchmark.endsWith("oneProcess")) {
      start("claim", 1);
    } else {
      start("push", 1);
    }
  }

  @Benchmark
  public int fourProcesses() throws Exception {
    return runWorkers();
  }

  @Benchmark
  public int oneProcess() throws Exception {
    return runWorkers();
  }

  @Benchmark
  public int baselineRawPush() throws Exception {
    return runWorkers();
  }

  /** Says go to every worker, waits for them all, and checks that the work was all done once. */
  private int runWorkers() throws Exception {
    for (Process p : workers) {
      OutputStream in = p.getOutputStream();
      in.write("go\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
    }
    int claimed = 0;
    for (Process p : workers) {
      String line = reader(p).readLine();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || line == null) {
        throw new IllegalStateException("a worker failed: " + line);
      }
      claimed += Integer.parseInt(line.split(" ")[1]);
    }
    if (claimed != items) {
      throw new IllegalStateException(claimed + " done for " + items + " items");
    }
    return claimed;
  }

  private BufferedReader reader(Process p) {
    return readers.computeIfAbsent(
        p,
        k -> new BufferedReader(new InputStreamReader(k.getInputStream(), StandardCharsets.UTF_8)));
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(d)));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
            Files.copy(f, to.resolve(from.relativize(f)));
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
