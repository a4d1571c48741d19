package dev.agentops.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What became of a {@link WriteBatch}: committed, or refused because a record was not in the
 * expected state. Like JGit's ref updates, the expected outcomes are values; a store that cannot
 * write at all throws {@link StoreException}.
 *
 * @since 0.1.0
 */
public sealed interface WriteResult permits WriteResult.Committed, WriteResult.Conflict {

  /**
   * Tells whether the batch was written.
   *
   * @return {@code true} for {@link Committed}
   */
  boolean committed();

  /**
   * The batch is in the store: in git, it is in a commit on the store's branch.
   *
   * @param commitId the commit that holds it (for an in-memory store, a synthetic id)
   * @param revisions the new revision of every record put, and 0 for every record deleted
   * @param hygiene what was redacted or normalized before anything was written
   * @since 0.1.0
   */
  record Committed(String commitId, Map<RecordKey, Long> revisions, List<HygieneFinding> hygiene)
      implements WriteResult {

    /**
     * Checks and copies the components.
     *
     * @param commitId the commit
     * @param revisions the new revisions
     * @param hygiene the hygiene findings
     */
    public Committed {
      Objects.requireNonNull(commitId, "commitId");
      revisions = Map.copyOf(revisions);
      hygiene = List.copyOf(hygiene);
    }

    @Override
    public boolean committed() {
      return true;
    }

    /**
     * Returns the new revision of a record the batch put.
     *
     * @param key the key
     * @return the revision
     * @throws IllegalArgumentException if the batch did not write the key
     */
    public long revision(RecordKey key) {
      Long r = revisions.get(key);
      if (r == null) {
        throw new IllegalArgumentException("the batch did not write " + key);
      }
      return r;
    }
  }

  /**
   * Nothing was written: at least one record was not in the state the batch expected.
   *
   * @param mismatches every expectation that failed
   * @since 0.1.0
   */
  record Conflict(List<Mismatch> mismatches) implements WriteResult {

    /**
     * Checks and copies the mismatches.
     *
     * @param mismatches the failed expectations, at least one
     */
    public Conflict {
      mismatches = List.copyOf(mismatches);
      if (mismatches.isEmpty()) {
        throw new IllegalArgumentException("a conflict needs at least one mismatch");
      }
    }

    @Override
    public boolean committed() {
      return false;
    }
  }

  /**
   * One failed expectation.
   *
   * @param key the record
   * @param expected what the batch expected
   * @param actualRevision the record's revision, 0 if it does not exist
   * @since 0.1.0
   */
  record Mismatch(RecordKey key, Expect expected, long actualRevision) {

    /**
     * Checks the components.
     *
     * @param key the record
     * @param expected the expectation
     * @param actualRevision the actual revision
     */
    public Mismatch {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(expected, "expected");
    }

    @Override
    public String toString() {
      return key
          + ": expected "
          + expected
          + " but "
          + (actualRevision == 0 ? "it does not exist" : "it is at revision " + actualRevision);
    }
  }
}
