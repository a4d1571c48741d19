package dev.agentops.supervision;

import java.time.Duration;

/**
 * Waits out a retry's cooldown. Injected so that tests, and hosts with their own schedulers, never
 * block a thread on the wall clock.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits.
   *
   * @param duration how long; never negative
   * @throws InterruptedException if the wait was interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The sleeper that blocks the calling thread with {@link Thread#sleep(long)}.
   *
   * @return the sleeper
   */
  static Sleeper system() {
    return duration -> {
      if (!duration.isZero()) {
        Thread.sleep(duration.toMillis());
      }
    };
  }
}
