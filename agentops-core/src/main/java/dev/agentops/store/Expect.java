package dev.agentops.store;

import java.util.Locale;
import java.util.Objects;

/**
 * What a write expects of a record's current state: the compare half of compare-and-swap.
 *
 * @param kind what is expected
 * @param revision the expected revision, for {@link Kind#REVISION}; 0 otherwise
 * @since 0.1.0
 */
public record Expect(Kind kind, long revision) {

  /** The kinds of expectation. */
  public enum Kind {
    /** Whatever the record's state; no compare. */
    ANY,
    /** The record must not exist: a create. */
    ABSENT,
    /** The record must exist, at exactly this revision. */
    REVISION
  }

  private static final Expect ANY = new Expect(Kind.ANY, 0);
  private static final Expect ABSENT = new Expect(Kind.ABSENT, 0);

  /**
   * Checks the components.
   *
   * @param kind what is expected
   * @param revision the expected revision
   * @throws IllegalArgumentException if a revision is given for a kind that takes none, or a
   *     revision below 1 for {@link Kind#REVISION}
   */
  public Expect {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.REVISION ? revision < 1 : revision != 0) {
      throw new IllegalArgumentException(
          "an expectation of kind " + kind + " cannot have revision " + revision);
    }
  }

  /**
   * Expects nothing.
   *
   * @return the expectation
   */
  public static Expect any() {
    return ANY;
  }

  /**
   * Expects the record not to exist.
   *
   * @return the expectation
   */
  public static Expect absent() {
    return ABSENT;
  }

  /**
   * Expects the record at a revision.
   *
   * @param revision the revision read before, at least 1
   * @return the expectation
   */
  public static Expect revision(long revision) {
    return new Expect(Kind.REVISION, revision);
  }

  /**
   * Tells whether a current revision meets this expectation.
   *
   * @param current the current revision, 0 if the record does not exist
   * @return {@code true} if it does
   */
  public boolean matches(long current) {
    switch (kind) {
      case ABSENT:
        return current == 0;
      case REVISION:
        return current == revision;
      default:
        return true;
    }
  }

  @Override
  public String toString() {
    return kind == Kind.REVISION ? "revision " + revision : kind.name().toLowerCase(Locale.ROOT);
  }
}
