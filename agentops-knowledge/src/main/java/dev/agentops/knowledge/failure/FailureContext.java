package dev.agentops.knowledge.failure;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What was being attempted when a failure happened: the context a {@link FailureRecord} is stored
 * with, for sources that do not carry it themselves (a verdict, an exception, a Brownian attempt).
 *
 * @param session the session the attempt ran in, or {@code null} if unknown
 * @param workItem the work item it was for, or {@code null} if unknown
 * @param attempted what was attempted: the approach, in a phrase or sentence ("add the module to
 *     the reactor before its parent")
 * @param rule how to recognize the approach in an artifact, if the host knows; lets the negative
 *     learning be compiled into a gate
 * @since 0.1.0
 */
public record FailureContext(
    @Nullable String session,
    @Nullable String workItem,
    String attempted,
    @Nullable DetectionRule rule) {

  /**
   * Checks the components.
   *
   * @param session the session
   * @param workItem the work item
   * @param attempted what was attempted
   * @param rule the detection rule
   * @throws IllegalArgumentException if {@code attempted} is blank
   */
  public FailureContext {
    Objects.requireNonNull(attempted, "attempted");
    if (attempted.isBlank()) {
      throw new IllegalArgumentException("attempted of a failure context must not be blank");
    }
    session = session == null || session.isBlank() ? null : session.strip();
    workItem = workItem == null || workItem.isBlank() ? null : workItem.strip();
    attempted = attempted.strip();
  }

  /**
   * Returns the context of an attempt in a session.
   *
   * @param session the session's id
   * @param attempted what was attempted
   * @return the context
   */
  public static FailureContext of(String session, String attempted) {
    return new FailureContext(Objects.requireNonNull(session, "session"), null, attempted, null);
  }

  /**
   * Returns this context for a work item.
   *
   * @param workItem the work item's id
   * @return a copy naming the work item
   */
  public FailureContext withWorkItem(String workItem) {
    return new FailureContext(
        session, Objects.requireNonNull(workItem, "workItem"), attempted, rule);
  }

  /**
   * Returns this context with a detection rule.
   *
   * @param rule how to recognize the approach in an artifact
   * @return a copy holding the rule
   */
  public FailureContext withRule(DetectionRule rule) {
    return new FailureContext(session, workItem, attempted, Objects.requireNonNull(rule, "rule"));
  }
}
