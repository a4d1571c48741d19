package dev.agentops.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ReflogEntry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Threads racing to lock one ref from the same base: exactly one wins each base. */
class RatchetConcurrencyTest {

  static final String MAIN = "refs/heads/main";
  static final int THREADS = 8;
  static final int ROUNDS = 12;

  @TempDir Path dir;

  @ParameterizedTest(name = "one ratchet shared by all threads: {0}")
  @ValueSource(booleans = {true, false})
  void exactlyOneThreadWinsEachBase(boolean shared) throws Exception {
    try (TestRepo repo = TestRepo.bare(dir.resolve("repo.git"))) {
      List<Ratchet> ratchets = new ArrayList<>();
      for (int i = 0; i < (shared ? 1 : THREADS); i++) {
        ratchets.add(Ratchet.builder(repo.dir(), MAIN).build());
      }
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        String base = repo.commitOn(null, "seed.txt", "seed");
        ratchets.get(0).lock(LockRequest.of(base, "v-seed").expectingAbsent());
        for (int round = 0; round < ROUNDS; round++) {
          List<String> candidates = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            candidates.add(repo.commitOn(base, "t" + t + ".txt", "round " + round));
          }
          CountDownLatch start = new CountDownLatch(1);
          List<Future<LockOutcome>> futures = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            Ratchet r = ratchets.get(shared ? 0 : t);
            String from = base;
            String commit = candidates.get(t);
            String verdict = "v-" + round + "-" + t;
            futures.add(
                pool.submit(() -> {
                  start.await();
                  return r.lock(from, commit, verdict);
                }));
          }
          start.countDown();
          List<LockOutcome> outcomes = new ArrayList<>();
          for (Future<LockOutcome> f : futures) {
            outcomes.add(f.get(60, TimeUnit.SECONDS));
          }

          List<LockOutcome> won =
              outcomes.stream().filter(o -> o.kind() == LockOutcome.Kind.LOCKED).toList();
          assertThat(won).as("round %d: %s", round, outcomes).hasSize(1);
          String winner = ((LockOutcome.Locked) won.get(0)).commit();
          assertThat(outcomes)
              .as("round %d", round)
              .filteredOn(o -> o.kind() != LockOutcome.Kind.LOCKED)
              .containsOnly(new LockOutcome.LostRace(MAIN, base, winner));
          assertThat(repo.tip(MAIN)).isEqualTo(winner);
          base = winner;
        }

        List<ReflogEntry> log = repo.reflog(MAIN);
        assertThat(log).hasSize(ROUNDS + 1);
        for (int i = 1; i < log.size(); i++) {
          assertThat(log.get(i).getOldId()).isEqualTo(log.get(i - 1).getNewId());
          assertThat(repo.isAncestor(log.get(i).getOldId().name(), log.get(i).getNewId().name()))
              .isTrue();
        }
      } finally {
        pool.shutdownNow();
        ratchets.forEach(Ratchet::close);
      }
    }
  }
}
