package dev.agentops.core;

import dev.agentops.store.ReadableStore;
import dev.agentops.store.RecordKey;
import dev.agentops.store.RecordVersion;
import dev.agentops.store.Store;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.util.List;
import java.util.Optional;

/**
 * The store SPI forwarding every call to another store, for tests: a fake of our own SPI that a
 * test subclasses to count or to stage a race for the caller it tests, never a stand-in for the
 * store itself. {@link #close()} closes the delegate; a test that closes the real store itself
 * overrides it.
 */
public class ForwardingStore extends ForwardingReadableStore implements Store {

  private final Store delegate;

  public ForwardingStore(Store delegate) {
    super(delegate);
    this.delegate = delegate;
  }

  @Override
  public WriteResult write(WriteBatch batch) {
    return delegate.write(batch);
  }

  @Override
  public List<RecordVersion> history(RecordKey key) {
    return delegate.history(key);
  }

  @Override
  public ReadableStore at(String commitId) {
    return delegate.at(commitId);
  }

  @Override
  public Optional<String> head() {
    return delegate.head();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
