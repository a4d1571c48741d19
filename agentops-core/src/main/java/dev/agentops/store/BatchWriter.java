package dev.agentops.store;

/**
 * Something that writes batches: a {@link Store} itself, or a store writing through a shared remote
 * ({@link GitStore#through(String)}), where every batch is checked against and published to the
 * remote atomically.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface BatchWriter {

  /**
   * Writes a batch atomically.
   *
   * @param batch the writes
   * @return committed, or a conflict listing every failed expectation
   * @throws StoreException if the batch cannot be written
   */
  WriteResult write(WriteBatch batch);
}
