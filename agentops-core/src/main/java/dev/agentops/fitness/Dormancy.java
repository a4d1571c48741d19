package dev.agentops.fitness;

import java.util.List;
import java.util.Objects;

/**
 * Dormancy is success (Factor IX): every goal passes, no work is ready and the cycle harvested
 * nothing, so the system stops instead of manufacturing work.
 *
 * @param report the cycle's report: every goal passed, {@code ready == 0}, {@code harvested == 0}
 * @since 0.1.0
 */
public record Dormancy(FitnessReport report) implements CycleOutcome {

  /**
   * Checks that the report shows dormancy.
   *
   * @param report the report
   * @throws IllegalArgumentException if a goal failed, work was ready or something was harvested
   */
  public Dormancy {
    Objects.requireNonNull(report, "report");
    if (!isDormant(report)) {
      throw new IllegalArgumentException(
          "report '"
              + report.id()
              + "' is not dormant: "
              + report.failing().size()
              + " goals fail, "
              + report.ready()
              + " items ready, "
              + report.harvested()
              + " harvested");
    }
  }

  /**
   * Tells whether a report shows dormancy.
   *
   * @param report the report
   * @return {@code true} if every goal passed, nothing was ready and nothing was harvested
   */
  public static boolean isDormant(FitnessReport report) {
    return report.allPass() && report.ready() == 0 && report.harvested() == 0;
  }

  @Override
  public Kind kind() {
    return Kind.DORMANT;
  }

  @Override
  public List<RecurringFailure> recurring() {
    return List.of();
  }
}
