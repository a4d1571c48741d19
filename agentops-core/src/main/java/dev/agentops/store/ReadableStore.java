package dev.agentops.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

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
   * <p>An implementation may read a large collection's records on several threads, those of the
   * common {@link java.util.concurrent.ForkJoinPool} as well as the caller's ({@link GitStore} does
   * from 2,048 records on); the result is the same as on one thread.
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
   * when the collection holds the same records with the same text, and different tokens whenever
   * anything in the collection's folder changed (a record, but also a stray or quarantined file, or
   * a record rewritten in another format). Caches of a collection (a search index) use it to tell,
   * without reading a record, that they are still in step. The default knows none: such a store's
   * caches check record by record.
   *
   * @param collection the collection
   * @return the token ({@link GitStore}: the id of the collection's git tree), or empty if this
   *     store cannot name content
   * @since 0.1.0
   */
  default Optional<String> contentId(String collection) {
    return Optional.empty();
  }

  /**
   * Returns the ids of a collection's records that differ between an earlier state of it, named by
   * its {@link #contentId(String) content id}, and this one: added, changed or removed. A cache
   * that knows the state it reflects uses it to catch up, or to tell whether anything besides its
   * own writes changed. The default knows none.
   *
   * @param collection the collection
   * @param since a content id this store gave for the collection earlier
   * @return the ids, possibly none; or empty if this store cannot tell (no content ids, or the
   *     earlier state is unknown to it)
   * @since 0.1.0
   */
  default Optional<Set<String>> changedIds(String collection, String since) {
    return Optional.empty();
  }
}
