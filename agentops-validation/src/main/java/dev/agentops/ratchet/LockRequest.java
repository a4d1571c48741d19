package dev.agentops.ratchet;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What to lock: a validated commit, the id of the verdict that validated it, what the protected ref
 * is expected to be at (the compare half of the compare-and-swap), and the step of the work it
 * completes, for the chain log.
 *
 * <pre>{@code
 * LockRequest.of(commit, verdict.id())                 // from whatever the ref is at now
 * LockRequest.of(commit, verdict.id()).expecting(base) // only if the ref is still at base
 * LockRequest.of(commit, verdict.id()).expectingAbsent().step("implement")
 * }</pre>
 *
 * @param commit the commit to lock, a full hexadecimal object id
 * @param verdictId the id of the verdict that validated the commit; not blank, one line, at most
 *     200 characters
 * @param expected what the ref is expected to be at
 * @param expectedOld the id the ref is expected to be at, for {@link ExpectedTip#COMMIT}; {@code
 *     null} otherwise
 * @param step the step of the work the lock completes, such as {@code implement}: 1 to 64
 *     lower-case letters, digits and hyphens, starting with a letter
 * @since 0.1.0
 */
public record LockRequest(
    String commit,
    String verdictId,
    ExpectedTip expected,
    @Nullable String expectedOld,
    String step) {

  /** The step a request names unless told otherwise. */
  public static final String DEFAULT_STEP = "lock";

  private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern STEP = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  /**
   * What the protected ref is expected to be at when the lock moves it.
   *
   * @since 0.1.0
   */
  public enum ExpectedTip {
    /**
     * Wherever it is when the lock reads it. The move is still a compare-and-swap against what was
     * read, so a concurrent move between the read and the update is a lost race.
     */
    CURRENT,
    /** Exactly {@link LockRequest#expectedOld()}: typically the tip the work was based on. */
    COMMIT,
    /** Nowhere: the ref must not exist yet. */
    ABSENT
  }

  /**
   * Checks the components.
   *
   * @param commit the commit
   * @param verdictId the verdict's id
   * @param expected what the ref is expected to be at
   * @param expectedOld the expected id, for {@link ExpectedTip#COMMIT} only
   * @param step the step
   * @throws IllegalArgumentException if a component is not allowed, naming it and what was seen
   */
  public LockRequest {
    commit = objectId("commit", commit);
    Objects.requireNonNull(verdictId, "verdictId");
    if (verdictId.isBlank()
        || verdictId.length() > 200
        || verdictId.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "verdictId must be 1 to 200 characters on one line, not blank, but was '"
              + abbreviate(verdictId)
              + "'");
    }
    Objects.requireNonNull(expected, "expected");
    if (expected == ExpectedTip.COMMIT) {
      expectedOld = objectId("expectedOld", expectedOld);
    } else if (expectedOld != null) {
      throw new IllegalArgumentException(
          "expectedOld is given only when expected is COMMIT, but expected is "
              + expected
              + " and expectedOld is '"
              + abbreviate(expectedOld)
              + "'");
    }
    checkStep(step);
  }

  /**
   * Asks to lock a commit from wherever the ref is now.
   *
   * @param commit the commit, a full hexadecimal object id
   * @param verdictId the id of the verdict that validated it
   * @return the request
   */
  public static LockRequest of(String commit, String verdictId) {
    return new LockRequest(commit, verdictId, ExpectedTip.CURRENT, null, DEFAULT_STEP);
  }

  /**
   * Returns this request, locking only if the ref is still at a commit.
   *
   * @param expectedOld the commit the ref must be at, typically the base the work started from
   * @return the new request
   */
  public LockRequest expecting(String expectedOld) {
    return new LockRequest(commit, verdictId, ExpectedTip.COMMIT, expectedOld, step);
  }

  /**
   * Returns this request, locking only if the ref does not exist yet.
   *
   * @return the new request
   */
  public LockRequest expectingAbsent() {
    return new LockRequest(commit, verdictId, ExpectedTip.ABSENT, null, step);
  }

  /**
   * Returns this request naming another step.
   *
   * @param step the step, such as {@code implement}
   * @return the new request
   */
  public LockRequest step(String step) {
    return new LockRequest(commit, verdictId, expected, expectedOld, step);
  }

  static String objectId(String name, @Nullable String id) {
    Objects.requireNonNull(id, name);
    String lower = id.toLowerCase(Locale.ROOT);
    if (!OBJECT_ID.matcher(lower).matches()) {
      throw new IllegalArgumentException(
          name
              + " must be a full 40-digit hexadecimal object id, but was '"
              + abbreviate(id)
              + "'");
    }
    return lower;
  }

  /** Checks a step's name; the same rule holds for the chain log. */
  static String checkStep(String step) {
    Objects.requireNonNull(step, "step");
    if (!STEP.matcher(step).matches()) {
      throw new IllegalArgumentException(
          "step must be 1 to 64 lower-case letters, digits or '-', starting with a letter, but was"
              + " '"
              + abbreviate(step)
              + "'");
    }
    return step;
  }

  static String abbreviate(String s) {
    String printable = s.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 60 ? printable : printable.substring(0, 57) + "...";
  }
}
