package dev.agentops.fitness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.store.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The promise of Factor IX, as properties over seeded random sequences of cycles: the monitor stops
 * on regression exactly when fewer goals pass than before, says dormant exactly when every goal
 * passes with nothing ready and nothing harvested, and reports a recurring failure exactly when a
 * goal's failing streak reaches a multiple of the threshold. Every seed is printed with any failure
 * it finds.
 */
class FitnessMonitorPropertyTest {

  private static final int SEEDS = Integer.getInteger("agentops.fitness.seeds", 25);
  private static final int CYCLES = 40;

  static LongStream seeds() {
    return LongStream.range(0, SEEDS);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyCycle_decidesAsTheDoctrineSays(long seed) {
    Random random = new Random(seed);
    int goals = 1 + random.nextInt(4);
    int threshold = 1 + random.nextInt(4);
    boolean[] passes = new boolean[goals];
    int[] ready = new int[1];
    List<RecurringFailure> told = new ArrayList<>();
    FitnessMonitor.Builder b =
        FitnessMonitor.builder(InMemoryStore.create())
            .readyWork(() -> ready[0])
            .recurringAfter(threshold)
            .onRecurringFailure(told::add);
    for (int g = 0; g < goals; g++) {
      int goal = g;
      b.goal(FitnessGoal.of("g" + g, "goal " + g, 1 + random.nextInt(3), () -> passes[goal]));
    }
    FitnessMonitor fitness = b.build();

    int previousPassing = -1;
    int[] streaks = new int[goals];
    int expectedTold = 0;
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      int passing = 0;
      for (int g = 0; g < goals; g++) {
        // Mostly passing, so that dormancy and regressions both happen.
        passes[g] = random.nextInt(4) != 0;
        passing += passes[g] ? 1 : 0;
      }
      ready[0] = random.nextInt(3) == 0 ? 1 : 0;
      int harvested = random.nextInt(3) == 0 ? 1 : 0;
      int recurringThisCycle = 0;
      for (int g = 0; g < goals; g++) {
        streaks[g] = passes[g] ? 0 : streaks[g] + 1;
        if (streaks[g] > 0 && streaks[g] % threshold == 0) {
          recurringThisCycle++;
        }
      }
      expectedTold += recurringThisCycle;

      CycleOutcome outcome = fitness.endCycle(harvested);

      String where = "seed " + seed + ", cycle " + cycle;
      CycleOutcome.Kind expected =
          previousPassing >= 0 && passing < previousPassing
              ? CycleOutcome.Kind.REGRESSED
              : passing == goals && ready[0] == 0 && harvested == 0
                  ? CycleOutcome.Kind.DORMANT
                  : CycleOutcome.Kind.CONTINUE;
      assertThat(outcome.kind()).as(where).isEqualTo(expected);
      assertThat(outcome.report().cycle()).as(where).isEqualTo(cycle);
      assertThat(outcome.report().passing()).as(where).isEqualTo(passing);
      assertThat(outcome.recurring())
          .as(where)
          .hasSize(outcome.kind() == CycleOutcome.Kind.DORMANT ? 0 : recurringThisCycle);
      assertThat(told).as(where).hasSize(expectedTold);
      for (int g = 0; g < goals; g++) {
        assertThat(outcome.report().failingStreaks().getOrDefault("g" + g, 0))
            .as(where + ", goal g" + g)
            .isEqualTo(streaks[g]);
      }
      previousPassing = passing;
    }
    assertThat(fitness.history()).as("seed " + seed).hasSize(CYCLES);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void score_isTheWeightOfTheGoalsMetOverTheWeightOfAll(long seed) {
    Random random = new Random(seed);
    List<GoalResult> results = new ArrayList<>();
    double total = 0;
    double met = 0;
    AtomicInteger n = new AtomicInteger();
    for (int i = 0, k = 1 + random.nextInt(6); i < k; i++) {
      double w = 0.5 + random.nextInt(10);
      boolean pass = random.nextBoolean();
      results.add(new GoalResult("g" + n.incrementAndGet(), w, pass, ""));
      total += w;
      met += pass ? w : 0;
    }
    FitnessReport r =
        new FitnessReport(
            "main.000001", "main", 1, java.time.Instant.EPOCH, results, 0, 0, java.util.Map.of());
    assertThat(r.score())
        .as("seed " + seed)
        .isCloseTo(met / total, org.assertj.core.data.Offset.offset(1e-12));
  }
}
