package dev.agentops.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentops.core.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several OS processes, not only threads, writing one repository at once through {@link GitStore}:
 * each writes records of its own and increments one shared counter by compare-and-swap. Across
 * processes only the branch's compare-and-swap keeps them apart, so a lost update or a write that
 * vanishes would show here.
 */
class GitStoreProcessesTest {

  static final int PROCESSES = 4;
  static final int RECORDS = 25;

  @TempDir Path dir;

  @Test
  void writersInSeveralProcessesLoseNoRecordAndNoIncrement() throws Exception {
    ChildProcesses cli = new ChildProcesses(dir.resolve("home"));
    Path repo = dir.resolve("shared.git");
    try (GitStore store = GitStore.builder(repo).create(true).build()) {
      store.write(
          WriteBatch.builder()
              .put(StoreWriterProcess.COUNTER, RecordFormat.JSON, "{\"count\":0}", Expect.absent())
              .build());
    }

    List<Process> children = new ArrayList<>();
    List<BufferedReader> outputs = new ArrayList<>();
    try {
      for (int p = 0; p < PROCESSES; p++) {
        ProcessBuilder pb =
            cli.java(StoreWriterProcess.class, repo.toString(), "p" + p, String.valueOf(RECORDS));
        pb.redirectError(cli.errorFile("p" + p));
        Process child = pb.start();
        children.add(child);
        outputs.add(
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)));
      }
      // Start together: every child has opened the store before any of them writes.
      for (int p = 0; p < PROCESSES; p++) {
        assertThat(outputs.get(p).readLine()).as(stderr(cli, p)).isEqualTo("ready");
      }
      for (Process child : children) {
        OutputStream in = child.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
      }

      long increments = 0;
      long conflicts = 0;
      long failures = 0;
      for (int p = 0; p < PROCESSES; p++) {
        String done = outputs.get(p).readLine();
        Process child = children.get(p);
        assertThat(child.waitFor(ChildProcesses.GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(stderr(cli, p)).isZero();
        assertThat(done).as(stderr(cli, p)).startsWith("done ");
        String[] counts = done.split(" ");
        assertThat(Long.parseLong(counts[1])).isEqualTo(RECORDS);
        increments += Long.parseLong(counts[1]);
        conflicts += Long.parseLong(counts[2]);
        failures += Long.parseLong(counts[3]);
      }
      System.out.printf(
          "%d processes: %d increments, %d compare-and-swap conflicts, %d writes given up%n",
          PROCESSES, increments, conflicts, failures);

      try (GitStore store = GitStore.builder(repo).build()) {
        StoredRecord counter = store.read(StoreWriterProcess.COUNTER).orElseThrow();
        long count = new ObjectMapper().readTree(counter.content()).get("count").asLong();
        assertThat(count).isEqualTo(increments);
        assertThat(counter.revision()).isEqualTo(1 + increments);
        assertThat(store.history(StoreWriterProcess.COUNTER)).hasSize((int) (1 + increments));
        for (int p = 0; p < PROCESSES; p++) {
          String name = "p" + p;
          for (int i = 0; i < RECORDS; i++) {
            assertThat(store.read(RecordKey.of("own", name + "-" + i)))
                .as(name + "-" + i)
                .isPresent();
          }
          assertThat(store.log("writes"))
              .filteredOn(e -> e.writer().equals(name))
              .extracting(LogEntry::line)
              .containsExactlyElementsOf(
                  IntStream.range(0, RECORDS).mapToObj(i -> "{\"i\":" + i + "}").toList());
        }
        assertThat(store.ids("own")).hasSize(PROCESSES * RECORDS);
        assertThat(store.scan("own").quarantined()).isEmpty();
      }
      assertThat(repo.resolve("refs/heads/agentops.lock")).doesNotExist();
      cli.assertFsckPasses(repo, "--full", "--strict");
    } finally {
      for (Process child : children) {
        child.destroyForcibly();
      }
    }
  }

  private static String stderr(ChildProcesses cli, int p) {
    try {
      return "stderr of p" + p + ":\n" + Files.readString(cli.errorFile("p" + p).toPath());
    } catch (IOException e) {
      return "stderr of p" + p + " unreadable: " + e;
    }
  }
}
