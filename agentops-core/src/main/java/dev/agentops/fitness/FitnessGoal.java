package dev.agentops.fitness;

import dev.agentops.Artifact;
import dev.agentops.gate.Gate;
import dev.agentops.gate.GateResult;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A measurable goal (Factor IX: fitness toward goals, not activity): an id, what it means, how it
 * is checked, and how much it weighs in a cycle's score.
 *
 * <pre>{@code
 * FitnessGoal tests = FitnessGoal.of("tests-pass", "The test suite passes", 2.0,
 *     () -> lastRun.passed());
 * FitnessGoal build = FitnessGoal.gate("build-green", "The build passes", 1.0,
 *     buildGate, () -> currentTree);
 * }</pre>
 *
 * @param id 1 to 63 lower-case letters, digits or {@code -}, starting with a letter
 * @param description what the goal means, in a sentence
 * @param weight how much it counts in the weighted score; finite and above 0
 * @param check how it is checked
 * @since 0.1.0
 */
public record FitnessGoal(String id, String description, double weight, FitnessCheck check) {

  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  /**
   * Checks the components.
   *
   * @param id the id
   * @param description the description
   * @param weight the weight
   * @param check the check
   * @throws IllegalArgumentException if the id is malformed, the description blank, or the weight
   *     not finite and above 0
   */
  public FitnessGoal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(check, "check");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a goal id must be 1 to 63 lower-case letters, digits or '-', starting with a letter,"
              + " but was '"
              + (id.length() > 60 ? id.substring(0, 57) + "..." : id)
              + "'");
    }
    if (description.isBlank()) {
      throw new IllegalArgumentException("description of goal '" + id + "' must not be blank");
    }
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "weight of goal '" + id + "' must be finite and > 0, but was " + weight);
    }
    description = description.strip();
  }

  /**
   * A goal checked by a predicate.
   *
   * @param id the id
   * @param description what it means
   * @param weight its weight
   * @param passes tells whether the goal is met now
   * @return the goal
   */
  public static FitnessGoal of(
      String id, String description, double weight, BooleanSupplier passes) {
    Objects.requireNonNull(passes, "passes");
    return new FitnessGoal(
        id,
        description,
        weight,
        () ->
            passes.getAsBoolean()
                ? GateResult.pass(id, "met", Duration.ZERO)
                : GateResult.fail(id, "not met", "", Duration.ZERO));
  }

  /**
   * A goal checked by a deterministic {@link Gate} on an artifact, such as the build or the test
   * suite on the current tree.
   *
   * @param id the id
   * @param description what it means
   * @param weight its weight
   * @param gate the gate
   * @param subject supplies the artifact to check, each cycle
   * @return the goal
   */
  public static FitnessGoal gate(
      String id, String description, double weight, Gate gate, Supplier<Artifact> subject) {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(subject, "subject");
    return new FitnessGoal(id, description, weight, () -> gate.check(subject.get()));
  }
}
