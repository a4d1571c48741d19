package dev.agentops.store;

import java.util.List;
import java.util.Optional;

/**
 * The persistence SPI every AgentOps record goes through (Factor II): typed collections of records
 * keyed by id, atomic batch writes with compare-and-swap on each record's revision, append-only
 * logs, the history of each record, and read-only views as of any commit.
 *
 * <h2>Contract for implementers</h2>
 *
 * <ul>
 *   <li><b>Atomicity.</b> {@link #write(WriteBatch)} applies all of a batch or none of it. When it
 *       returns {@link WriteResult.Committed}, the batch is durable: for a git store, in a commit
 *       reachable from the store's ref.
 *   <li><b>Compare-and-swap.</b> A put or delete whose {@link Expect} does not hold makes the whole
 *       batch a {@link WriteResult.Conflict}; nothing is written. Revisions start at 1 and grow by
 *       one per write of a record.
 *   <li><b>Hygiene.</b> Before anything is written, secrets are redacted and absolute paths are
 *       made relative or home-relative; what was changed is reported in the result.
 *   <li><b>Threading.</b> Implementations are thread-safe; concurrent writers see each batch
 *       applied atomically and in some order.
 *   <li><b>Failures.</b> A store that cannot read or write raises {@link StoreException}; a bad
 *       argument raises {@link IllegalArgumentException}. Messages never contain record content.
 * </ul>
 *
 * <p>{@code agentops-testkit} has a contract test base that every implementation should pass;
 * {@link GitStore} and {@link InMemoryStore} do.
 *
 * @since 0.1.0
 */
public interface Store extends ReadableStore, AutoCloseable {

  /**
   * Writes a batch atomically.
   *
   * @param batch the writes
   * @return committed, with the new revisions, or a conflict listing every failed expectation
   * @throws StoreException if the store cannot write
   */
  WriteResult write(WriteBatch batch);

  /**
   * Returns every version of a record, newest first: each commit that wrote or deleted it.
   *
   * @param key the record's key
   * @return the versions; empty if the record was never written
   */
  List<RecordVersion> history(RecordKey key);

  /**
   * Returns a read-only view of the store as of a commit.
   *
   * @param commitId a commit of this store (an id from {@link WriteResult.Committed} or {@link
   *     #head()})
   * @return the view
   * @throws IllegalArgumentException if the commit is not known to this store
   */
  ReadableStore at(String commitId);

  /**
   * Returns the commit the store's current state is.
   *
   * @return the commit id, or empty if nothing was ever written
   */
  Optional<String> head();

  /** Releases the store's resources. Writes already committed stay committed. */
  @Override
  void close();
}
