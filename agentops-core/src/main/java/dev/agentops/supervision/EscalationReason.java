package dev.agentops.supervision;

import java.util.Locale;

/**
 * Why a unit left the worker level: what ended the worker's round.
 *
 * @since 0.1.0
 */
public enum EscalationReason {
  /** The failure's class is not in the {@link EscalationPolicy} table. */
  UNKNOWN_FAILURE_CLASS,
  /** The table says to escalate failures of this class. */
  POLICY,
  /** The table says the unit must be split, which is not the worker's call. */
  DECOMPOSE,
  /** Several workers failed with the same signature: retrying elsewhere will not help. */
  SYSTEMIC,
  /** The round used all its attempts. */
  RETRIES_EXHAUSTED;

  /**
   * Returns the name used in records: lower case, words joined by {@code -}.
   *
   * @return such as {@code retries-exhausted}
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
