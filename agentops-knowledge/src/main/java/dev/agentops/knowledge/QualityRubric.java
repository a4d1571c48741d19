package dev.agentops.knowledge;

import dev.agentops.knowledge.internal.TextSignals;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How candidate learnings are scored before they enter the knowledge base (Factor VIII: learnings
 * pass quality gates). Five dimensions, each from 0 to 1, weighted as in the reference
 * implementation: specificity 0.30, actionability 0.25, novelty 0.20, context 0.15, confidence
 * 0.10. The total puts a learning in a tier: gold above 0.85, silver from 0.70, bronze from 0.50,
 * discard below. A candidate with a {@link QualityDefect} is a discard whatever its total.
 *
 * <p>Every dimension is a deterministic function of the learning's text and fields, so a score can
 * be recomputed and explained:
 *
 * <ul>
 *   <li><b>specificity</b> = clamp(0.4 × length + 0.6 × concreteness − 0.15 × vague, 0, 1), where
 *       <em>length</em> is 1 for 8 to 150 words of {@code what} (words / 8 below, 150 / words
 *       above, at least 0.3), <em>concreteness</em> is min(1, distinct concrete tokens / 4) over
 *       what and why (numbers, code spans, dotted, slashed, snake or camel case identifiers, flags,
 *       acronyms, and capitalized words that do not open a sentence), and <em>vague</em> counts
 *       phrases such as "things", "stuff", "be careful", "it depends", "learned about";
 *   <li><b>actionability</b> = 0.6 × directive + 0.4 × condition: <em>directive</em> is 1 when the
 *       title or a sentence of what opens with an imperative verb ("Use", "Pin", "Avoid", …) or
 *       says should, must, always, never, don't, prefer, instead of, rather than, ensure; for
 *       anti-patterns and failures, also when it says what fails ("fails", "breaks", "lost", …);
 *       for decisions, also when it has a rationale. <em>condition</em> is 1 when what or why
 *       states one (when, if, unless, before, after, once, until, while, during) or the
 *       applicability has a condition;
 *   <li><b>novelty</b> = 1 − the highest similarity to a learning already kept (Jaccard over the
 *       index's analyzed terms of title and what), computed by {@link QualityGate};
 *   <li><b>context</b> = 0.30 if why is given + 0.15 if context is given + 0.15 if the
 *       applicability is known + 0.15 if it has tags + 0.25 if its source is known;
 *   <li><b>confidence</b> = the author's {@link Learning#confidence()}.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class QualityRubric {

  private static final QualityRubric DEFAULTS = new Builder().build();

  private final double specificityWeight;
  private final double actionabilityWeight;
  private final double noveltyWeight;
  private final double contextWeight;
  private final double confidenceWeight;
  private final double goldAbove;
  private final double silverFrom;
  private final double bronzeFrom;
  private final double duplicateSimilarity;
  private final double negativeDuplicateSimilarity;
  private final int neighbours;
  private final double supersedeMargin;
  private final int minWords;
  private final int maxWords;

  private QualityRubric(Builder b) {
    this.specificityWeight = b.specificityWeight;
    this.actionabilityWeight = b.actionabilityWeight;
    this.noveltyWeight = b.noveltyWeight;
    this.contextWeight = b.contextWeight;
    this.confidenceWeight = b.confidenceWeight;
    this.goldAbove = b.goldAbove;
    this.silverFrom = b.silverFrom;
    this.bronzeFrom = b.bronzeFrom;
    this.duplicateSimilarity = b.duplicateSimilarity;
    this.negativeDuplicateSimilarity = b.negativeDuplicateSimilarity;
    this.neighbours = b.neighbours;
    this.supersedeMargin = b.supersedeMargin;
    this.minWords = b.minWords;
    this.maxWords = b.maxWords;
  }

  /**
   * Returns the reference rubric: weights 0.30 / 0.25 / 0.20 / 0.15 / 0.10; gold above 0.85, silver
   * from 0.70, bronze from 0.50; near-duplicates at similarity 0.6; a replacement must score 0.05
   * better than what it replaces; 6 to 300 words.
   *
   * @return the defaults
   */
  public static QualityRubric defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a rubric from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this rubric's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.specificityWeight = specificityWeight;
    b.actionabilityWeight = actionabilityWeight;
    b.noveltyWeight = noveltyWeight;
    b.contextWeight = contextWeight;
    b.confidenceWeight = confidenceWeight;
    b.goldAbove = goldAbove;
    b.silverFrom = silverFrom;
    b.bronzeFrom = bronzeFrom;
    b.duplicateSimilarity = duplicateSimilarity;
    b.negativeDuplicateSimilarity = negativeDuplicateSimilarity;
    b.neighbours = neighbours;
    b.supersedeMargin = supersedeMargin;
    b.minWords = minWords;
    b.maxWords = maxWords;
    return b;
  }

  /**
   * Scores a learning.
   *
   * @param learning the candidate
   * @param novelty its novelty, from 0 to 1, as {@link QualityGate} measures it
   * @return the score
   */
  public QualityScore score(Learning learning, double novelty) {
    Objects.requireNonNull(learning, "learning");
    if (!(novelty >= 0.0 && novelty <= 1.0)) {
      throw new IllegalArgumentException("novelty must be from 0 to 1, but was " + novelty);
    }
    double s = specificity(learning);
    double a = actionability(learning);
    double c = context(learning);
    double f = learning.confidence();
    double total =
        clamp(
            specificityWeight * s
                + actionabilityWeight * a
                + noveltyWeight * novelty
                + contextWeight * c
                + confidenceWeight * f);
    List<QualityDefect> defects = defects(learning);
    return new QualityScore(
        s, a, novelty, c, f, total, defects.isEmpty() ? tierOf(total) : Tier.DISCARD, defects);
  }

  /**
   * Returns a learning's merit: its score without novelty, scaled back to 0 to 1. Of two
   * near-duplicates, the one with more merit is the better statement of the same lesson.
   *
   * @param learning the learning
   * @return the merit
   */
  public double merit(Learning learning) {
    double rest = 1.0 - noveltyWeight;
    if (rest <= 0) {
      return 0.0;
    }
    return clamp(
        (specificityWeight * specificity(learning)
                + actionabilityWeight * actionability(learning)
                + contextWeight * context(learning)
                + confidenceWeight * learning.confidence())
            / rest);
  }

  /**
   * Returns the tier a total puts a learning in.
   *
   * @param total the total, from 0 to 1
   * @return gold above the gold bound, silver from the silver bound, bronze from the bronze bound,
   *     discard below
   */
  public Tier tierOf(double total) {
    if (total > goldAbove) {
      return Tier.GOLD;
    } else if (total >= silverFrom) {
      return Tier.SILVER;
    } else if (total >= bronzeFrom) {
      return Tier.BRONZE;
    }
    return Tier.DISCARD;
  }

  /**
   * Scores specificity: clamp(0.4 × length + 0.6 × concreteness − 0.15 × vague, 0, 1), as the class
   * documentation defines.
   *
   * @param learning the learning
   * @return the mark, from 0 to 1
   */
  public double specificity(Learning learning) {
    int words = TextSignals.words(learning.what());
    double length;
    if (words < 8) {
      length = words / 8.0;
    } else if (words <= 150) {
      length = 1.0;
    } else {
      length = Math.max(0.3, 150.0 / words);
    }
    String body = learning.what() + "\n" + learning.why();
    double concreteness = Math.min(1.0, TextSignals.concreteTokens(body).size() / 4.0);
    int vague = TextSignals.vaguePhrases(learning.what());
    return clamp(0.4 * length + 0.6 * concreteness - 0.15 * vague);
  }

  /**
   * Scores actionability: 0.6 × directive + 0.4 × condition, as the class documentation defines.
   *
   * @param learning the learning
   * @return the mark, from 0 to 1
   */
  public double actionability(Learning learning) {
    boolean directive =
        TextSignals.directive(learning.title()) || TextSignals.directive(learning.what());
    if (!directive && learning.kind().negative()) {
      directive =
          TextSignals.failureStatement(learning.title())
              || TextSignals.failureStatement(learning.what());
    }
    if (!directive && learning.kind() == LearningKind.DECISION) {
      directive = !learning.why().isEmpty();
    }
    boolean condition =
        !learning.applicability().when().isEmpty()
            || TextSignals.condition(learning.what())
            || TextSignals.condition(learning.why());
    return (directive ? 0.6 : 0.0) + (condition ? 0.4 : 0.0);
  }

  /**
   * Scores context: 0.30 for a rationale, 0.15 for a situation, 0.15 for a known applicability,
   * 0.15 for tags, 0.25 for a known source.
   *
   * @param learning the learning
   * @return the mark, from 0 to 1
   */
  public double context(Learning learning) {
    double c = 0;
    c += learning.why().isEmpty() ? 0 : 0.30;
    c += learning.context().isEmpty() ? 0 : 0.15;
    c += learning.applicability().known() ? 0.15 : 0;
    c += learning.tags().isEmpty() ? 0 : 0.15;
    c += learning.source().known() ? 0.25 : 0;
    return clamp(c);
  }

  /**
   * Lists a learning's structural defects (see {@link QualityDefect}).
   *
   * @param learning the learning
   * @return the defects, in the order of {@link QualityDefect}; empty if there are none
   */
  public List<QualityDefect> defects(Learning learning) {
    String what = learning.what();
    int words = TextSignals.words(what);
    List<QualityDefect> defects = new ArrayList<>();
    if (words < minWords) {
      defects.add(QualityDefect.TOO_SHORT);
    }
    if (words > maxWords) {
      defects.add(QualityDefect.TOO_LONG);
    }
    if (TextSignals.truncated(what)) {
      defects.add(QualityDefect.TRUNCATED);
    }
    if (TextSignals.startsMidSentence(what)) {
      defects.add(QualityDefect.STARTS_MID_SENTENCE);
    }
    if (TextSignals.markupDebris(what) || TextSignals.markupDebris(learning.title())) {
      defects.add(QualityDefect.MARKUP_DEBRIS);
    }
    if (TextSignals.narration(what) || TextSignals.narration(learning.title())) {
      defects.add(QualityDefect.TRANSCRIPT_DEBRIS);
    }
    if (learning.kind() == LearningKind.DECISION && learning.why().isEmpty()) {
      defects.add(QualityDefect.NO_RATIONALE);
    }
    return defects;
  }

  /**
   * Returns the similarity from which a candidate is a near-duplicate of a kept learning.
   *
   * @return the similarity, from 0 to 1
   */
  public double duplicateSimilarity() {
    return duplicateSimilarity;
  }

  /**
   * Returns how many of the index's most similar learnings a candidate is compared with for
   * near-duplicates and novelty: by the similarity itself where the index can find them ({@link
   * KnowledgeIndex#similar(String, int)}), otherwise by BM25 over title and lesson. Within one
   * batch of candidates, each is also compared with every learning the batch already decided that
   * shares a term with it.
   *
   * @return at least 1
   */
  public int neighbours() {
    return neighbours;
  }

  /**
   * Returns the similarity from which a negative candidate (a failure or anti-pattern) is a
   * near-duplicate of a kept negative learning. Harvested failures are written from one template,
   * so two different failures share most of their words; they are the same failure only when nearly
   * all of them match.
   *
   * @return the similarity, from 0 to 1; never below {@link #duplicateSimilarity()}
   */
  public double negativeDuplicateSimilarity() {
    return Math.max(duplicateSimilarity, negativeDuplicateSimilarity);
  }

  /**
   * Returns how much more merit a near-duplicate needs to replace the learning it duplicates rather
   * than be merged into it.
   *
   * @return the margin
   */
  public double supersedeMargin() {
    return supersedeMargin;
  }

  @Override
  public String toString() {
    return "QualityRubric[weights "
        + specificityWeight
        + "/"
        + actionabilityWeight
        + "/"
        + noveltyWeight
        + "/"
        + contextWeight
        + "/"
        + confidenceWeight
        + ", gold > "
        + goldAbove
        + ", silver >= "
        + silverFrom
        + ", bronze >= "
        + bronzeFrom
        + "]";
  }

  private static double clamp(double v) {
    return Math.max(0.0, Math.min(1.0, v));
  }

  /**
   * Builds a {@link QualityRubric}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private double specificityWeight = 0.30;
    private double actionabilityWeight = 0.25;
    private double noveltyWeight = 0.20;
    private double contextWeight = 0.15;
    private double confidenceWeight = 0.10;
    private double goldAbove = 0.85;
    private double silverFrom = 0.70;
    private double bronzeFrom = 0.50;
    private double duplicateSimilarity = 0.6;
    private double negativeDuplicateSimilarity = 0.85;
    private int neighbours = 10;
    private double supersedeMargin = 0.05;
    private int minWords = 6;
    private int maxWords = 300;

    private Builder() {}

    /**
     * Sets the weights of the five dimensions; they must add up to 1.
     *
     * @param specificity the weight of specificity
     * @param actionability the weight of actionability
     * @param novelty the weight of novelty
     * @param context the weight of context
     * @param confidence the weight of confidence
     * @return this builder
     */
    public Builder weights(
        double specificity,
        double actionability,
        double novelty,
        double context,
        double confidence) {
      this.specificityWeight = specificity;
      this.actionabilityWeight = actionability;
      this.noveltyWeight = novelty;
      this.contextWeight = context;
      this.confidenceWeight = confidence;
      return this;
    }

    /**
     * Sets the tier bounds.
     *
     * @param goldAbove a total above this is gold
     * @param silverFrom a total from this is silver
     * @param bronzeFrom a total from this is bronze; below, a discard
     * @return this builder
     */
    public Builder tiers(double goldAbove, double silverFrom, double bronzeFrom) {
      this.goldAbove = goldAbove;
      this.silverFrom = silverFrom;
      this.bronzeFrom = bronzeFrom;
      return this;
    }

    /**
     * Sets the similarity from which a candidate is a near-duplicate.
     *
     * @param similarity from 0 (exclusive) to 1
     * @return this builder
     */
    public Builder duplicateSimilarity(double similarity) {
      this.duplicateSimilarity = similarity;
      return this;
    }

    /**
     * Sets how many of the index's nearest learnings a candidate is compared with.
     *
     * @param neighbours at least 1; default 10
     * @return this builder
     */
    public Builder neighbours(int neighbours) {
      this.neighbours = neighbours;
      return this;
    }

    /**
     * Sets the similarity from which a negative candidate is a near-duplicate of a kept negative
     * learning; the higher of it and {@link #duplicateSimilarity(double)} applies.
     *
     * @param similarity from 0 (exclusive) to 1; default 0.85
     * @return this builder
     */
    public Builder negativeDuplicateSimilarity(double similarity) {
      this.negativeDuplicateSimilarity = similarity;
      return this;
    }

    /**
     * Sets how much more merit a near-duplicate needs to replace what it duplicates.
     *
     * @param margin from 0 to 1
     * @return this builder
     */
    public Builder supersedeMargin(double margin) {
      this.supersedeMargin = margin;
      return this;
    }

    /**
     * Sets the word limits of a learning's what.
     *
     * @param min fewer words is {@link QualityDefect#TOO_SHORT}
     * @param max more words is {@link QualityDefect#TOO_LONG}
     * @return this builder
     */
    public Builder words(int min, int max) {
      this.minWords = min;
      this.maxWords = max;
      return this;
    }

    /**
     * Builds the rubric.
     *
     * @return the rubric
     * @throws IllegalArgumentException if a weight is negative, the weights do not add up to 1, the
     *     tier bounds are not ordered within 0 to 1, or a limit is out of range
     */
    public QualityRubric build() {
      double[] weights = {
        specificityWeight, actionabilityWeight, noveltyWeight, contextWeight, confidenceWeight
      };
      double sum = 0;
      for (double w : weights) {
        if (!(w >= 0)) {
          throw new IllegalArgumentException("weights must be >= 0, but one was " + w);
        }
        sum += w;
      }
      if (Math.abs(sum - 1.0) > 1e-9) {
        throw new IllegalArgumentException("weights must add up to 1, but added up to " + sum);
      }
      if (!(0 <= bronzeFrom
          && bronzeFrom <= silverFrom
          && silverFrom <= goldAbove
          && goldAbove < 1)) {
        throw new IllegalArgumentException(
            "tier bounds must hold 0 <= bronze <= silver <= gold < 1, but were bronze "
                + bronzeFrom
                + ", silver "
                + silverFrom
                + ", gold "
                + goldAbove);
      }
      if (!(duplicateSimilarity > 0 && duplicateSimilarity <= 1)) {
        throw new IllegalArgumentException(
            "duplicateSimilarity must be in (0, 1], but was " + duplicateSimilarity);
      }
      if (neighbours < 1) {
        throw new IllegalArgumentException("neighbours must be >= 1, but was " + neighbours);
      }
      if (!(negativeDuplicateSimilarity > 0 && negativeDuplicateSimilarity <= 1)) {
        throw new IllegalArgumentException(
            "negativeDuplicateSimilarity must be in (0, 1], but was "
                + negativeDuplicateSimilarity);
      }
      if (!(supersedeMargin >= 0 && supersedeMargin <= 1)) {
        throw new IllegalArgumentException(
            "supersedeMargin must be from 0 to 1, but was " + supersedeMargin);
      }
      if (minWords < 1 || maxWords < minWords) {
        throw new IllegalArgumentException(
            "word limits must hold 1 <= min <= max, but were " + minWords + " and " + maxWords);
      }
      return new QualityRubric(this);
    }
  }
}
