package dev.agentops.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link GitStore#sync(String)} did.
 *
 * @param outcome how the two sides were brought together
 * @param head the store's commit after the sync, empty if both sides were empty
 * @param conflicts records changed differently on both sides; the losing version of each is kept as
 *     a record in the {@code conflicts} collection, never dropped
 * @param attempts how many fetch-merge-push rounds it took
 * @since 0.1.0
 */
public record SyncResult(
    Outcome outcome, Optional<String> head, List<SyncConflict> conflicts, int attempts) {

  /** How the two sides were brought together. */
  public enum Outcome {
    /** Both sides were the same. */
    UP_TO_DATE,
    /** The remote was ahead; this store moved forward to it. */
    FAST_FORWARDED,
    /** This store was ahead; the remote moved forward to it. */
    PUSHED,
    /** Both sides had new commits; they were merged and the merge pushed. */
    MERGED
  }

  /**
   * Checks and copies the components.
   *
   * @param outcome the outcome
   * @param head the head after
   * @param conflicts the conflicts
   * @param attempts the rounds
   */
  public SyncResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(head, "head");
    conflicts = List.copyOf(conflicts);
  }

  /**
   * A record both sides changed differently.
   *
   * @param key the record
   * @param keptSide which version was kept: {@code local} or {@code remote}
   * @param keptRevision the kept version's revision, 0 if the kept version is a deletion
   * @param lostRevision the other version's revision, 0 if it was a deletion
   * @param savedAs where the other version is kept
   * @since 0.1.0
   */
  public record SyncConflict(
      RecordKey key, String keptSide, long keptRevision, long lostRevision, RecordKey savedAs) {

    /**
     * Checks the components.
     *
     * @param key the record
     * @param keptSide the kept side
     * @param keptRevision the kept revision
     * @param lostRevision the lost revision
     * @param savedAs where the loser is
     */
    public SyncConflict {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(keptSide, "keptSide");
      Objects.requireNonNull(savedAs, "savedAs");
    }
  }
}
