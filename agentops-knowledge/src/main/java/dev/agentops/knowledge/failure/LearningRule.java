package dev.agentops.knowledge.failure;

import dev.agentops.store.RecordKey;
import java.util.List;
import java.util.Objects;

/**
 * The detection rule stored with a negative learning (in the {@value FailureRecords#RULES}
 * collection, under the learning's id), from which {@link KnownFailureGate} compiles a gate.
 *
 * @param learningId the id of the learning the rule belongs to
 * @param rule how to recognize the known-bad approach in an artifact
 * @param failures the ids of the failure records the rule came from
 * @since 0.1.0
 */
public record LearningRule(String learningId, DetectionRule rule, List<String> failures) {

  /**
   * Checks the components.
   *
   * @param learningId the learning's id
   * @param rule the rule
   * @param failures the failure records' ids
   * @throws IllegalArgumentException if an id is not a valid record id
   */
  public LearningRule {
    RecordKey.checkId(Objects.requireNonNull(learningId, "learningId"));
    Objects.requireNonNull(rule, "rule");
    failures = List.copyOf(failures == null ? List.of() : failures);
    failures.forEach(RecordKey::checkId);
  }
}
