package dev.agentops.knowledge;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a decay sweep found ({@link KnowledgeFlywheel#decay()}).
 *
 * @param at when the sweep ran
 * @param reviewDue live learnings uncited past the review age, still injected
 * @param retired learnings retired by the sweep: expired, or pending past the timeout
 * @since 0.1.0
 */
public record DecayReport(Instant at, List<String> reviewDue, List<String> retired) {

  /**
   * Checks and copies the components.
   *
   * @param at when
   * @param reviewDue the ids due for review
   * @param retired the ids retired
   */
  public DecayReport {
    Objects.requireNonNull(at, "at");
    reviewDue = List.copyOf(reviewDue);
    retired = List.copyOf(retired);
  }
}
