package dev.agentops.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.store.GitStore;
import dev.agentops.store.LoopbackGitServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several worker processes (not threads) claim the same work items through one remote, a real git
 * daemon on loopback: each item is claimed exactly once.
 */
class WorkTrackerProcessesTest {

  @TempDir Path dir;

  @Test
  void eachItemIsClaimedExactlyOnceAcrossProcesses() throws Exception {
    try (LoopbackGitServer server = LoopbackGitServer.serve(dir.resolve("served"))) {
      String remote = server.createRepository("shared.git");
      List<String> ids = new ArrayList<>();
      try (GitStore seed = GitStore.builder(dir.resolve("seed.git")).create(true).build()) {
        WorkTracker tracker = WorkTracker.builder(seed).writeThrough(seed.through(remote)).build();
        for (int i = 0; i < 6; i++) {
          ids.add(tracker.create("Contended task " + i, w -> w).id());
        }
      }

      int workers = 4;
      List<Process> processes = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClaimWorkerProcess.class.getName());
        command.add(dir.resolve("worker-" + w + ".git").toString());
        command.add(remote);
        command.add("worker-" + w);
        command.addAll(ids);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("worker-" + w + ".out").toFile());
        processes.add(pb.start());
      }
      Map<String, List<String>> claimants = new HashMap<>();
      for (int w = 0; w < workers; w++) {
        Process p = processes.get(w);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("worker %d finished", w).isTrue();
        String out = read(dir.resolve("worker-" + w + ".out").toFile());
        assertThat(p.exitValue()).as(out).isZero();
        for (String line : out.split("\n")) {
          if (line.startsWith("CLAIMED ")) {
            claimants
                .computeIfAbsent(line.substring(8).strip(), k -> new ArrayList<>())
                .add("worker-" + w);
          }
        }
      }

      for (String id : ids) {
        assertThat(claimants.get(id)).as("claimants of %s", id).hasSize(1);
      }
      try (GitStore check = GitStore.builder(dir.resolve("check.git")).create(true).build()) {
        check.sync(remote);
        WorkTracker tracker = WorkTracker.builder(check).build();
        for (String id : ids) {
          WorkItem item = tracker.get(id).orElseThrow();
          assertThat(item.status()).isEqualTo(WorkStatus.IN_PROGRESS);
          assertThat(item.attempts()).isEqualTo(1);
          assertThat(List.of(item.assignee())).isEqualTo(claimants.get(id));
        }
        assertThat(check.ids("conflicts")).isEmpty();
      }
    }
  }

  private static String read(File f) throws IOException {
    return Files.readString(f.toPath(), StandardCharsets.UTF_8);
  }
}
