package dev.agentops.ratchet;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What became of a candidate submitted to a {@link MergeQueue}. Expected outcomes are values; a
 * repository or remote that cannot be used raises {@link RatchetException}.
 *
 * <p>Java 17 has no pattern matching for {@code switch}: use {@link #kind()} or {@code instanceof}.
 *
 * @since 0.1.0
 */
public sealed interface MergeOutcome
    permits MergeOutcome.Locked,
        MergeOutcome.AlreadyLocked,
        MergeOutcome.Conflicted,
        MergeOutcome.Rejected,
        MergeOutcome.Contended {

  /**
   * The kinds of outcome.
   *
   * @since 0.1.0
   */
  enum Kind {
    /** The candidate, as it is or brought onto the tip, is locked. */
    LOCKED,
    /** The ref already held the candidate's commit. */
    ALREADY_LOCKED,
    /** The candidate does not merge cleanly with the tip. */
    CONFLICTED,
    /** Validated again on the new tip, the candidate did not pass. */
    REJECTED,
    /** Other writers kept moving the ref; the queue gave up after its attempts. */
    CONTENDED
  }

  /**
   * How a locked candidate reached the ref.
   *
   * @since 0.1.0
   */
  enum Method {
    /** The candidate descended from the tip: its own commit was locked. */
    FAST_FORWARD,
    /** A merge commit of the tip and the candidate was locked. */
    MERGED,
    /** The candidate's commits were replayed on the tip, and the last of them was locked. */
    REBASED
  }

  /**
   * Returns the kind of outcome.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Returns the candidate's id.
   *
   * @return the id
   */
  String candidateId();

  /**
   * The candidate is locked.
   *
   * @param candidateId the candidate
   * @param lock the lock that moved the ref; its commit is the candidate's own commit, or the merge
   *     or rebase of it
   * @param method how the candidate reached the ref
   * @param revalidated whether it was validated again before the lock (the lock then records the
   *     new verdict)
   * @param attempts how many times the queue read the tip and tried, at least 1
   * @since 0.1.0
   */
  record Locked(
      String candidateId, LockOutcome.Locked lock, Method method, boolean revalidated, int attempts)
      implements MergeOutcome {

    /**
     * Checks the components.
     *
     * @param candidateId the candidate
     * @param lock the lock
     * @param method the method
     * @param revalidated whether it was validated again
     * @param attempts the attempts
     */
    public Locked {
      Objects.requireNonNull(candidateId, "candidateId");
      Objects.requireNonNull(lock, "lock");
      Objects.requireNonNull(method, "method");
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be >= 1, but was " + attempts);
      }
    }

    @Override
    public Kind kind() {
      return Kind.LOCKED;
    }
  }

  /**
   * The ref already held the candidate's commit; nothing moved.
   *
   * @param candidateId the candidate
   * @param tip where the ref is
   * @since 0.1.0
   */
  record AlreadyLocked(String candidateId, String tip) implements MergeOutcome {

    /**
     * Checks the components.
     *
     * @param candidateId the candidate
     * @param tip the tip
     */
    public AlreadyLocked {
      Objects.requireNonNull(candidateId, "candidateId");
      Objects.requireNonNull(tip, "tip");
    }

    @Override
    public Kind kind() {
      return Kind.ALREADY_LOCKED;
    }
  }

  /**
   * The candidate does not merge cleanly with the tip; nothing moved. The worker resolves the
   * conflicts on the new tip, has the result validated, and submits it again.
   *
   * @param candidateId the candidate
   * @param tip the tip it conflicts with
   * @param paths the paths in conflict, sorted
   * @since 0.1.0
   */
  record Conflicted(String candidateId, String tip, List<String> paths) implements MergeOutcome {

    /**
     * Checks and copies the components.
     *
     * @param candidateId the candidate
     * @param tip the tip
     * @param paths the paths
     */
    public Conflicted {
      Objects.requireNonNull(candidateId, "candidateId");
      Objects.requireNonNull(tip, "tip");
      paths = List.copyOf(paths);
    }

    @Override
    public Kind kind() {
      return Kind.CONFLICTED;
    }
  }

  /**
   * Validated again on the new tip, the candidate did not pass; nothing moved.
   *
   * @param candidateId the candidate
   * @param commit the commit that was validated: the merge or rebase of the candidate
   * @param assessment what the validator said; {@link dev.agentops.validation.VerdictStatus#ERROR}
   *     if it threw
   * @since 0.1.0
   */
  record Rejected(String candidateId, String commit, Assessment assessment)
      implements MergeOutcome {

    /**
     * Checks the components.
     *
     * @param candidateId the candidate
     * @param commit the commit
     * @param assessment the assessment
     */
    public Rejected {
      Objects.requireNonNull(candidateId, "candidateId");
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(assessment, "assessment");
    }

    @Override
    public Kind kind() {
      return Kind.REJECTED;
    }
  }

  /**
   * Other writers moved the ref before every one of the queue's attempts could lock; nothing moved.
   * Submit again later.
   *
   * @param candidateId the candidate
   * @param attempts the attempts made
   * @param lastTip the tip seen last, or {@code null} if there was none
   * @since 0.1.0
   */
  record Contended(String candidateId, int attempts, @Nullable String lastTip)
      implements MergeOutcome {

    /**
     * Checks the components.
     *
     * @param candidateId the candidate
     * @param attempts the attempts
     * @param lastTip the last tip
     */
    public Contended {
      Objects.requireNonNull(candidateId, "candidateId");
    }

    @Override
    public Kind kind() {
      return Kind.CONTENDED;
    }
  }
}
