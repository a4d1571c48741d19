package dev.agentops.gate;

import dev.agentops.Artifact;

/**
 * A deterministic check of an artifact: a test suite, a build, a linter, a schema check, a
 * constraint compiled from a known failure. Given the same artifact and the same environment, a
 * gate gives the same result.
 *
 * <h2>Contract for implementers</h2>
 *
 * <ul>
 *   <li><b>One method.</b> {@link #check(Artifact)} runs the check and returns its {@link
 *       GateResult}; {@link #name()} may be overridden to give the gate a stable name.
 *   <li><b>Expected outcomes are values.</b> A check that ran and found a problem returns {@link
 *       GateStatus#FAIL}; a check that could not run returns {@link GateStatus#ERROR} or throws.
 *       Callers treat a thrown exception as {@link GateStatus#ERROR}, never as a pass.
 *   <li><b>Threading.</b> A gate may be called from any thread; whether concurrent calls are safe
 *       is the implementation's to document. AgentOps runs the gates of one validation one after
 *       the other.
 *   <li><b>Nullness.</b> The artifact and the result are never {@code null}.
 *   <li><b>Idempotency.</b> A check must not change the artifact; running it twice gives the same
 *       result unless the environment changed.
 *   <li><b>Output.</b> {@link GateResult} bounds and redacts its output itself; a gate need not,
 *       though one that captures large output should bound it while capturing.
 * </ul>
 *
 * @since 0.1.0
 */
public interface Gate {

  /**
   * Runs the check.
   *
   * @param artifact the artifact to check; a gate that checks a working directory (a build, a test
   *     suite) may use only its provenance, or nothing of it
   * @return the result
   * @throws RuntimeException if the check could not run; callers record it as {@link
   *     GateStatus#ERROR}
   */
  GateResult check(Artifact artifact);

  /**
   * Returns the gate's name, shown in results and verdicts.
   *
   * @return the name; by default the class's simple name
   */
  default String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? "gate" : simple;
  }
}
