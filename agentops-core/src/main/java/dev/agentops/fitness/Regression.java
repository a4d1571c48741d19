package dev.agentops.fitness;

import java.util.List;
import java.util.Objects;

/**
 * The regression breaker tripped: fewer goals pass after this cycle than after the previous one, so
 * the loop stops and the host escalates (to a supervisor, a person) instead of working on.
 *
 * @param report this cycle's report
 * @param previous the previous cycle's report
 * @param lost the goals that passed before and fail now
 * @param recurring the recurring failures this cycle reported
 * @since 0.1.0
 */
public record Regression(
    FitnessReport report,
    FitnessReport previous,
    List<String> lost,
    List<RecurringFailure> recurring)
    implements CycleOutcome {

  /**
   * Checks the components.
   *
   * @param report this cycle's report
   * @param previous the previous one
   * @param lost the goals lost
   * @param recurring the recurring failures
   * @throws IllegalArgumentException if the report does not have fewer goals passing
   */
  public Regression {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(previous, "previous");
    lost = List.copyOf(lost);
    recurring = List.copyOf(recurring);
    if (report.passing() >= previous.passing()) {
      throw new IllegalArgumentException(
          "a regression needs fewer goals passing than before, but "
              + report.passing()
              + " pass now and "
              + previous.passing()
              + " passed before");
    }
  }

  @Override
  public Kind kind() {
    return Kind.REGRESSED;
  }

  /**
   * Describes the regression in a line, for an escalation.
   *
   * @return such as {@code "2 of 5 goals pass, 4 passed before; lost: tests-pass, build-green"}
   */
  public String summary() {
    return report.passing()
        + " of "
        + report.results().size()
        + " goals pass, "
        + previous.passing()
        + " passed before; lost: "
        + String.join(", ", lost);
  }
}
