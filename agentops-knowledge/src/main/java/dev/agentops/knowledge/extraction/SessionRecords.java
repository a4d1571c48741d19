package dev.agentops.knowledge.extraction;

import dev.agentops.knowledge.failure.FailureRecord;
import dev.agentops.knowledge.failure.FailureRecords;
import dev.agentops.store.JsonCodec;
import dev.agentops.store.RecordCodec;
import dev.agentops.store.Records;
import dev.agentops.store.Store;
import dev.agentops.store.Versioned;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where session records are kept: the {@value #COLLECTION} collection of a {@link Store}, one JSON
 * record per session ({@code sessions/<id>.json} in a git store). Saving a session also stores each
 * of its failures in the {@value FailureRecords#COLLECTION} collection, in the same commit, so that
 * recurring failures are found across sessions.
 *
 * <p>Thread-safe if the store is.
 *
 * @since 0.1.0
 */
public final class SessionRecords {

  /** The collection session records are kept in. */
  public static final String COLLECTION = "sessions";

  /** The schema version of session records this version writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  private static final RecordCodec<SessionRecord> CODEC =
      JsonCodec.of(SessionRecord.class, SCHEMA_VERSION);

  private final Records<SessionRecord> records;
  private final Records<FailureRecord> failures;

  private SessionRecords(Store store) {
    this.records = Records.of(store, COLLECTION, CODEC, SessionRecord::id);
    this.failures = FailureRecords.of(store);
  }

  /**
   * Returns the session records of a store.
   *
   * @param store the store
   * @return the repository
   */
  public static SessionRecords of(Store store) {
    return new SessionRecords(Objects.requireNonNull(store, "store"));
  }

  /**
   * Returns the codec session records are written with.
   *
   * @return a JSON codec
   */
  public static RecordCodec<SessionRecord> codec() {
    return CODEC;
  }

  /**
   * Saves a new session record and its failures, in one commit.
   *
   * @param session the record
   * @return committed, or a conflict if the session or one of its failures exists
   * @throws dev.agentops.store.StoreException if the store cannot write
   */
  public WriteResult save(SessionRecord session) {
    Objects.requireNonNull(session, "session");
    WriteBatch.Builder batch = WriteBatch.builder();
    records.addCreate(batch, session);
    for (FailureRecord f : session.failures()) {
      failures.addCreate(batch, f);
    }
    return records.store().write(batch.build());
  }

  /**
   * Records the learnings kept from a session.
   *
   * @param current the session record as read
   * @param learningIds the learnings' ids
   * @return committed, or a conflict if the record changed since it was read
   */
  public WriteResult updateLearnings(Versioned<SessionRecord> current, List<String> learningIds) {
    Objects.requireNonNull(current, "current");
    return records.update(current, current.value().withLearnings(learningIds));
  }

  /**
   * Reads a session record.
   *
   * @param id the session's id
   * @return the record and its revision, if stored
   */
  public Optional<Versioned<SessionRecord>> find(String id) {
    return records.get(Objects.requireNonNull(id, "id"));
  }

  /**
   * Returns the typed view of the collection.
   *
   * @return the records
   */
  public Records<SessionRecord> records() {
    return records;
  }
}
