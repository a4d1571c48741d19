package dev.agentops.knowledge;

import java.util.Objects;

/**
 * A learning retrieval found for a task, with the factors of its rank (Factor VIII: retrieval ranks
 * by relevance × freshness × utility, weighted by maturity).
 *
 * @param learning the learning
 * @param relevance its index score over the best hit's, from 0 to 1
 * @param freshness its freshness ({@link DecayPolicy})
 * @param utility its utility
 * @param weight its maturity's weight
 * @param score relevance × freshness × utility × weight
 * @since 0.1.0
 */
public record RetrievedLearning(
    Learning learning,
    double relevance,
    double freshness,
    double utility,
    double weight,
    double score) {

  /**
   * Checks the components.
   *
   * @param learning the learning
   * @param relevance the relevance
   * @param freshness the freshness
   * @param utility the utility
   * @param weight the weight
   * @param score the score
   */
  public RetrievedLearning {
    Objects.requireNonNull(learning, "learning");
  }

  /**
   * Ranks a learning.
   *
   * @param learning the learning
   * @param relevance its relevance, from 0 to 1
   * @param freshness its freshness
   * @return the ranked learning, its utility and weight taken from it
   */
  public static RetrievedLearning rank(Learning learning, double relevance, double freshness) {
    double weight = learning.maturity().weight();
    return new RetrievedLearning(
        learning,
        relevance,
        freshness,
        learning.utility(),
        weight,
        relevance * freshness * learning.utility() * weight);
  }

  /**
   * Tells whether it is injected as a known failure: negative knowledge, or a learning found
   * harmful.
   *
   * @return {@code true} for anti-patterns and failures, and for learnings of anti-pattern maturity
   */
  public boolean knownFailure() {
    return learning.kind().negative() || learning.maturity() == Maturity.ANTI_PATTERN;
  }
}
