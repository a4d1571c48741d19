package dev.agentops.knowledge;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The search index over learnings (Factor VIII): a local, rebuildable cache of the store's {@value
 * KnowledgeRecords#LEARNINGS} collection, never the source of truth. {@link LuceneKnowledgeIndex}
 * is the built-in implementation.
 *
 * <h2>Contract for implementers</h2>
 *
 * <ul>
 *   <li><b>Visibility.</b> A learning added or removed is visible to every search that starts after
 *       the call returns (read your writes); what is not yet made durable may be lost in a crash,
 *       which is why the index records which store state it reflects ({@link #syncedTo()}) and is
 *       rebuilt when that does not match.
 *   <li><b>Idempotency.</b> Adding a learning replaces any learning with the same id; removing an
 *       id that is not there does nothing.
 *   <li><b>Threading.</b> Implementations are thread-safe: searches run concurrently with each
 *       other and with updates.
 *   <li><b>Nullness.</b> No argument or result is {@code null}; a search with no match returns an
 *       empty list.
 *   <li><b>Failures.</b> An index that cannot read or write raises {@link KnowledgeIndexException};
 *       the caller may rebuild it from the store.
 * </ul>
 *
 * @since 0.1.0
 */
public interface KnowledgeIndex extends AutoCloseable {

  /**
   * Adds learnings, replacing those with the same ids.
   *
   * @param learnings the learnings
   * @throws KnowledgeIndexException if the index cannot be written
   */
  void upsert(Collection<Learning> learnings);

  /**
   * Removes learnings.
   *
   * @param ids their ids
   * @throws KnowledgeIndexException if the index cannot be written
   */
  void remove(Collection<String> ids);

  /**
   * Searches: the learnings that match the text and the filters, best first.
   *
   * @param query the query
   * @return at most {@code query.limit()} hits, best first
   * @throws KnowledgeIndexException if the index cannot be read
   */
  List<IndexHit> search(IndexQuery query);

  /**
   * Finds the learnings whose title and lesson are most similar to a text, for the quality gate's
   * near-duplicates and novelty: the similarity is the Jaccard similarity of the distinct terms of
   * the text and of the learning's {@code title + "\n" + what}, as the index analyzes text, the
   * first {@value dev.agentops.knowledge.internal.Analysis#MAX_COMPARED_TERMS} of each counted.
   * Learnings of every status are compared; those sharing no term are not returned.
   *
   * <p>The default returns empty, meaning the index cannot tell: {@link QualityGate} then searches
   * with the text and compares the hits itself, which finds the similar learnings among the
   * search's best hits only.
   *
   * @param text the text, a candidate's title and lesson joined by a line break
   * @param limit how many learnings to return at most, at least 1
   * @return the most similar learnings, most similar first, each with its similarity (over 0, at
   *     most 1) as its score; or empty if the index cannot tell
   * @throws IllegalArgumentException if the limit is below 1
   * @throws KnowledgeIndexException if the index cannot be read
   * @since 0.1.0
   */
  default Optional<List<IndexHit>> similar(String text, int limit) {
    Objects.requireNonNull(text, "text");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, but was " + limit);
    }
    return Optional.empty();
  }

  /**
   * Removes every learning.
   *
   * @throws KnowledgeIndexException if the index cannot be written
   */
  void clear();

  /**
   * Adds a learning, replacing any with the same id.
   *
   * @param learning the learning
   */
  default void upsert(Learning learning) {
    upsert(List.of(learning));
  }

  /**
   * Replaces everything the index holds with these learnings, and records the store state they are.
   *
   * @param learnings every learning of the store
   * @param state a token naming the store state they were read at, as for {@link
   *     #markSynced(String)}, or empty to record none
   */
  default void rebuild(Collection<Learning> learnings, Optional<String> state) {
    clear();
    upsert(learnings);
    state.ifPresent(this::markSynced);
  }

  /**
   * Records that the index reflects a store state, durably if the index is persistent; any update
   * afterwards clears the record. The token is opaque to the index: {@link KnowledgeFlywheel} uses
   * the store's content id of the learnings, their count, and a digest of every learning's id and
   * revision. The default keeps nothing: such an index is rebuilt whenever it is opened.
   *
   * @param state a token naming the store state
   */
  default void markSynced(String state) {}

  /**
   * Returns the store state the index last recorded that it reflects, unless updated since.
   *
   * @return the token, or empty if none is recorded
   */
  default Optional<String> syncedTo() {
    return Optional.empty();
  }

  /**
   * Returns the id of every learning the index holds, if the index can list them; {@link
   * KnowledgeFlywheel} opens on these ids without reading the learnings when the index reflects the
   * store. The default lists none: such an index's flywheel reads every learning when it opens.
   *
   * @return the ids, in no particular order, or empty if the index cannot list them
   * @throws KnowledgeIndexException if the index cannot be read
   * @since 0.1.0
   */
  default Optional<List<String>> ids() {
    return Optional.empty();
  }

  /**
   * Returns how many learnings the index holds.
   *
   * @return the count
   */
  int size();

  /** Makes what was written durable, if the index is persistent, and releases its resources. */
  @Override
  default void close() {}
}
