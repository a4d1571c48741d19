package dev.agentops.ratchet;

import dev.agentops.ratchet.internal.RefCas;
import dev.agentops.ratchet.internal.Repositories;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.jspecify.annotations.Nullable;

/**
 * Locks a protected git ref to validated commits (Factor VI: once work passes validation, it cannot
 * regress).
 *
 * <p>A lock moves the ref forward to a commit, by compare-and-swap on the id the ref is expected to
 * be at, and only if the commit descends from it: a lock never moves the ref backwards or sideways,
 * and nothing here ever force-updates a ref. Every lock names the verdict that validated the
 * commit; the verdict id goes into the ref's reflog, which is written even in a bare repository,
 * and into the {@linkplain Builder#chainLog(ChainLog) chain log} if there is one.
 *
 * <p>The expected outcomes are values ({@link LockOutcome}): locked, already locked, lost race, not
 * a fast-forward. Of any number of lockers that expect the ref at the same commit, in one process
 * or many, at most one moves it.
 *
 * <p>With a {@linkplain Builder#remote(String) remote}, the protected ref is the remote's: {@link
 * #tip()} fetches it, and a lock pushes the commit with the expected old id and without force, so
 * the remote refuses the push if anyone moved its ref in between (a lost race). The local
 * repository holds the objects; it keeps the remote's tip in a tracking ref under {@code
 * refs/agentops/ratchet/}.
 *
 * <p>A ref that is checked out in the repository's working tree is not locked: moving it would
 * leave the working tree and index behind (git refuses such pushes for the same reason). Lock a ref
 * of a bare repository, or one that is not checked out.
 *
 * <p>Thread-safe. Close it to release the repository.
 *
 * <pre>{@code
 * try (Ratchet main = Ratchet.builder(Path.of("repo.git"), "refs/heads/main").build()) {
 *   String base = main.tip().orElseThrow();
 *   // ... a worker commits on top of base, a validator passes it ...
 *   LockOutcome outcome = main.lock(LockRequest.of(commit, verdict.id()).expecting(base));
 *   if (outcome instanceof LockOutcome.LostRace) {
 *     // someone locked first: bring the commit onto the new tip (a MergeQueue does) and retry
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Ratchet implements AutoCloseable {

  private final Repository repository;
  private final String ref;
  private final @Nullable String remote;
  private final @Nullable String trackingRef;
  private final PersonIdent identity;
  private final Clock clock;
  private final int maxAttempts;
  private final @Nullable ChainLog chainLog;
  private volatile boolean closed;

  private Ratchet(Builder b, Repository repository) {
    this.repository = repository;
    this.ref = b.ref;
    this.remote = b.remote;
    this.trackingRef = b.remote == null ? null : RefCas.trackingRef(b.remote, b.ref);
    this.identity = new PersonIdent(b.name, b.email);
    this.clock = b.clock;
    this.maxAttempts = b.maxAttempts;
    this.chainLog = b.chainLog;
  }

  /**
   * Starts a ratchet on a protected ref of a repository.
   *
   * @param repository a repository's working directory, its {@code .git} directory, or a bare
   *     repository; with {@link Builder#create(boolean)}, a directory to create a bare repository
   *     in
   * @param ref the protected ref's full name, such as {@code refs/heads/main} or {@code
   *     refs/agentops/locked/release}
   * @return a builder
   * @throws IllegalArgumentException if the ref's name is not a valid full ref name under {@code
   *     refs/}
   */
  public static Builder builder(Path repository, String ref) {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(ref, "ref");
    if (!ref.startsWith("refs/") || !Repository.isValidRefName(ref)) {
      throw new IllegalArgumentException(
          "ref must be a valid full ref name under refs/, such as refs/heads/main, but was '"
              + LockRequest.abbreviate(ref)
              + "'");
    }
    return new Builder(repository, ref);
  }

  /**
   * Returns the protected ref.
   *
   * @return its full name
   */
  public String ref() {
    return ref;
  }

  /**
   * Returns the remote whose ref is protected, if the ratchet works on one.
   *
   * @return the remote's name or URL
   */
  public Optional<String> remote() {
    return Optional.ofNullable(remote);
  }

  /**
   * Reads where the protected ref is now: locally, or on the remote (fetching its objects if they
   * are not here).
   *
   * @return the commit id, or empty if the ref does not exist
   * @throws RatchetException if the repository or the remote cannot be read, or the remote's ref
   *     moved backwards since it was last seen
   */
  public Optional<String> tip() {
    checkOpen();
    try {
      ObjectId tip = readTip();
      return tip == null ? Optional.empty() : Optional.of(tip.name());
    } catch (IOException e) {
      throw failure("could not read the ref", e);
    }
  }

  /**
   * Tells whether a commit is locked: the protected ref is at it or at a descendant of it.
   *
   * @param commit a full hexadecimal commit id
   * @return {@code true} if the ref holds the commit
   * @throws IllegalArgumentException if the commit is not a commit of the repository
   * @throws RatchetException if the repository or the remote cannot be read
   */
  public boolean holds(String commit) {
    Objects.requireNonNull(commit, "commit");
    checkOpen();
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit c = commit(walk, LockRequest.objectId("commit", commit), "commit");
      ObjectId tip = readTip();
      return tip != null && isAncestor(walk, c, tip);
    } catch (IOException e) {
      throw failure("could not read the ref", e);
    }
  }

  /**
   * Locks a commit from wherever the ref is now; see {@link #lock(LockRequest)}.
   *
   * @param commit the commit, a full hexadecimal object id
   * @param verdictId the id of the verdict that validated it
   * @return the outcome
   */
  public LockOutcome lock(String commit, String verdictId) {
    return lock(LockRequest.of(commit, verdictId));
  }

  /**
   * Locks a commit if the ref is still at the commit the work was based on; see {@link
   * #lock(LockRequest)}.
   *
   * @param expectedOld where the ref must be
   * @param commit the commit, a full hexadecimal object id
   * @param verdictId the id of the verdict that validated it
   * @return the outcome
   */
  public LockOutcome lock(String expectedOld, String commit, String verdictId) {
    return lock(LockRequest.of(commit, verdictId).expecting(expectedOld));
  }

  /**
   * Moves the protected ref forward to a validated commit.
   *
   * <p>In order: if the ref is not where the request expects it, the outcome is {@link
   * LockOutcome.LostRace}; if it already holds the commit (is at it or past it), {@link
   * LockOutcome.AlreadyLocked}; if the commit does not descend from it, {@link
   * LockOutcome.NotFastForward}. Otherwise the ref is moved by compare-and-swap on where it was
   * read: {@link LockOutcome.Locked}, or {@link LockOutcome.LostRace} if another writer moved it in
   * between. While another writer merely holds the ref's lock file, the lock waits a short random
   * time and reads the ref again, a bounded number of times.
   *
   * <p>A lock that moved the ref is then appended to the chain log, if the ratchet has one.
   *
   * @param request what to lock
   * @return the outcome
   * @throws IllegalArgumentException if the commit (or, for a local ref, the expected old id when
   *     the ref is there) is not a commit in the repository
   * @throws IllegalStateException if the ref is checked out in the repository's working tree, or
   *     the ratchet is closed
   * @throws RatchetException if the repository or the remote cannot be used, the ref's lock stays
   *     held, or the lock moved the ref but the chain log could not record it
   */
  public LockOutcome lock(LockRequest request) {
    Objects.requireNonNull(request, "request");
    checkOpen();
    LockOutcome outcome;
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = commit(walk, request.commit(), "commit");
      outcome = lock(walk, request, commit);
    } catch (IOException e) {
      throw failure("could not lock " + request.commit(), e);
    }
    if (chainLog != null && outcome instanceof LockOutcome.Locked locked) {
      try {
        chainLog.recordLock(request.step(), locked);
      } catch (RuntimeException e) {
        throw new RatchetException(
            ref,
            "moved "
                + ref
                + " to "
                + locked.commit()
                + ", but the chain log could not record the lock: "
                + e.getMessage(),
            e);
      }
    }
    return outcome;
  }

  private LockOutcome lock(RevWalk walk, LockRequest request, RevCommit commit) throws IOException {
    for (int attempt = 1; ; attempt++) {
      ObjectId current = readTip();
      ObjectId expected;
      switch (request.expected()) {
        case CURRENT:
          expected = current;
          break;
        case ABSENT:
          expected = null;
          break;
        default:
          expected = ObjectId.fromString(Objects.requireNonNull(request.expectedOld()));
      }
      if (!Objects.equals(expected, current)) {
        return new LockOutcome.LostRace(ref, name(expected), name(current));
      }
      if (current != null) {
        RevCommit tip = commit(walk, current.name(), "the tip of " + ref);
        // The fast-forward check walks back from the commit and stops at the tip, a step or a
        // few away; only when it fails is the tip's whole history searched for the commit.
        if (commit.equals(tip)) {
          return new LockOutcome.AlreadyLocked(ref, tip.name(), commit.name());
        }
        if (!isAncestor(walk, tip, commit)) {
          return isAncestor(walk, commit, tip)
              ? new LockOutcome.AlreadyLocked(ref, tip.name(), commit.name())
              : new LockOutcome.NotFastForward(ref, tip.name(), commit.name());
        }
      }
      RefCas.Move move = move(walk, current, commit, request);
      switch (move.status()) {
        case MOVED:
          return new LockOutcome.Locked(ref, name(current), commit.name(), request.verdictId());
        case LOST:
          return new LockOutcome.LostRace(ref, name(expected), name(move.actual()));
        case NOT_FAST_FORWARD:
          ObjectId now = move.actual() != null ? move.actual() : readTip();
          if (now == null || !now.equals(current)) {
            return new LockOutcome.LostRace(ref, name(expected), name(now));
          }
          return new LockOutcome.NotFastForward(ref, now.name(), commit.name());
        default:
          // BUSY: another writer holds the lock; it may be moving the ref. Read it again.
          if (attempt >= maxAttempts) {
            throw new RatchetException(
                ref,
                "could not lock "
                    + ref
                    + ": its lock stayed held by another writer through "
                    + maxAttempts
                    + " attempts",
                null);
          }
          backOff(attempt);
      }
    }
  }

  private RefCas.Move move(
      RevWalk walk, @Nullable ObjectId current, RevCommit commit, LockRequest request)
      throws IOException {
    if (remote != null) {
      return RefCas.push(
          repository, remote, ref, current, commit, Objects.requireNonNull(trackingRef));
    }
    if (!repository.isBare() && ref.equals(repository.getFullBranch())) {
      throw new IllegalStateException(
          ref
              + " is checked out in the repository's working tree; moving it would leave the"
              + " working tree behind. Lock a ref of a bare repository, or one not checked out");
    }
    return RefCas.local(
        repository,
        walk,
        ref,
        current,
        commit,
        new PersonIdent(identity, clock.instant(), ZoneOffset.UTC),
        "agentops ratchet: lock " + request.step() + " verdict " + request.verdictId());
  }

  /** The ref's tip: local, or fetched from the remote. */
  @Nullable ObjectId readTip() throws IOException {
    if (remote == null) {
      return RefCas.readLocal(repository, ref);
    }
    try {
      return RefCas.fetch(repository, remote, ref, Objects.requireNonNull(trackingRef));
    } catch (RefCas.WentBackwards e) {
      throw new RatchetException(ref, ref + " on the remote: " + e.getMessage(), e);
    }
  }

  /** Parses a commit of the repository; a caller mistake if it is not one. */
  static RevCommit commit(RevWalk walk, String id, String what) throws IOException {
    try {
      return walk.parseCommit(ObjectId.fromString(id));
    } catch (MissingObjectException e) {
      throw new IllegalArgumentException(what + " " + id + " is not in the repository", e);
    } catch (IncorrectObjectTypeException e) {
      throw new IllegalArgumentException(what + " " + id + " is not a commit", e);
    }
  }

  /** Tells whether {@code ancestor} is {@code commit} or reachable from it. */
  static boolean isAncestor(RevWalk walk, ObjectId ancestor, ObjectId commit) throws IOException {
    walk.reset();
    return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(commit));
  }

  private static @Nullable String name(@Nullable ObjectId id) {
    return id == null ? null : id.name();
  }

  /**
   * Waits before reading a busy ref again: a random time up to 1 ms doubled per attempt, at most
   * 100 ms, so that writers contending for one lock spread out.
   */
  private static void backOff(int attempt) {
    long bound = Math.min(100L, 1L << Math.min(attempt, 7));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a ref's lock", e);
    }
  }

  /** The repository, for the merge queue. */
  Repository repository() {
    return repository;
  }

  /** Who commits merges and rebases, at the ratchet's clock's now. */
  PersonIdent committer() {
    return new PersonIdent(identity, clock.instant(), ZoneOffset.UTC);
  }

  Clock clock() {
    return clock;
  }

  private RatchetException failure(String what, IOException e) {
    return new RatchetException(ref, what + " of " + ref + ": " + e.getMessage(), e);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the ratchet on " + ref + " is closed");
    }
  }

  /** Releases the repository. Locks already made stay made. */
  @Override
  public void close() {
    closed = true;
    repository.close();
  }

  @Override
  public String toString() {
    return "Ratchet[" + ref + (remote == null ? "" : " on a remote") + "]";
  }

  /**
   * Builds a {@link Ratchet}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final Path path;
    private final String ref;
    private @Nullable String remote;
    private String name = "AgentOps";
    private String email = "agentops@localhost";
    private Clock clock = Clock.systemUTC();
    private int maxAttempts = 50;
    private boolean create;
    private @Nullable ChainLog chainLog;

    private Builder(Path path, String ref) {
      this.path = path;
      this.ref = ref;
    }

    /**
     * Protects the ref of a remote instead of the local one: locks push with the expected old id
     * and without force.
     *
     * @param remote a remote's name in the repository's configuration, or a URL ({@code git://},
     *     {@code https://}, {@code file://}, or a path)
     * @return this builder
     */
    public Builder remote(String remote) {
      Objects.requireNonNull(remote, "remote");
      if (remote.isBlank()) {
        throw new IllegalArgumentException("remote must not be blank");
      }
      this.remote = remote;
      return this;
    }

    /**
     * Sets who the reflog names, and who commits the merges and rebases of a {@link MergeQueue}.
     *
     * @param name the name
     * @param email the email
     * @return this builder
     */
    public Builder identity(String name, String email) {
      this.name = Objects.requireNonNull(name, "name");
      this.email = Objects.requireNonNull(email, "email");
      return this;
    }

    /**
     * Sets the clock reflog entries and merge commits are timed by.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how many times a lock reads the ref again while another writer holds the ref's lock
     * file.
     *
     * @param attempts at least 1; default 50
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
     * Records every lock that moves the ref in a chain log.
     *
     * @param chainLog the log
     * @return this builder
     */
    public Builder chainLog(ChainLog chainLog) {
      this.chainLog = Objects.requireNonNull(chainLog, "chainLog");
      return this;
    }

    /**
     * Creates a bare repository at the path if there is no repository there.
     *
     * @param create {@code true} to create one; default {@code false}
     * @return this builder
     */
    public Builder create(boolean create) {
      this.create = create;
      return this;
    }

    /**
     * Opens the ratchet.
     *
     * @return the ratchet
     * @throws IllegalArgumentException if there is no repository at the path and creating one was
     *     not asked for
     * @throws RatchetException if the repository cannot be opened
     */
    public Ratchet build() {
      try {
        return new Ratchet(this, Repositories.open(path, create));
      } catch (IOException e) {
        throw new RatchetException(
            ref, "could not open the repository '" + path.getFileName() + "': " + e, e);
      }
    }
  }
}
