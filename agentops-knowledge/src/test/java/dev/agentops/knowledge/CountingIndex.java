package dev.agentops.knowledge;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Our own index SPI, delegating to a real index and counting rebuilds, to test its caller. */
class CountingIndex implements KnowledgeIndex {

  final KnowledgeIndex delegate;
  int clears;

  CountingIndex(KnowledgeIndex delegate) {
    this.delegate = delegate;
  }

  @Override
  public void upsert(Collection<Learning> learnings) {
    delegate.upsert(learnings);
  }

  @Override
  public void remove(Collection<String> ids) {
    delegate.remove(ids);
  }

  @Override
  public List<IndexHit> search(IndexQuery query) {
    return delegate.search(query);
  }

  @Override
  public Optional<List<IndexHit>> similar(String text, int limit) {
    return delegate.similar(text, limit);
  }

  @Override
  public void clear() {
    clears++;
    delegate.clear();
  }

  @Override
  public void markSynced(String state) {
    delegate.markSynced(state);
  }

  @Override
  public Optional<String> syncedTo() {
    return delegate.syncedTo();
  }

  @Override
  public Optional<List<String>> ids() {
    return delegate.ids();
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
