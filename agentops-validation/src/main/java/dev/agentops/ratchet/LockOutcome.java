package dev.agentops.ratchet;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What became of a lock: the ref moved, it already held the commit, another writer moved it first,
 * or the commit is not a fast-forward of it. These are the expected outcomes, returned as values
 * like JGit's {@code RefUpdate.Result}; a repository or remote that cannot be used at all raises
 * {@link RatchetException}.
 *
 * <p>Java 17 has no pattern matching for {@code switch}: use {@link #kind()} or {@code instanceof}.
 *
 * @since 0.1.0
 */
public sealed interface LockOutcome
    permits LockOutcome.Locked,
        LockOutcome.AlreadyLocked,
        LockOutcome.LostRace,
        LockOutcome.NotFastForward {

  /**
   * The kinds of outcome.
   *
   * @since 0.1.0
   */
  enum Kind {
    /** The ref moved forward to the commit. */
    LOCKED,
    /** The ref already held the commit: it is at it or past it. Nothing moved. */
    ALREADY_LOCKED,
    /** The ref was not where the lock expected it: another writer moved it first. */
    LOST_RACE,
    /** The commit does not descend from the ref's tip; locking it would move the ref backwards. */
    NOT_FAST_FORWARD
  }

  /**
   * Returns the kind of outcome.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Returns the protected ref.
   *
   * @return its full name
   */
  String ref();

  /**
   * Tells whether the commit is on the ref now, because this lock moved it there or because it
   * already was.
   *
   * @return {@code true} for {@link Locked} and {@link AlreadyLocked}
   */
  default boolean holds() {
    return kind() == Kind.LOCKED || kind() == Kind.ALREADY_LOCKED;
  }

  /**
   * The ref moved forward to the commit.
   *
   * @param ref the ref
   * @param previous where it was; {@code null} if the lock created it
   * @param commit where it is now
   * @param verdictId the verdict that validated the commit
   * @since 0.1.0
   */
  record Locked(String ref, @Nullable String previous, String commit, String verdictId)
      implements LockOutcome {

    /**
     * Checks the components.
     *
     * @param ref the ref
     * @param previous where it was
     * @param commit where it is
     * @param verdictId the verdict
     */
    public Locked {
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(verdictId, "verdictId");
    }

    @Override
    public Kind kind() {
      return Kind.LOCKED;
    }
  }

  /**
   * The ref already held the commit; nothing moved.
   *
   * @param ref the ref
   * @param tip where the ref is: the commit itself or a descendant of it
   * @param commit the commit asked for
   * @since 0.1.0
   */
  record AlreadyLocked(String ref, String tip, String commit) implements LockOutcome {

    /**
     * Checks the components.
     *
     * @param ref the ref
     * @param tip the ref's tip
     * @param commit the commit
     */
    public AlreadyLocked {
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(tip, "tip");
      Objects.requireNonNull(commit, "commit");
    }

    @Override
    public Kind kind() {
      return Kind.ALREADY_LOCKED;
    }
  }

  /**
   * Another writer moved the ref first; nothing moved. Read the new tip, bring the work onto it (a
   * {@link MergeQueue} does), validate again if needed, and lock again.
   *
   * @param ref the ref
   * @param expected where the lock expected it; {@code null} if it expected no ref
   * @param actual where it was found; {@code null} if it does not exist
   * @since 0.1.0
   */
  record LostRace(String ref, @Nullable String expected, @Nullable String actual)
      implements LockOutcome {

    /**
     * Checks the components.
     *
     * @param ref the ref
     * @param expected where it was expected
     * @param actual where it was found
     */
    public LostRace {
      Objects.requireNonNull(ref, "ref");
    }

    @Override
    public Kind kind() {
      return Kind.LOST_RACE;
    }
  }

  /**
   * The commit does not descend from the ref's tip: locking it would drop locked work. Nothing
   * moved, and nothing ever force-moves a protected ref.
   *
   * @param ref the ref
   * @param tip where the ref is
   * @param commit the commit refused
   * @since 0.1.0
   */
  record NotFastForward(String ref, String tip, String commit) implements LockOutcome {

    /**
     * Checks the components.
     *
     * @param ref the ref
     * @param tip the ref's tip
     * @param commit the commit
     */
    public NotFastForward {
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(tip, "tip");
      Objects.requireNonNull(commit, "commit");
    }

    @Override
    public Kind kind() {
      return Kind.NOT_FAST_FORWARD;
    }
  }
}
