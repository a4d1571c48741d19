package dev.agentops.knowledge;

import java.util.List;
import java.util.Objects;

/**
 * What the {@link QualityGate} decided about a candidate learning: accepted as a new learning,
 * merged into the near-duplicate already kept, kept in place of a near-duplicate it states better,
 * or discarded with the reasons. Near-duplicates are merged or superseded, never stacked.
 *
 * <p>Java 17 has no pattern {@code switch}; use {@link #kind()} or {@code instanceof}:
 *
 * <pre>{@code
 * GateDecision d = gate.evaluate(candidate);
 * if (d instanceof GateDecision.Discarded x) {
 *   log.info("not kept: {}", x.reasons());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface GateDecision
    permits GateDecision.Accepted,
        GateDecision.Merged,
        GateDecision.Superseded,
        GateDecision.Discarded {

  /** The kinds of decision. */
  enum Kind {
    /** Kept as a new learning. */
    ACCEPTED,
    /** Folded into the near-duplicate already kept. */
    MERGED,
    /** Kept, replacing a near-duplicate it states better (or a retired one). */
    SUPERSEDED,
    /** Not kept. */
    DISCARDED
  }

  /**
   * Returns the kind of decision.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Returns the candidate as offered.
   *
   * @return the candidate
   */
  Learning candidate();

  /**
   * Returns the candidate's score.
   *
   * @return the score
   */
  QualityScore score();

  /**
   * The candidate is kept as a new learning: active if gold or silver, pending if bronze.
   *
   * @param candidate the candidate as offered
   * @param score its score
   * @param learning the learning to keep: the candidate with its tier, score and status
   * @since 0.1.0
   */
  record Accepted(Learning candidate, QualityScore score, Learning learning)
      implements GateDecision {

    /**
     * Checks the components.
     *
     * @param candidate the candidate
     * @param score the score
     * @param learning the learning to keep
     */
    public Accepted {
      Objects.requireNonNull(candidate, "candidate");
      Objects.requireNonNull(score, "score");
      Objects.requireNonNull(learning, "learning");
    }

    @Override
    public Kind kind() {
      return Kind.ACCEPTED;
    }
  }

  /**
   * The candidate repeats a kept learning without stating it better: what it adds (tags, a missing
   * rationale, situation or applicability, a higher confidence) is folded into that learning.
   *
   * @param candidate the candidate as offered
   * @param score its score
   * @param into the kept learning with the candidate folded in
   * @param similarity how similar the two are, from 0 to 1
   * @since 0.1.0
   */
  record Merged(Learning candidate, QualityScore score, Learning into, double similarity)
      implements GateDecision {

    /**
     * Checks the components.
     *
     * @param candidate the candidate
     * @param score the score
     * @param into the merged learning
     * @param similarity the similarity
     */
    public Merged {
      Objects.requireNonNull(candidate, "candidate");
      Objects.requireNonNull(score, "score");
      Objects.requireNonNull(into, "into");
    }

    @Override
    public Kind kind() {
      return Kind.MERGED;
    }
  }

  /**
   * The candidate states a kept learning better (or revives a retired one): it is kept, and the
   * other is retired, pointing to it. A live learning's citations, utility and maturity carry over.
   *
   * @param candidate the candidate as offered
   * @param score its score, with novelty measured without the learning it replaces
   * @param learning the learning to keep
   * @param replaced the replaced learning, retired and pointing to the new one
   * @param similarity how similar the two are, from 0 to 1
   * @since 0.1.0
   */
  record Superseded(
      Learning candidate,
      QualityScore score,
      Learning learning,
      Learning replaced,
      double similarity)
      implements GateDecision {

    /**
     * Checks the components.
     *
     * @param candidate the candidate
     * @param score the score
     * @param learning the learning to keep
     * @param replaced the replaced learning
     * @param similarity the similarity
     */
    public Superseded {
      Objects.requireNonNull(candidate, "candidate");
      Objects.requireNonNull(score, "score");
      Objects.requireNonNull(learning, "learning");
      Objects.requireNonNull(replaced, "replaced");
    }

    @Override
    public Kind kind() {
      return Kind.SUPERSEDED;
    }
  }

  /**
   * The candidate is not kept.
   *
   * @param candidate the candidate as offered
   * @param score its score
   * @param reasons why, in words: its defects, a total below the bronze bound, or a duplicate of a
   *     tombstoned learning
   * @since 0.1.0
   */
  record Discarded(Learning candidate, QualityScore score, List<String> reasons)
      implements GateDecision {

    /**
     * Checks and copies the components.
     *
     * @param candidate the candidate
     * @param score the score
     * @param reasons the reasons, at least one
     */
    public Discarded {
      Objects.requireNonNull(candidate, "candidate");
      Objects.requireNonNull(score, "score");
      reasons = List.copyOf(reasons);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException(
            "a discard of '" + candidate.id() + "' needs at least one reason");
      }
    }

    @Override
    public Kind kind() {
      return Kind.DISCARDED;
    }
  }
}
