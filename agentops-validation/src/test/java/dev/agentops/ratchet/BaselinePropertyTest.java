package dev.agentops.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.store.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The metric ratchet as a property over seeded random histories of checks and re-baselines: a
 * stored bar is always the best value any passing check reached since the last explicit
 * re-baseline, it never gets worse without a recorded reason, and a check passes exactly when no
 * metric fell short of the bar by more than its tolerance.
 */
class BaselinePropertyTest {

  /** Seeds to run; raise with {@code -Dagentops.ratchet.seeds=500}. Failures name their seed. */
  private static final int SEEDS = Integer.getInteger("agentops.ratchet.seeds", 40);

  private static final int OPERATIONS = 120;

  static LongStream seeds() {
    return LongStream.range(0, SEEDS).map(i -> 0xBA5E_0000L + i * 104_729);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theBarOnlyRises_andOnlyAReasonLowersIt(long seed) {
    Random random = new Random(seed);
    SettableClock clock = new SettableClock(Instant.parse("2026-11-01T00:00:00Z"));
    Baselines baselines = Baselines.builder(InMemoryStore.create()).clock(clock).build();

    List<Metric> metrics = new ArrayList<>();
    Map<String, Double> model = new HashMap<>();
    Baseline.Builder builder = Baseline.builder("main");
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      Tolerance tolerance =
          switch (random.nextInt(3)) {
            case 0 -> Tolerance.none();
            case 1 -> Tolerance.absolute(random.nextInt(5));
            default -> Tolerance.relative(random.nextInt(20) / 100.0);
          };
      Metric m =
          new Metric(
              "m" + i,
              random.nextBoolean() ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER,
              tolerance);
      double start = random.nextInt(200) - 50;
      metrics.add(m);
      model.put(m.name(), start);
      builder.metric(m, start);
    }
    baselines.create(builder.build(clock.instant()), "seeded start");
    int events = 1;

    for (int op = 0; op < OPERATIONS; op++) {
      clock.advance(Duration.ofMinutes(1));
      String where = "seed " + seed + ", step " + op;
      Map<String, Double> before = baselines.get("main").orElseThrow().values();
      assertThat(before).as(where).isEqualTo(model);
      if (random.nextInt(100) < 8) {
        Metric m = metrics.get(random.nextInt(metrics.size()));
        double value = random.nextInt(200) - 50;
        baselines.rebaseline("main", "step " + op + " re-measured", Map.of(m.name(), value));
        model.put(m.name(), value);
        events++;
        continue;
      }
      Map<String, Double> measured = new HashMap<>();
      boolean expectPass = true;
      boolean expectRaise = false;
      for (Metric m : metrics) {
        if (random.nextInt(100) < 3) {
          expectPass = false; // missing
          continue;
        }
        double bar = model.get(m.name());
        // Around the bar: mostly within a few units, sometimes far off.
        double value =
            bar + (random.nextInt(100) < 90 ? random.nextInt(11) - 5 : random.nextInt(101) - 50);
        measured.put(m.name(), value);
        double allowance =
            m.tolerance().kind() == Tolerance.Kind.ABSOLUTE
                ? m.tolerance().amount()
                : m.tolerance().amount() * Math.abs(bar);
        boolean higher = m.direction() == Direction.HIGHER_IS_BETTER;
        if (higher ? value < bar - allowance : value > bar + allowance) {
          expectPass = false;
        }
        if (higher ? value > bar : value < bar) {
          expectRaise = true;
        }
      }

      BaselineCheck check = baselines.ratchet("main", measured);

      assertThat(check.passed())
          .as("%s: measured %s against %s", where, measured, model)
          .isEqualTo(expectPass);
      if (!expectPass) {
        events++;
      } else {
        for (Metric m : metrics) {
          double value = measured.get(m.name());
          boolean higher = m.direction() == Direction.HIGHER_IS_BETTER;
          double bar = model.get(m.name());
          model.put(m.name(), higher ? Math.max(bar, value) : Math.min(bar, value));
        }
        if (expectRaise) {
          events++;
        }
      }
      Map<String, Double> after = baselines.get("main").orElseThrow().values();
      assertThat(after).as(where).isEqualTo(model);
      for (Metric m : metrics) {
        double b = before.get(m.name());
        double a = after.get(m.name());
        boolean higher = m.direction() == Direction.HIGHER_IS_BETTER;
        assertThat(higher ? a >= b : a <= b)
            .as("%s: %s never gets worse", where, m.name())
            .isTrue();
      }
    }
    assertThat(baselines.events("main")).as("seed %d: events", seed).hasSize(events);
    assertThat(baselines.events("main"))
        .filteredOn(e -> e.kind() == BaselineEvent.Kind.REBASELINED)
        .allSatisfy(e -> assertThat(e.reason()).isNotBlank());
  }
}
