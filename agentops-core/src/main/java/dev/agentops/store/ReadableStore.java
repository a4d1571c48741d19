package dev.agentops.store;

import java.util.List;
import java.util.Optional;

/**
 * Reading records and logs: a store's current state, or a read-only view of it as of a commit.
 *
 * <p>Implementations are thread-safe. Results are snapshots: a later write does not change a list
 * already returned.
 *
 * @since 0.1.0
 */
public interface ReadableStore {

  /**
   * Reads a record.
   *
   * @param key the record's key
   * @return the record, if it exists
   * @throws StoreException if it exists but cannot be read
   */
  Optional<StoredRecord> read(RecordKey key);

  /**
   * Lists the ids in a collection.
   *
   * @param collection the collection
   * @return the ids, sorted; empty if the collection has no records
   */
  List<String> ids(String collection);

  /**
   * Reads every record of a collection. Files that cannot be read as records are reported, not
   * thrown: one bad record never hides the others.
   *
   * @param collection the collection
   * @return the records and the quarantined files
   */
  ScanResult scan(String collection);

  /**
   * Lists the collections that hold at least one record.
   *
   * @return the collection names, sorted
   */
  List<String> collections();

  /**
   * Reads a log: every writer's shards, month by month, each shard's lines in the order they were
   * appended. Lines that cannot be read are skipped; {@link #scanLog(String)} reports them.
   *
   * @param log the log's name
   * @return the entries; empty if the log has none
   */
  default List<LogEntry> log(String log) {
    return scanLog(log).entries();
  }

  /**
   * Reads a log, as {@link #log(String)} does, and reports what could not be read (a line that is
   * not valid UTF-8 or is over the size limit, a shard whose path is not a log shard's) instead of
   * failing: one bad line never hides the others.
   *
   * @param log the log's name
   * @return the entries and the quarantined lines and shards
   */
  LogScan scanLog(String log);

  /**
   * Returns a token naming the content of a collection: two states of the store give equal tokens
   * when, and only when, the collection holds the same records with the same text. Caches of a
   * collection (a search index) use it to tell, without reading a record, that they are still in
   * step. The default knows none: such a store's caches check record by record.
   *
   * @param collection the collection
   * @return the token ({@link GitStore}: the id of the collection's git tree), or empty if this
   *     store cannot name content
   * @since 0.1.0
   */
  default Optional<String> contentId(String collection) {
    return Optional.empty();
  }
}
