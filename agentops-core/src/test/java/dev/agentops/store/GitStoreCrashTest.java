package dev.agentops.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentops.core.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Factor II under crashes (DESIGN §8): a child JVM writes batches in a loop and is killed with
 * {@code SIGKILL} after a seeded-random number of acknowledged batches, again and again on the same
 * repository. After every kill the store is reopened: every acknowledged batch is there with the
 * content that was acknowledged, every batch is there entirely or not at all, nothing is
 * quarantined, and {@code git fsck --full} finds nothing but dangling objects.
 *
 * <p>The seed is printed; rerun with {@code -Dagentops.crash.seed=<seed>} to replay the same kill
 * schedule (the kill points inside the child's work still vary with scheduling).
 */
class GitStoreCrashTest {

  static final int KILLS = 20;
  static final int THREADS = 2;
  static final int MAX_ACKS_BEFORE_KILL = 12;
  static final Pattern ACK = Pattern.compile("ack (\\d+) (\\d+)");
  static final Pattern ID = Pattern.compile("r(\\d+)-t(\\d+)-b(\\d+)-k(\\d+)");

  @TempDir Path dir;

  @Test
  void aKilledWriterLosesNoAcknowledgedBatchAndLeavesNoHalfOfOne() throws Exception {
    long seed = Long.getLong("agentops.crash.seed", System.nanoTime());
    System.out.println("GitStoreCrashTest seed: " + seed);
    Random random = new Random(seed);
    ChildProcesses cli = new ChildProcesses(dir.resolve("home"));
    Path repo = dir.resolve("crash.git");
    GitStore.builder(repo).create(true).build().close();
    int[][] acknowledged = new int[KILLS][THREADS];
    int staleLocks = 0;
    int landedTotal = 0;

    List<Process> started = new ArrayList<>();
    try {
      Process next = start(started, cli, repo, 0);
      for (int run = 0; run < KILLS; run++) {
        int acksBeforeKill = 1 + random.nextInt(MAX_ACKS_BEFORE_KILL);
        Process child = next;
        try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          if (!"ready".equals(out.readLine())) {
            fail("run %d: the writer did not start%n%s", run, stderr(cli, run));
          }
          child.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
          child.getOutputStream().flush();
          for (int acks = 0; acks < acksBeforeKill; acks++) {
            String line = out.readLine();
            if (line == null) {
              child.waitFor();
              fail(
                  "run %d: the writer ended before it was killed, exit %d, seed %d%n%s",
                  run, child.exitValue(), seed, stderr(cli, run));
            }
            Matcher m = ACK.matcher(line);
            assertThat(m.matches()).as("run %d printed '%s'", run, line).isTrue();
            int thread = Integer.parseInt(m.group(1));
            int batch = Integer.parseInt(m.group(2));
            assertThat(batch)
                .as("each thread acknowledges its batches in order")
                .isEqualTo(acknowledged[run][thread]);
            acknowledged[run][thread]++;
          }
          child.destroyForcibly();
          assertThat(child.waitFor(ChildProcesses.GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
        if (Files.exists(repo.resolve("refs/heads/agentops.lock"))) {
          staleLocks++;
        }
        // The next writer starts up while this run is checked; it writes nothing before 'go'.
        if (run + 1 < KILLS) {
          next = start(started, cli, repo, run + 1);
        }
        landedTotal = verify(cli, repo, run, acknowledged, seed);
      }
    } catch (AssertionError e) {
      throw new AssertionError("with seed " + seed + ": " + e.getMessage(), e);
    } finally {
      started.forEach(Process::destroyForcibly);
    }
    int acked = IntStream.range(0, KILLS).map(r -> acknowledged[r][0] + acknowledged[r][1]).sum();
    System.out.printf(
        "GitStoreCrashTest: %d kills, %d batches acknowledged, %d landed, %d kills left the"
            + " branch's lock file behind%n",
        KILLS, acked, landedTotal, staleLocks);
  }

  private static Process start(List<Process> started, ChildProcesses cli, Path repo, int run)
      throws IOException {
    ProcessBuilder pb =
        cli.java(
            CrashingWriterProcess.class,
            repo.toString(),
            String.valueOf(run),
            String.valueOf(THREADS));
    pb.redirectError(cli.errorFile("run-" + run));
    Process child = pb.start();
    started.add(child);
    // A guard against a child that hangs; it never fires in a passing run.
    CompletableFuture.delayedExecutor(ChildProcesses.GUARD_SECONDS, TimeUnit.SECONDS)
        .execute(child::destroyForcibly);
    return child;
  }

  /** Checks the repository after run {@code lastRun} was killed; returns the batches in it. */
  private static int verify(
      ChildProcesses cli, Path repo, int lastRun, int[][] acknowledged, long seed)
      throws IOException {
    String context = "after kill " + lastRun + " (seed " + seed + ")";
    ObjectMapper json = new ObjectMapper();
    int landedTotal = 0;
    try (GitStore store = GitStore.builder(repo).build()) {
      ScanResult records = store.scan("crash");
      ScanResult progress = store.scan("progress");
      assertThat(records.quarantined()).as(context).isEmpty();
      assertThat(progress.quarantined()).as(context).isEmpty();
      Map<String, StoredRecord> byId = new HashMap<>();
      records.records().forEach(r -> byId.put(r.key().id(), r));
      Map<String, List<String>> logs = new HashMap<>();
      for (LogEntry e : store.log("crash")) {
        logs.computeIfAbsent(e.writer(), w -> new ArrayList<>()).add(e.line());
      }
      Map<String, Integer> landed = new HashMap<>();
      for (int run = 0; run <= lastRun; run++) {
        for (int t = 0; t < THREADS; t++) {
          String writer = CrashingWriterProcess.writer(run, t);
          String where = context + ", writer " + writer;
          StoredRecord p = store.read(RecordKey.of("progress", writer)).orElse(null);
          int batches = p == null ? 0 : json.readTree(p.content()).get("batches").asInt();
          if (p != null) {
            assertThat(p.revision()).as(where).isEqualTo(batches);
          }
          assertThat(batches)
              .as(where + ": batches in the store vs acknowledged")
              .isGreaterThanOrEqualTo(acknowledged[run][t]);
          assertThat(logs.getOrDefault(writer, List.of()))
              .as(where + ": log")
              .containsExactlyElementsOf(
                  IntStream.range(0, batches).mapToObj(b -> "{\"batch\":" + b + "}").toList());
          for (int b = 0; b < batches; b++) {
            for (int k = 0; k < CrashingWriterProcess.RECORDS; k++) {
              String id = CrashingWriterProcess.id(run, t, b, k);
              StoredRecord r = byId.get(id);
              assertThat(r).as(where + ": " + id).isNotNull();
              assertThat(r.revision()).isEqualTo(1);
              String submitted = CrashingWriterProcess.content(run, t, b, k);
              if (r.format() == RecordFormat.JSON) {
                assertThat(json.readTree(r.content()))
                    .as(id)
                    .isEqualTo(json.readTree("{\"revision\":1," + submitted.substring(1)));
              } else {
                assertThat(r.content())
                    .as(id)
                    .isEqualTo("---\nrevision: 1\n" + submitted.substring("---\n".length()));
              }
            }
          }
          landed.put(writer, batches);
          landedTotal += batches;
        }
      }
      // No record of a batch that did not land entirely.
      for (String id : byId.keySet()) {
        Matcher m = ID.matcher(id);
        assertThat(m.matches()).as(id).isTrue();
        String writer = "r" + m.group(1) + "-t" + m.group(2);
        assertThat(Integer.parseInt(m.group(3)))
            .as(context + ": " + id + " belongs to a batch that did not land entirely")
            .isLessThan(landed.getOrDefault(writer, 0));
      }
      assertThat(byId).hasSize(landedTotal * CrashingWriterProcess.RECORDS);
    }
    cli.assertFsckPasses(repo, "--full");
    return landedTotal;
  }

  private static String stderr(ChildProcesses cli, int run) {
    try {
      return Files.readString(cli.errorFile("run-" + run).toPath());
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }
}
