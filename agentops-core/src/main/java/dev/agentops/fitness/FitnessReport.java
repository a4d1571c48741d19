package dev.agentops.fitness;

import dev.agentops.store.RecordKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of fitness at the end of one cycle, as stored in the {@value FitnessMonitor#REPORTS}
 * collection: every goal's result, the weighted score, and what the cycle did besides (how much it
 * harvested, how much work was ready).
 *
 * @param id the record id: {@code <series>.<cycle, six digits>}
 * @param series the series of cycles it belongs to
 * @param cycle the cycle's number, from 1
 * @param takenAt when it was taken
 * @param results each goal's result, in the monitor's goal order
 * @param harvested how many learnings or failures the cycle harvested, as the host reported
 * @param ready how many work items were ready, or -1 if that could not be told
 * @param failingStreaks for each goal not met, for how many cycles in a row it has not been met,
 *     this one included
 * @since 0.1.0
 */
public record FitnessReport(
    String id,
    String series,
    long cycle,
    Instant takenAt,
    List<GoalResult> results,
    int harvested,
    int ready,
    Map<String, Integer> failingStreaks) {

  /**
   * Checks the components.
   *
   * @param id the id
   * @param series the series
   * @param cycle the cycle
   * @param takenAt when
   * @param results the results
   * @param harvested the harvested count
   * @param ready the ready count
   * @param failingStreaks the failing streaks
   * @throws IllegalArgumentException if a count is out of range or an id is malformed
   */
  public FitnessReport {
    RecordKey.checkId(id);
    RecordKey.checkId(series);
    Objects.requireNonNull(takenAt, "takenAt");
    results = List.copyOf(Objects.requireNonNull(results, "results"));
    failingStreaks = Map.copyOf(Objects.requireNonNull(failingStreaks, "failingStreaks"));
    if (cycle < 1) {
      throw new IllegalArgumentException(
          "cycle of report '" + id + "' must be >= 1, but was " + cycle);
    }
    if (harvested < 0 || ready < -1) {
      throw new IllegalArgumentException(
          "report '"
              + id
              + "' needs harvested >= 0 and ready >= -1, but had "
              + harvested
              + " and "
              + ready);
    }
  }

  /**
   * Returns how many goals passed.
   *
   * @return the count
   */
  public int passing() {
    return (int) results.stream().filter(GoalResult::passed).count();
  }

  /**
   * Returns the weighted score: the weight of the goals met over the weight of all goals.
   *
   * @return in [0, 1]; 1 when there are no goals
   */
  public double score() {
    double total = 0;
    double met = 0;
    for (GoalResult r : results) {
      total += r.weight();
      if (r.passed()) {
        met += r.weight();
      }
    }
    return total == 0 ? 1.0 : met / total;
  }

  /**
   * Returns the goals that were not met.
   *
   * @return their ids, in goal order
   */
  public List<String> failing() {
    List<String> out = new ArrayList<>();
    results.stream().filter(r -> !r.passed()).forEach(r -> out.add(r.goalId()));
    return out;
  }

  /**
   * Tells whether every goal was met.
   *
   * @return {@code true} if none failed
   */
  public boolean allPass() {
    return results.stream().allMatch(GoalResult::passed);
  }
}
