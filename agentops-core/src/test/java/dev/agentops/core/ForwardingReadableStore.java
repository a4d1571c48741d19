package dev.agentops.core;

import dev.agentops.store.LogScan;
import dev.agentops.store.ReadableStore;
import dev.agentops.store.RecordKey;
import dev.agentops.store.ScanResult;
import dev.agentops.store.StoredRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A view of the store SPI that forwards every call to another, for tests that wrap a real store to
 * observe or stage what its caller does (override what the test is about).
 */
public class ForwardingReadableStore implements ReadableStore {

  private final ReadableStore delegate;

  public ForwardingReadableStore(ReadableStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public Optional<StoredRecord> read(RecordKey key) {
    return delegate.read(key);
  }

  @Override
  public List<String> ids(String collection) {
    return delegate.ids(collection);
  }

  @Override
  public ScanResult scan(String collection) {
    return delegate.scan(collection);
  }

  @Override
  public List<String> collections() {
    return delegate.collections();
  }

  @Override
  public LogScan scanLog(String log) {
    return delegate.scanLog(log);
  }

  @Override
  public Optional<String> contentId(String collection) {
    return delegate.contentId(collection);
  }

  @Override
  public Optional<Set<String>> changedIds(String collection, String since) {
    return delegate.changedIds(collection, since);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
