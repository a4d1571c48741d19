package dev.agentops.supervision;

import java.time.Duration;
import java.util.Objects;

/**
 * What the worker level does about a failure of some class: one row's action in the {@link
 * EscalationPolicy} table.
 *
 * @since 0.1.0
 */
public sealed interface FailureAction
    permits FailureAction.Retry, FailureAction.Decompose, FailureAction.Escalate {

  /** The longest cooldown a retry may ask for. */
  Duration MAX_COOLDOWN = Duration.ofDays(1);

  /** The kinds of action. */
  enum Kind {
    /** Try again in a fresh session, after a cooldown, while attempts are left. */
    RETRY,
    /** The unit is too big for one worker: escalate so a level above splits it. */
    DECOMPOSE,
    /** Escalate at once. */
    ESCALATE
  }

  /**
   * Returns the kind of action.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Retry at once.
   *
   * @return the action
   */
  static FailureAction retry() {
    return new Retry(Duration.ZERO);
  }

  /**
   * Retry after a cooldown.
   *
   * @param cooldown how long to wait first
   * @return the action
   */
  static FailureAction retry(Duration cooldown) {
    return new Retry(cooldown);
  }

  /**
   * Ask the level above to split the unit.
   *
   * @return the action
   */
  static FailureAction decompose() {
    return new Decompose();
  }

  /**
   * Escalate at once.
   *
   * @return the action
   */
  static FailureAction escalate() {
    return new Escalate();
  }

  /**
   * Try again in a fresh session, after a cooldown, while the round has attempts left; escalate
   * when it has none.
   *
   * @param cooldown how long to wait before the next attempt; zero to {@link #MAX_COOLDOWN}
   * @since 0.1.0
   */
  record Retry(Duration cooldown) implements FailureAction {

    /**
     * Checks the cooldown.
     *
     * @param cooldown the cooldown
     * @throws IllegalArgumentException if it is negative or longer than {@link #MAX_COOLDOWN}
     */
    public Retry {
      Objects.requireNonNull(cooldown, "cooldown");
      if (cooldown.isNegative() || cooldown.compareTo(MAX_COOLDOWN) > 0) {
        throw new IllegalArgumentException(
            "cooldown must be between 0 and " + MAX_COOLDOWN + ", but was " + cooldown);
      }
    }

    @Override
    public Kind kind() {
      return Kind.RETRY;
    }
  }

  /**
   * Escalate to the level above, asking it to split the unit: a worker does not decompose its own
   * work.
   *
   * @since 0.1.0
   */
  record Decompose() implements FailureAction {
    @Override
    public Kind kind() {
      return Kind.DECOMPOSE;
    }
  }

  /**
   * Escalate to the level above at once.
   *
   * @since 0.1.0
   */
  record Escalate() implements FailureAction {
    @Override
    public Kind kind() {
      return Kind.ESCALATE;
    }
  }
}
