package dev.agentops.fitness;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the end of a cycle says to do next: continue, stop because the system is {@linkplain
 * Dormancy dormant} (a success), or stop and escalate because fitness {@linkplain Regression
 * regressed}.
 *
 * <p>Java 17 has no pattern {@code switch}; use {@link #kind()} or {@code instanceof}:
 *
 * <pre>{@code
 * CycleOutcome outcome = monitor.endCycle(harvested);
 * if (outcome instanceof Dormancy) {
 *   return;                                   // every goal passes and nothing is ready
 * } else if (outcome instanceof Regression r) {
 *   escalate(r.lost());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface CycleOutcome permits CycleOutcome.Continue, Dormancy, Regression {

  /** The kinds of outcome. */
  enum Kind {
    /** Keep working. */
    CONTINUE,
    /** Stop: every goal passes, nothing is ready, nothing was harvested. A success. */
    DORMANT,
    /** Stop and escalate: fewer goals pass than after the previous cycle. */
    REGRESSED;

    /**
     * Returns the name used in records and logs.
     *
     * @return such as {@code dormant}
     */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Returns the kind.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Returns the cycle's stored report.
   *
   * @return the report
   */
  FitnessReport report();

  /**
   * Returns the recurring failures this cycle reported to the listener.
   *
   * @return the failures; empty if none reached the threshold
   */
  List<RecurringFailure> recurring();

  /**
   * Tells whether the loop should stop.
   *
   * @return {@code true} for dormancy and regression
   */
  default boolean stop() {
    return kind() != Kind.CONTINUE;
  }

  /**
   * Keep working: some goal fails or some work is ready, and nothing regressed.
   *
   * @param report the cycle's report
   * @param recurring the recurring failures reported
   * @since 0.1.0
   */
  record Continue(FitnessReport report, List<RecurringFailure> recurring) implements CycleOutcome {

    /**
     * Checks the components.
     *
     * @param report the report
     * @param recurring the recurring failures
     */
    public Continue {
      Objects.requireNonNull(report, "report");
      recurring = List.copyOf(recurring);
    }

    @Override
    public Kind kind() {
      return Kind.CONTINUE;
    }
  }
}
