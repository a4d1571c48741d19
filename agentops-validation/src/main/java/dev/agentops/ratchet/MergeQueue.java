package dev.agentops.ratchet;

import dev.agentops.ratchet.internal.Integrator;
import dev.agentops.validation.VerdictStatus;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locks the validated work of parallel workers onto one protected ref (Factor VI), one candidate at
 * a time.
 *
 * <p>Workers branch from the tip and finish in any order, so by the time a candidate is submitted
 * the tip has usually moved. The queue reads the tip; if the candidate descends from it, the
 * candidate is locked as it is. Otherwise the candidate is brought onto the tip, in memory (no
 * working tree, no index): by a merge commit of the tip and the candidate, or by replaying the
 * candidate's commits on the tip ({@link Integration}). The result is new code that the candidate's
 * verdict did not see, so by default it is validated again before it is locked ({@link
 * Revalidation}), and the lock records the new verdict. A conflict, or a failed revalidation, comes
 * back as an outcome and nothing moves.
 *
 * <p>The lock is a compare-and-swap on the tip the queue read. If another writer (another queue,
 * another process, another machine through the remote) moved the ref in between, the queue reads
 * the new tip and starts again, up to {@link Builder#maxAttempts(int)} times.
 *
 * <p>Thread-safe: submissions through one queue are processed one at a time, in the order they
 * arrive (a fair lock), on the submitting thread. The queue does not own its ratchet.
 *
 * <pre>{@code
 * MergeQueue queue = MergeQueue.builder(ratchet)
 *     .integration(MergeQueue.Integration.REBASE)
 *     .validator((candidate, commit) -> runTestsOn(commit))   // a fresh verdict on the result
 *     .build();
 * MergeOutcome outcome = queue.submit(Candidate.of("worker-3", commit, verdict.id()));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MergeQueue {

  private static final Logger LOG = LoggerFactory.getLogger(MergeQueue.class);

  /**
   * How a candidate based on an older tip is brought onto the new one.
   *
   * @since 0.1.0
   */
  public enum Integration {
    /** A merge commit with the tip as first parent and the candidate as second. */
    MERGE,
    /**
     * The candidate's own commits (those the tip lacks, along first parents) replayed on the tip,
     * keeping their authors and messages: a linear history.
     */
    REBASE
  }

  /**
   * When a candidate is validated again before it is locked.
   *
   * @since 0.1.0
   */
  public enum Revalidation {
    /** Never: the candidate's own verdict is trusted for the merge or rebase of it too. */
    NEVER,
    /** When the candidate had to be merged or rebased: the locked commit is not the one judged. */
    WHEN_CHANGED,
    /** Always, even when the candidate is locked as it is. */
    ALWAYS
  }

  private final Ratchet ratchet;
  private final Integration integration;
  private final Revalidation revalidation;
  private final @Nullable CandidateValidator validator;
  private final int maxAttempts;
  private final ReentrantLock turn = new ReentrantLock(true);

  private MergeQueue(Builder b) {
    this.ratchet = b.ratchet;
    this.integration = b.integration;
    this.revalidation = b.revalidation;
    this.validator = b.validator;
    this.maxAttempts = b.maxAttempts;
  }

  /**
   * Starts a queue in front of a ratchet.
   *
   * @param ratchet the ratchet on the protected ref
   * @return a builder
   */
  public static Builder builder(Ratchet ratchet) {
    return new Builder(Objects.requireNonNull(ratchet, "ratchet"));
  }

  /**
   * Brings a candidate onto the protected ref: as it is, merged, or rebased; validated again if the
   * policy says so; locked by compare-and-swap, reading the tip again after a lost race.
   *
   * @param candidate the candidate
   * @return the outcome
   * @throws IllegalArgumentException if the candidate's commit is not a commit of the ratchet's
   *     repository
   * @throws RatchetException if the repository or the remote cannot be used
   */
  public MergeOutcome submit(Candidate candidate) {
    Objects.requireNonNull(candidate, "candidate");
    turn.lock();
    try {
      return process(candidate);
    } catch (IOException e) {
      throw new RatchetException(
          ratchet.ref(),
          "could not bring candidate '"
              + candidate.id()
              + "' onto "
              + ratchet.ref()
              + ": "
              + e.getMessage(),
          e);
    } finally {
      turn.unlock();
    }
  }

  private MergeOutcome process(Candidate c) throws IOException {
    String lastTip = null;
    try (RevWalk walk = new RevWalk(ratchet.repository())) {
      RevCommit commit = Ratchet.commit(walk, c.commit(), "candidate '" + c.id() + "' commit");
      for (int attempt = 1; attempt <= maxAttempts; attempt++) {
        ObjectId tipId = ratchet.readTip();
        lastTip = tipId == null ? null : tipId.name();
        String integrated = commit.name();
        MergeOutcome.Method method = MergeOutcome.Method.FAST_FORWARD;
        if (tipId != null) {
          RevCommit tip = Ratchet.commit(walk, tipId.name(), "the tip of " + ratchet.ref());
          boolean fastForward = !commit.equals(tip) && Ratchet.isAncestor(walk, tip, commit);
          if (!fastForward && Ratchet.isAncestor(walk, commit, tip)) {
            return new MergeOutcome.AlreadyLocked(c.id(), tip.name());
          }
          if (!fastForward) {
            Integrator.Result result =
                integration == Integration.MERGE
                    ? Integrator.merge(
                        ratchet.repository(),
                        walk,
                        tip,
                        commit,
                        ratchet.committer(),
                        "agentops: merge candidate " + c.id() + " into " + ratchet.ref() + "\n")
                    : Integrator.rebase(
                        ratchet.repository(), walk, tip, commit, ratchet.committer());
            if (result.commit() == null) {
              return new MergeOutcome.Conflicted(c.id(), tip.name(), result.conflicts());
            }
            integrated = result.commit().name();
            method =
                integration == Integration.MERGE
                    ? MergeOutcome.Method.MERGED
                    : MergeOutcome.Method.REBASED;
          }
        }
        String verdictId = c.verdictId();
        boolean revalidate =
            revalidation == Revalidation.ALWAYS
                || (revalidation == Revalidation.WHEN_CHANGED
                    && method != MergeOutcome.Method.FAST_FORWARD);
        if (revalidate) {
          Assessment assessment = validate(c, integrated);
          if (!assessment.passed()) {
            return new MergeOutcome.Rejected(c.id(), integrated, assessment);
          }
          verdictId = Objects.requireNonNull(assessment.verdictId());
        }
        LockRequest request = LockRequest.of(integrated, verdictId).step(c.step());
        request = tipId == null ? request.expectingAbsent() : request.expecting(tipId.name());
        LockOutcome outcome = ratchet.lock(request);
        if (outcome instanceof LockOutcome.Locked locked) {
          return new MergeOutcome.Locked(c.id(), locked, method, revalidate, attempt);
        }
        if (outcome instanceof LockOutcome.AlreadyLocked already) {
          return new MergeOutcome.AlreadyLocked(c.id(), already.tip());
        }
        if (outcome instanceof LockOutcome.NotFastForward) {
          throw new AssertionError(
              "a commit built on the tip was refused as not a fast-forward: " + outcome);
        }
        // A lost race: read the new tip and bring the candidate onto it.
      }
    }
    return new MergeOutcome.Contended(c.id(), maxAttempts, lastTip);
  }

  private Assessment validate(Candidate c, String commit) {
    CandidateValidator v = Objects.requireNonNull(validator);
    try {
      Assessment a = v.validate(c, commit);
      if (a == null) {
        return new Assessment(VerdictStatus.ERROR, 0, null, "the validator returned nothing");
      }
      return a;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Assessment(VerdictStatus.ERROR, 0, null, "the validator was interrupted");
    } catch (Exception e) {
      LOG.warn(
          "the validator failed on candidate '{}' ({}); the candidate is rejected",
          c.id(),
          commit,
          e);
      return new Assessment(
          VerdictStatus.ERROR, 0, null, "the validator failed: " + e.getClass().getName());
    }
  }

  @Override
  public String toString() {
    return "MergeQueue["
        + ratchet.ref()
        + ", "
        + integration
        + ", revalidate "
        + revalidation
        + "]";
  }

  /**
   * Builds a {@link MergeQueue}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final Ratchet ratchet;
    private Integration integration = Integration.MERGE;
    private Revalidation revalidation = Revalidation.WHEN_CHANGED;
    private @Nullable CandidateValidator validator;
    private int maxAttempts = 10;

    private Builder(Ratchet ratchet) {
      this.ratchet = ratchet;
    }

    /**
     * Sets how candidates are brought onto a newer tip.
     *
     * @param integration merge or rebase; default {@link Integration#MERGE}
     * @return this builder
     */
    public Builder integration(Integration integration) {
      this.integration = Objects.requireNonNull(integration, "integration");
      return this;
    }

    /**
     * Sets when candidates are validated again before they are locked.
     *
     * @param revalidation the policy; default {@link Revalidation#WHEN_CHANGED}, which needs a
     *     {@link #validator(CandidateValidator)}
     * @return this builder
     */
    public Builder revalidation(Revalidation revalidation) {
      this.revalidation = Objects.requireNonNull(revalidation, "revalidation");
      return this;
    }

    /**
     * Sets who validates candidates again.
     *
     * @param validator the validator
     * @return this builder
     */
    public Builder validator(CandidateValidator validator) {
      this.validator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    /**
     * Sets how many times a submission reads the tip and tries to lock while other writers keep
     * moving the ref.
     *
     * @param attempts at least 1; default 10
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Builds the queue.
     *
     * @return the queue
     * @throws IllegalStateException if the policy validates again but no validator was given
     */
    public MergeQueue build() {
      if (revalidation != Revalidation.NEVER && validator == null) {
        throw new IllegalStateException(
            "revalidation "
                + revalidation
                + " needs a validator; give one, or choose Revalidation.NEVER explicitly");
      }
      return new MergeQueue(this);
    }
  }
}
