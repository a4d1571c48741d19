package dev.agentops.knowledge.failure;

import dev.agentops.Artifact;
import dev.agentops.gate.Gate;
import dev.agentops.gate.GateResult;
import dev.agentops.knowledge.Learning;
import dev.agentops.knowledge.LearningStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A known failure compiled into a deterministic {@link Gate} (Factor XII: a known-bad approach is
 * enforced, not only documented): an artifact that matches the learning's {@link DetectionRule}
 * FAILs, and the result names the learning, says what it warns against and shows where the rule
 * matched. Any other artifact passes.
 *
 * <p>Only an active negative learning (an anti-pattern or a failure) can be compiled: a pending one
 * has not passed the quality gate's bar, and a retired one no longer holds. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * Gate gate = KnownFailureGate.compile(learning, DetectionRule.pathGlob("**}{@code /module-info.java"));
 * GateResult r = gate.check(diff);   // FAIL if the diff touches a module-info.java
 * }</pre>
 *
 * @since 0.1.0
 */
public final class KnownFailureGate implements Gate {

  private final String learningId;
  private final String title;
  private final String what;
  private final DetectionRule rule;

  private KnownFailureGate(Learning learning, DetectionRule rule) {
    this.learningId = learning.id();
    this.title = learning.title();
    this.what = learning.what();
    this.rule = rule;
  }

  /**
   * Compiles a negative learning and its detection rule into a gate.
   *
   * @param learning an active anti-pattern or failure
   * @param rule how to recognize the approach it warns against
   * @return the gate
   * @throws IllegalArgumentException if the learning is not negative or not active
   */
  public static KnownFailureGate compile(Learning learning, DetectionRule rule) {
    Objects.requireNonNull(learning, "learning");
    Objects.requireNonNull(rule, "rule");
    if (!learning.kind().negative()) {
      throw new IllegalArgumentException(
          "only an anti-pattern or a failure can be compiled into a gate, but learning '"
              + learning.id()
              + "' is a "
              + learning.kind().wireName());
    }
    if (learning.status() != LearningStatus.ACTIVE) {
      throw new IllegalArgumentException(
          "only an active learning can be compiled into a gate, but learning '"
              + learning.id()
              + "' is "
              + learning.status().wireName());
    }
    return new KnownFailureGate(learning, rule);
  }

  /**
   * Returns the id of the learning this gate enforces.
   *
   * @return the learning's id
   */
  public String learningId() {
    return learningId;
  }

  /**
   * Returns the rule this gate checks.
   *
   * @return the rule
   */
  public DetectionRule rule() {
    return rule;
  }

  @Override
  public GateResult check(Artifact artifact) {
    Objects.requireNonNull(artifact, "artifact");
    long start = System.nanoTime();
    List<String> evidence = rule.evidence(artifact.content());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (evidence.isEmpty()) {
      return GateResult.pass(name(), "does not match known failure '" + learningId + "'", took);
    }
    StringBuilder out = new StringBuilder();
    out.append("Known failure '").append(learningId).append("': ").append(title).append('\n');
    out.append(what).append('\n');
    out.append("Matched ").append(rule.description()).append(":\n");
    for (String e : evidence) {
      out.append("- ").append(e).append('\n');
    }
    return GateResult.fail(
        name(),
        "artifact '" + artifact.name() + "' matches known failure '" + learningId + "': " + title,
        out.toString(),
        took);
  }

  /**
   * Returns the gate's name: {@code known-failure:<learning id>}.
   *
   * @return the name
   */
  @Override
  public String name() {
    return "known-failure:" + learningId;
  }

  @Override
  public String toString() {
    return "KnownFailureGate[" + learningId + ", " + rule.description() + "]";
  }
}
