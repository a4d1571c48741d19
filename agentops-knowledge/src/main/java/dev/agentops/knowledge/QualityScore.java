package dev.agentops.knowledge;

import java.util.List;
import java.util.Objects;

/**
 * A candidate learning's marks on the {@link QualityRubric}: each dimension from 0 to 1, the
 * weighted total, the tier it puts the learning in, and any structural defects (which force the
 * tier to {@link Tier#DISCARD}).
 *
 * @param specificity how concrete it is
 * @param actionability whether it says what to do and when
 * @param novelty how different it is from what the knowledge base already holds
 * @param context whether its rationale, situation, applicability, tags and source are known
 * @param confidence its author's confidence
 * @param total the weighted sum of the dimensions
 * @param tier the tier: by the total, or {@link Tier#DISCARD} if there are defects
 * @param defects the structural defects found, in the order of {@link QualityDefect}
 * @since 0.1.0
 */
public record QualityScore(
    double specificity,
    double actionability,
    double novelty,
    double context,
    double confidence,
    double total,
    Tier tier,
    List<QualityDefect> defects) {

  /**
   * Checks the components.
   *
   * @param specificity the specificity
   * @param actionability the actionability
   * @param novelty the novelty
   * @param context the context
   * @param confidence the confidence
   * @param total the total
   * @param tier the tier
   * @param defects the defects
   * @throws IllegalArgumentException if a mark is outside 0 to 1, or a defective score is not a
   *     discard
   */
  public QualityScore {
    check("specificity", specificity);
    check("actionability", actionability);
    check("novelty", novelty);
    check("context", context);
    check("confidence", confidence);
    check("total", total);
    Objects.requireNonNull(tier, "tier");
    defects = List.copyOf(defects);
    if (!defects.isEmpty() && tier != Tier.DISCARD) {
      throw new IllegalArgumentException(
          "a score with defects " + defects + " must be a discard, but was " + tier);
    }
  }

  /**
   * Tells whether the learning is kept.
   *
   * @return {@code true} unless the tier is {@link Tier#DISCARD}
   */
  public boolean kept() {
    return tier.kept();
  }

  private static void check(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be from 0 to 1, but was " + value);
    }
  }
}
