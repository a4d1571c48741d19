package dev.agentops.knowledge.failure;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A failure signature seen in at least the configured number of sessions ({@link
 * FailureHarvester.Builder#recurrenceThreshold(int)}, 3 by default): the same mistake being made
 * again, which calls for a rule, not another retry.
 *
 * @param signatureKey the normalized class and signature shared by the failures (see {@link
 *     FailureRecord#signatureKey()})
 * @param failureClass the failures' class
 * @param example the signature of the latest failure, as recorded
 * @param sessions how many distinct sessions it was seen in; a failure without a session counts as
 *     a session of its own
 * @param failures the ids of the failure records, oldest first
 * @param first when it was first seen
 * @param last when it was last seen
 * @param attempted what the latest failure attempted
 * @since 0.1.0
 */
public record RecurringFailure(
    String signatureKey,
    String failureClass,
    String example,
    int sessions,
    List<String> failures,
    Instant first,
    Instant last,
    String attempted) {

  /**
   * Checks the components.
   *
   * @param signatureKey the key
   * @param failureClass the class
   * @param example the latest signature
   * @param sessions the distinct sessions
   * @param failures the records' ids
   * @param first when first seen
   * @param last when last seen
   * @param attempted what was attempted
   * @throws IllegalArgumentException if {@code sessions} is below 1
   */
  public RecurringFailure {
    Objects.requireNonNull(signatureKey, "signatureKey");
    Objects.requireNonNull(failureClass, "failureClass");
    Objects.requireNonNull(example, "example");
    failures = List.copyOf(failures);
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(last, "last");
    Objects.requireNonNull(attempted, "attempted");
    if (sessions < 1) {
      throw new IllegalArgumentException(
          "sessions of recurring failure '" + signatureKey + "' must be >= 1, but was " + sessions);
    }
  }
}
