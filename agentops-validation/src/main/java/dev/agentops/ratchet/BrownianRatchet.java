package dev.agentops.ratchet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Brownian ratchet (Factor VI): chaos is cheap, the filter is the gate, the ratchet is the
 * lock. It runs several attempts at one piece of work in parallel, has each product validated
 * externally, locks one that passes, and hands every failed attempt to listeners for harvesting
 * (Factor XII).
 *
 * <p>Which passing attempt is locked is the {@link Selection}: the first to pass (lowest latency),
 * or the best score once all are in (the same choice whatever the timing). If a lock does not hold
 * (another writer moved the ref), the next passing attempt in the same order is tried. A run waits
 * for every attempt, so that every failure is harvested and the result is complete; the
 * first-to-pass lock happens as soon as it passes, before the others finish.
 *
 * <p>Attempts and their validation run on the {@linkplain Builder#executor(Executor) executor};
 * locking and listeners run on the thread that called {@link #run(Attempt)}. Thread-safe: runs
 * share nothing.
 *
 * <pre>{@code
 * BrownianRatchet<String> ratchet = BrownianRatchet.builder(
 *         (int i, String commit) -> testSuite.assess(commit),              // external validator
 *         AttemptLocker.ratchet(main, commit -> commit))                 // lock on main
 *     .attempts(4)
 *     .selection(BrownianRatchet.Selection.BEST_PASSING)
 *     .executor(workers)
 *     .listener(failed -> failures.record(failed))                       // harvest
 *     .build();
 * BrownianResult<String> result = ratchet.run(i -> agent.implementIn(worktree(i)));
 * }</pre>
 *
 * @param <T> what an attempt produces, such as a commit id
 * @since 0.1.0
 */
public final class BrownianRatchet<T> {

  private static final Logger LOG = LoggerFactory.getLogger(BrownianRatchet.class);

  /**
   * Which passing attempt is locked.
   *
   * @since 0.1.0
   */
  public enum Selection {
    /** The first attempt to pass, in the order validations finish, locked as soon as it passes. */
    FIRST_PASSING,
    /** The passing attempt with the highest score (ties: the lowest index), once all are in. */
    BEST_PASSING
  }

  private final AttemptValidator<T> validator;
  private final AttemptLocker<T> locker;
  private final int attempts;
  private final Selection selection;
  private final Executor executor;
  private final List<AttemptListener<T>> listeners;

  private BrownianRatchet(Builder<T> b) {
    this.validator = b.validator;
    this.locker = b.locker;
    this.attempts = b.attempts;
    this.selection = b.selection;
    this.executor = b.executor != null ? b.executor : BrownianRatchet::startThread;
    this.listeners = List.copyOf(b.listeners);
  }

  /**
   * Starts a Brownian ratchet.
   *
   * @param <T> what an attempt produces
   * @param validator validates each attempt's product
   * @param locker locks the chosen product
   * @return a builder
   */
  public static <T> Builder<T> builder(AttemptValidator<T> validator, AttemptLocker<T> locker) {
    return new Builder<>(
        Objects.requireNonNull(validator, "validator"), Objects.requireNonNull(locker, "locker"));
  }

  /**
   * Runs the attempts, validates each, locks one that passes, and hands the failures to the
   * listeners.
   *
   * @param attempt makes one attempt, given its index
   * @return every attempt, and the one locked if any
   * @throws IllegalStateException if the calling thread is interrupted while waiting
   * @throws RuntimeException what the locker throws: an operational failure ends the run
   */
  public BrownianResult<T> run(Attempt<T> attempt) {
    Objects.requireNonNull(attempt, "attempt");
    BlockingQueue<AttemptResult<T>> done = new LinkedBlockingQueue<>();
    for (int i = 0; i < attempts; i++) {
      int index = i;
      executor.execute(() -> done.add(attemptAndValidate(attempt, index)));
    }
    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of a generic record, filled by index
    AttemptResult<T>[] results = new AttemptResult[attempts];
    int listenerFailures = 0;
    boolean locked = false;
    for (int received = 0; received < attempts; received++) {
      AttemptResult<T> r;
      try {
        r = done.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for attempts", e);
      }
      if (r.failed()) {
        listenerFailures += publish(r);
      } else if (selection == Selection.FIRST_PASSING && !locked) {
        r = lock(r);
        locked = r.status() == AttemptResult.Status.LOCKED;
      }
      results[r.index()] = r;
    }
    if (selection == Selection.BEST_PASSING) {
      List<AttemptResult<T>> passing = new ArrayList<>();
      for (AttemptResult<T> r : results) {
        if (r.status() == AttemptResult.Status.PASSED) {
          passing.add(r);
        }
      }
      passing.sort(
          Comparator.comparingDouble((AttemptResult<T> r) -> -score(r))
              .thenComparingInt(AttemptResult::index));
      for (AttemptResult<T> r : passing) {
        AttemptResult<T> tried = lock(r);
        results[r.index()] = tried;
        if (tried.status() == AttemptResult.Status.LOCKED) {
          break;
        }
      }
    }
    return new BrownianResult<>(Arrays.asList(results), listenerFailures);
  }

  private AttemptResult<T> attemptAndValidate(Attempt<T> attempt, int index) {
    T product;
    try {
      product = attempt.run(index);
      if (product == null) {
        throw new NullPointerException("attempt " + index + " produced null");
      }
    } catch (Throwable e) {
      rethrowIfFatal(e);
      return new AttemptResult<>(index, AttemptResult.Status.CRASHED, null, null, e, null);
    }
    Assessment assessment;
    try {
      assessment = validator.validate(index, product);
      if (assessment == null) {
        throw new NullPointerException("the validator returned null for attempt " + index);
      }
    } catch (Throwable e) {
      rethrowIfFatal(e);
      return new AttemptResult<>(index, AttemptResult.Status.UNVALIDATED, product, null, e, null);
    }
    return new AttemptResult<>(
        index,
        assessment.passed() ? AttemptResult.Status.PASSED : AttemptResult.Status.FAILED,
        product,
        assessment,
        null,
        null);
  }

  private AttemptResult<T> lock(AttemptResult<T> passed) {
    LockOutcome outcome =
        locker.lock(
            Objects.requireNonNull(passed.product()), Objects.requireNonNull(passed.assessment()));
    Objects.requireNonNull(outcome, "the locker returned no outcome");
    return passed.with(
        outcome.holds() ? AttemptResult.Status.LOCKED : AttemptResult.Status.LOCK_REFUSED, outcome);
  }

  /** Tells every listener; returns how many threw. */
  private int publish(AttemptResult<T> failed) {
    int failures = 0;
    for (AttemptListener<T> l : listeners) {
      try {
        l.onFailedAttempt(failed);
      } catch (RuntimeException e) {
        failures++;
        LOG.warn(
            "attempt listener {} failed on attempt {}; the run is unaffected",
            l,
            failed.index(),
            e);
      }
    }
    return failures;
  }

  private static double score(AttemptResult<?> r) {
    Assessment a = r.assessment();
    return a == null ? 0 : a.score();
  }

  /** Errors the JVM cannot recover from are not an attempt's failure: let them through. */
  private static void rethrowIfFatal(Throwable e) {
    if (e instanceof VirtualMachineError vme) {
      throw vme;
    }
  }

  private static void startThread(Runnable task) {
    Thread t = new Thread(task, "agentops-brownian-attempt");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public String toString() {
    return "BrownianRatchet[" + attempts + " attempts, " + selection + "]";
  }

  /**
   * Builds a {@link BrownianRatchet}. Not thread-safe.
   *
   * @param <T> what an attempt produces
   * @since 0.1.0
   */
  public static final class Builder<T> {

    private final AttemptValidator<T> validator;
    private final AttemptLocker<T> locker;
    private int attempts = 3;
    private Selection selection = Selection.BEST_PASSING;
    private @Nullable Executor executor;
    private final List<AttemptListener<T>> listeners = new ArrayList<>();

    private Builder(AttemptValidator<T> validator, AttemptLocker<T> locker) {
      this.validator = validator;
      this.locker = locker;
    }

    /**
     * Sets how many attempts a run makes.
     *
     * @param attempts at least 1; default 3
     * @return this builder
     */
    public Builder<T> attempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be >= 1, but was " + attempts);
      }
      this.attempts = attempts;
      return this;
    }

    /**
     * Sets which passing attempt is locked.
     *
     * @param selection the selection; default {@link Selection#BEST_PASSING}
     * @return this builder
     */
    public Builder<T> selection(Selection selection) {
      this.selection = Objects.requireNonNull(selection, "selection");
      return this;
    }

    /**
     * Sets where attempts and their validation run.
     *
     * @param executor the executor; by default each attempt gets a new daemon thread
     * @return this builder
     */
    public Builder<T> executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Adds a listener for failed attempts.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder<T> listener(AttemptListener<T> listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the Brownian ratchet.
     *
     * @return the ratchet
     */
    public BrownianRatchet<T> build() {
      return new BrownianRatchet<>(this);
    }
  }
}
