package dev.agentops.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.core.ChildProcesses;
import dev.agentops.validation.VerdictStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrownianRatchetTest {

  static final String MAIN = RatchetTest.MAIN;
  static final Executor DIRECT = Runnable::run;

  @TempDir Path dir;

  /** Passes even attempts with their index as the score, fails odd ones. */
  static final AttemptValidator<String> EVEN_PASS =
      (i, product) ->
          i % 2 == 0
              ? Assessment.pass("v-" + i, i)
              : Assessment.fail("attempt " + i + " breaks the build");

  @Test
  void parallelAttemptsOnARealRepository_theBestPassingIsLocked_andFailuresAreHarvested()
      throws Exception {
    int k = 8;
    try (TestRepo repo = TestRepo.bare(dir.resolve("repo.git"));
        Ratchet main = Ratchet.builder(repo.dir(), MAIN).build()) {
      String base = repo.commitOn(null, "seed.txt", "seed");
      main.lock(LockRequest.of(base, "v-seed").expectingAbsent());
      List<AttemptResult<String>> harvested = new CopyOnWriteArrayList<>();
      CountDownLatch allRunning = new CountDownLatch(k);
      ExecutorService pool = Executors.newFixedThreadPool(k);
      try {
        BrownianRatchet<String> ratchet =
            BrownianRatchet.builder(EVEN_PASS, AttemptLocker.ratchet(main, (String c) -> c))
                .attempts(k)
                .executor(pool)
                .listener(harvested::add)
                .listener(failed -> {
                  throw new IllegalStateException("a broken harvester");
                })
                .build();

        BrownianResult<String> result =
            ratchet.run(i -> {
              // Every attempt waits for all the others: they can only finish in parallel.
              allRunning.countDown();
              assertThat(allRunning.await(ChildProcesses.GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
              if (i == 5) {
                throw new IllegalStateException("attempt 5 lost its session");
              }
              return repo.commitOn(base, "attempt-" + i + ".txt", "work " + i);
            });

        AttemptResult<String> locked = result.locked().orElseThrow();
        assertThat(locked.index()).isEqualTo(6);
        assertThat(repo.tip(MAIN)).isEqualTo(locked.product());
        assertThat(locked.lock())
            .isEqualTo(new LockOutcome.Locked(MAIN, base, locked.product(), "v-6"));
        assertThat(result.attempts())
            .extracting(AttemptResult::status)
            .containsExactly(
                AttemptResult.Status.PASSED,
                AttemptResult.Status.FAILED,
                AttemptResult.Status.PASSED,
                AttemptResult.Status.FAILED,
                AttemptResult.Status.PASSED,
                AttemptResult.Status.CRASHED,
                AttemptResult.Status.LOCKED,
                AttemptResult.Status.FAILED);
        assertThat(result.failures()).extracting(AttemptResult::index).containsExactly(1, 3, 5, 7);
        assertThat(harvested)
            .extracting(AttemptResult::index)
            .containsExactlyInAnyOrder(1, 3, 5, 7);
        AttemptResult<String> crashed = result.attempts().get(5);
        assertThat(crashed.product()).isNull();
        assertThat(crashed.error()).hasMessage("attempt 5 lost its session");
        assertThat(result.attempts().get(3).assessment())
            .isEqualTo(Assessment.fail("attempt 3 breaks the build"));
        assertThat(result.listenerFailures()).isEqualTo(4);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void firstPassing_locksTheFirstToPass_asSoonAsItPasses() {
    List<Runnable> tasks = new ArrayList<>();
    // Holds the tasks until all are submitted, then runs them last first.
    Executor reversing =
        task -> {
          tasks.add(task);
          if (tasks.size() == 4) {
            Collections.reverse(tasks);
            tasks.forEach(Runnable::run);
          }
        };
    List<String> lockedProducts = new ArrayList<>();
    BrownianRatchet<String> ratchet =
        BrownianRatchet.builder(
                (int i, String p) -> Assessment.pass("v-" + i, 10 - i),
                (String p, Assessment a) -> {
                  lockedProducts.add(p);
                  return locked(p, a);
                })
            .attempts(4)
            .selection(BrownianRatchet.Selection.FIRST_PASSING)
            .executor(reversing)
            .build();

    BrownianResult<String> result = ratchet.run(i -> "product-" + i);

    assertThat(result.locked().orElseThrow().index()).isEqualTo(3);
    assertThat(lockedProducts).containsExactly("product-3");
    assertThat(result.attempts())
        .extracting(AttemptResult::status)
        .containsExactly(
            AttemptResult.Status.PASSED,
            AttemptResult.Status.PASSED,
            AttemptResult.Status.PASSED,
            AttemptResult.Status.LOCKED);
  }

  @Test
  void aLockThatDoesNotHold_movesOnToTheNextPassingAttempt() {
    List<String> tried = new ArrayList<>();
    BrownianRatchet<String> ratchet =
        BrownianRatchet.builder(
                (int i, String p) -> Assessment.pass("v-" + i, i),
                (String p, Assessment a) -> {
                  tried.add(p);
                  return p.equals("product-2")
                      ? new LockOutcome.LostRace(MAIN, "a".repeat(40), "b".repeat(40))
                      : locked(p, a);
                })
            .attempts(3)
            .executor(DIRECT)
            .build();

    BrownianResult<String> result = ratchet.run(i -> "product-" + i);

    assertThat(tried).containsExactly("product-2", "product-1");
    assertThat(result.attempts())
        .extracting(AttemptResult::status)
        .containsExactly(
            AttemptResult.Status.PASSED,
            AttemptResult.Status.LOCKED,
            AttemptResult.Status.LOCK_REFUSED);
    assertThat(result.attempts().get(2).lock()).isInstanceOf(LockOutcome.LostRace.class);
  }

  @Test
  void whenNothingPasses_nothingIsLocked_andEveryAttemptIsHarvested() {
    List<Integer> harvested = new ArrayList<>();
    BrownianRatchet<String> ratchet =
        BrownianRatchet.builder(
                (int i, String p) -> {
                  if (i == 1) {
                    throw new IllegalStateException("the test runner is down");
                  }
                  return new Assessment(VerdictStatus.DISAGREE, 0, "council-" + i, "split");
                },
                (String p, Assessment a) -> {
                  throw new AssertionError("nothing passed, so nothing is locked");
                })
            .attempts(3)
            .executor(DIRECT)
            .listener(f -> harvested.add(f.index()))
            .build();

    BrownianResult<String> result = ratchet.run(i -> i == 2 ? null : "product-" + i);

    assertThat(result.locked()).isEmpty();
    assertThat(harvested).containsExactly(0, 1, 2);
    assertThat(result.attempts())
        .extracting(AttemptResult::status)
        .containsExactly(
            AttemptResult.Status.FAILED,
            AttemptResult.Status.UNVALIDATED,
            AttemptResult.Status.CRASHED);
    assertThat(result.attempts().get(1).error()).hasMessage("the test runner is down");
    assertThat(result.attempts().get(1).product()).isEqualTo("product-1");
    assertThat(result.attempts().get(2).error()).hasMessageContaining("produced null");
  }

  @Test
  void aLockerThatFails_endsTheRun() {
    BrownianRatchet<String> ratchet =
        BrownianRatchet.builder(
                (int i, String p) -> Assessment.pass("v"),
                (String p, Assessment a) -> {
                  throw new RatchetException(MAIN, "the repository is gone", null);
                })
            .attempts(2)
            .executor(DIRECT)
            .build();

    assertThatThrownBy(() -> ratchet.run(i -> "p")).isInstanceOf(RatchetException.class);
  }

  @Test
  void aPassWithoutAVerdict_cannotBeExpressed() {
    assertThatThrownBy(() -> new Assessment(VerdictStatus.WARN, 1, null, ""))
        .hasMessage("an assessment of WARN must name its verdict, but verdictId was blank");
    assertThatThrownBy(() -> Assessment.pass("v", Double.NaN))
        .hasMessage("score must be finite, but was NaN");
    assertThat(new Assessment(VerdictStatus.FAIL, 0, "council-3", "no").passed()).isFalse();
  }

  @Test
  void theNumberOfAttemptsIsChecked() {
    assertThatThrownBy(() ->
            BrownianRatchet.builder(EVEN_PASS, (String p, Assessment a) -> locked(p, a))
                .attempts(0))
        .hasMessage("attempts must be >= 1, but was 0");
  }

  static LockOutcome locked(String product, Assessment a) {
    return new LockOutcome.Locked(MAIN, null, product, a.verdictId());
  }
}
