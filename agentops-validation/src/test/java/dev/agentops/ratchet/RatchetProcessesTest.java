package dev.agentops.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.core.ChildProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several worker processes (not threads), each with its own repository, lock one bare repository's
 * ref through a real git daemon on loopback: exactly one wins each base, and the ref's history is
 * exactly the chain of winning locks.
 */
class RatchetProcessesTest {

  static final String MAIN = RatchetTest.MAIN;
  static final int WORKERS = 4;
  static final int ROUNDS = 6;

  @TempDir Path dir;

  @Test
  void exactlyOneProcessWinsEachBase() throws Exception {
    ChildProcesses children = new ChildProcesses(dir.resolve("home"));
    try (HookedGitServer server = new HookedGitServer(dir.resolve("served"))) {
      String remote = server.createRepository("shared.git");
      String seed;
      try (Ratchet first =
              Ratchet.builder(dir.resolve("seed.git"), MAIN).create(true).remote(remote).build();
          TestRepo seedRepo = TestRepo.open(dir.resolve("seed.git"))) {
        seed = seedRepo.commitOn(null, "seed.txt", "seed");
        assertThat(first.lock(LockRequest.of(seed, "v-seed").expectingAbsent()).kind())
            .isEqualTo(LockOutcome.Kind.LOCKED);
      }

      List<Process> processes = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        ProcessBuilder pb =
            children.java(
                LockerProcess.class,
                dir.resolve("worker-" + w + ".git").toString(),
                remote,
                "worker-" + w,
                seed,
                Integer.toString(ROUNDS));
        pb.redirectOutput(dir.resolve("worker-" + w + ".out").toFile());
        pb.redirectError(children.errorFile("worker-" + w));
        processes.add(pb.start());
      }

      Map<String, List<String>> winnersByBase = new HashMap<>();
      Set<List<String>> lockedSteps = new HashSet<>();
      int seedContenders = 0;
      for (int w = 0; w < WORKERS; w++) {
        Process p = processes.get(w);
        assertThat(p.waitFor(ChildProcesses.GUARD_SECONDS, TimeUnit.SECONDS))
            .as("worker %d finished", w)
            .isTrue();
        String out = Files.readString(dir.resolve("worker-" + w + ".out"), StandardCharsets.UTF_8);
        String err = Files.readString(children.errorFile("worker-" + w).toPath());
        assertThat(p.exitValue()).as("worker %d; out:%n%s%nerr:%n%s", w, out, err).isZero();
        List<String> lines = out.isEmpty() ? List.of() : List.of(out.split("\n"));
        assertThat(lines).as("worker %d's rounds", w).hasSize(ROUNDS);
        for (String line : lines) {
          String[] f = line.split(" ");
          assertThat(f[0]).as(line).isIn("LOCKED", "LOST_RACE");
          if (f[1].equals(seed)) {
            seedContenders++;
          }
          if (f[0].equals("LOCKED")) {
            winnersByBase.computeIfAbsent(f[1], k -> new ArrayList<>()).add("worker-" + w);
            lockedSteps.add(List.of(f[1], f[2]));
          }
        }
      }

      assertThat(seedContenders).as("workers that tried the seed").isEqualTo(WORKERS);
      assertThat(winnersByBase.get(seed)).as("winners of the seed").hasSize(1);
      winnersByBase.forEach(
          (base, winners) -> assertThat(winners).as("winners of base %s", base).hasSize(1));

      // The ref's history, read from the served repository, is the chain of winning locks.
      try (TestRepo served = TestRepo.open(dir.resolve("served/shared.git"))) {
        Set<List<String>> chain = new HashSet<>();
        String at = served.tip(MAIN);
        while (at != null && !at.equals(seed)) {
          List<String> parents = served.parents(at);
          assertThat(parents).hasSize(1);
          chain.add(List.of(parents.get(0), at));
          at = parents.get(0);
        }
        assertThat(at).as("the history reaches the seed").isEqualTo(seed);
        assertThat(chain).isEqualTo(lockedSteps);
      }
      children.assertFsckPasses(dir.resolve("served/shared.git"));
    }
  }
}
