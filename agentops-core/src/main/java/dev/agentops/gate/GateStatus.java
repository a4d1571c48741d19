package dev.agentops.gate;

/**
 * The outcome of one run of a {@link Gate}.
 *
 * @since 0.1.0
 */
public enum GateStatus {
  /** The check ran and the artifact met it. */
  PASS,
  /** The check ran and the artifact did not meet it: a test failed, the build broke. */
  FAIL,
  /**
   * The check could not run at all (its command was missing, it threw), so it says nothing about
   * the artifact; an error is never taken for a pass.
   */
  ERROR
}
