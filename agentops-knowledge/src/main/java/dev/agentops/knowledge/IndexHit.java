package dev.agentops.knowledge;

import dev.agentops.store.RecordKey;

/**
 * A learning a {@link KnowledgeIndex} found, with how well it matched.
 *
 * @param id the learning's id
 * @param score the index's relevance score (BM25 for {@link LuceneKnowledgeIndex}): positive,
 *     comparable only within one search
 * @since 0.1.0
 */
public record IndexHit(String id, double score) {

  /**
   * Checks the components.
   *
   * @param id the id
   * @param score the score
   * @throws IllegalArgumentException if the score is negative or not a number
   */
  public IndexHit {
    RecordKey.checkId(id);
    if (!(score >= 0)) {
      throw new IllegalArgumentException(
          "score of hit '" + id + "' must be >= 0, but was " + score);
    }
  }
}
