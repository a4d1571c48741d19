package dev.agentops.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentops.store.RecordKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One lesson kept in the repository (Factor VII): what was learned, why it holds, in which context,
 * how sure its author was, and everything the flywheel (Factor VIII) tracks about it since: its
 * quality score and tier, when it was last cited, its utility and maturity from feedback, what it
 * supersedes, and where it stands.
 *
 * <p>Stored as Markdown with YAML front matter ({@code learnings/<id>.md}): {@link #what()} is the
 * body, every other component a front matter key; keys other tools add are kept when AgentOps
 * writes the record again (see {@link KnowledgeRecords}). Immutable; derive changed copies with
 * {@link #toBuilder()}.
 *
 * @param id the id, a valid record id such as {@code lrn-20260301-k3x9}
 * @param kind what kind of lesson it is
 * @param title what it says, in a line
 * @param what the lesson itself: specific and actionable ("do X when Y")
 * @param why why it holds: the evidence or the rationale; empty if none was given
 * @param context the situation it was learned in; empty if none was given
 * @param confidence how sure the author was, from 0 to 1
 * @param tags lower-case topic tags, without repeats
 * @param applicability the languages it is about and the condition it holds under
 * @param source the session, work item and artifact it came from
 * @param created when it was created
 * @param lastCited when a session last applied or referenced it, if ever
 * @param utility the moving average of its feedback, from 0 (harmful) to 1 (helpful); 0.5 at first
 * @param feedbackCount how many citations carried feedback
 * @param harmfulCount how many of those rated it harmful
 * @param maturity how far it has proved itself
 * @param tier its quality tier
 * @param qualityScore its quality rubric score, from 0 to 1
 * @param supersedes the ids of the learnings it replaced
 * @param supersededBy the id of the learning that replaced it, if one did
 * @param status where it stands
 * @param timeToLive how long after its creation it is retired whatever its citations, if it expires
 * @since 0.1.0
 */
public record Learning(
    String id,
    LearningKind kind,
    String title,
    String what,
    String why,
    String context,
    double confidence,
    List<String> tags,
    Applicability applicability,
    LearningSource source,
    Instant created,
    @Nullable Instant lastCited,
    double utility,
    int feedbackCount,
    int harmfulCount,
    Maturity maturity,
    Tier tier,
    double qualityScore,
    List<String> supersedes,
    @Nullable String supersededBy,
    LearningStatus status,
    @Nullable Duration timeToLive) {

  /** The utility a learning starts with, before any feedback. */
  public static final double INITIAL_UTILITY = 0.5;

  /**
   * Checks and normalizes the learning.
   *
   * @param id the id
   * @param kind the kind
   * @param title the title
   * @param what the lesson
   * @param why why it holds
   * @param context the situation
   * @param confidence the author's confidence
   * @param tags the tags
   * @param applicability where it applies
   * @param source where it came from
   * @param created when created
   * @param lastCited when last cited
   * @param utility the utility
   * @param feedbackCount the feedback events
   * @param harmfulCount the harmful ratings
   * @param maturity the maturity
   * @param tier the tier
   * @param qualityScore the rubric score
   * @param supersedes the learnings it replaced
   * @param supersededBy the learning that replaced it
   * @param status the status
   * @param timeToLive the time to live
   * @throws IllegalArgumentException naming the field that is missing or out of range
   */
  public Learning {
    RecordKey.checkId(Objects.requireNonNull(id, "id"));
    Objects.requireNonNull(kind, "kind");
    title = requireText(id, "title", title);
    what = requireText(id, "what", what);
    why = why == null ? "" : why.strip();
    context = context == null ? "" : context.strip();
    checkFraction(id, "confidence", confidence);
    tags = normalizeTags(tags);
    applicability = applicability == null ? Applicability.ANY : applicability;
    source = source == null ? LearningSource.UNKNOWN : source;
    Objects.requireNonNull(created, "created");
    checkFraction(id, "utility", utility);
    if (feedbackCount < 0 || harmfulCount < 0 || harmfulCount > feedbackCount) {
      throw new IllegalArgumentException(
          "learning '"
              + id
              + "' must have 0 <= harmfulCount <= feedbackCount, but had harmfulCount "
              + harmfulCount
              + " and feedbackCount "
              + feedbackCount);
    }
    maturity = maturity == null ? Maturity.PROVISIONAL : maturity;
    tier = tier == null ? Tier.BRONZE : tier;
    checkFraction(id, "qualityScore", qualityScore);
    supersedes = List.copyOf(supersedes == null ? List.of() : supersedes);
    supersedes.forEach(RecordKey::checkId);
    if (supersededBy != null) {
      RecordKey.checkId(supersededBy);
    }
    status = status == null ? LearningStatus.ACTIVE : status;
    if (timeToLive != null && (timeToLive.isNegative() || timeToLive.isZero())) {
      throw new IllegalArgumentException(
          "timeToLive of learning '" + id + "' must be positive, but was " + timeToLive);
    }
  }

  /**
   * Reads a stored learning, where missing numbers take their defaults rather than zero.
   *
   * @return the learning
   */
  @JsonCreator
  @SuppressWarnings("unused")
  private static Learning fromRecord(
      @JsonProperty("id") String id,
      @JsonProperty("kind") @Nullable LearningKind kind,
      @JsonProperty("title") String title,
      @JsonProperty("what") String what,
      @JsonProperty("why") @Nullable String why,
      @JsonProperty("context") @Nullable String context,
      @JsonProperty("confidence") @Nullable Double confidence,
      @JsonProperty("tags") @Nullable List<String> tags,
      @JsonProperty("applicability") @Nullable Applicability applicability,
      @JsonProperty("source") @Nullable LearningSource source,
      @JsonProperty("created") Instant created,
      @JsonProperty("lastCited") @Nullable Instant lastCited,
      @JsonProperty("utility") @Nullable Double utility,
      @JsonProperty("feedbackCount") @Nullable Integer feedbackCount,
      @JsonProperty("harmfulCount") @Nullable Integer harmfulCount,
      @JsonProperty("maturity") @Nullable Maturity maturity,
      @JsonProperty("tier") @Nullable Tier tier,
      @JsonProperty("qualityScore") @Nullable Double qualityScore,
      @JsonProperty("supersedes") @Nullable List<String> supersedes,
      @JsonProperty("supersededBy") @Nullable String supersededBy,
      @JsonProperty("status") @Nullable LearningStatus status,
      @JsonProperty("timeToLive") @Nullable Duration timeToLive) {
    return new Learning(
        id,
        kind == null ? LearningKind.LEARNING : kind,
        title,
        what,
        why,
        context,
        confidence == null ? 0.5 : confidence,
        tags,
        applicability,
        source,
        created,
        lastCited,
        utility == null ? INITIAL_UTILITY : utility,
        feedbackCount == null ? 0 : feedbackCount,
        harmfulCount == null ? 0 : harmfulCount,
        maturity,
        tier,
        qualityScore == null ? 0.0 : qualityScore,
        supersedes,
        supersededBy,
        status,
        timeToLive);
  }

  /**
   * Starts a learning: active, bronze, provisional, utility 0.5, confidence 0.5.
   *
   * @param id the id
   * @param kind the kind
   * @param title the title
   * @param what the lesson
   * @param created when it is created
   * @return a builder
   */
  public static Builder builder(
      String id, LearningKind kind, String title, String what, Instant created) {
    return new Builder(id, kind, title, what, created);
  }

  /**
   * Returns a builder holding this learning's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(id, kind, title, what, created);
    b.why = why;
    b.context = context;
    b.confidence = confidence;
    b.tags.addAll(tags);
    b.applicability = applicability;
    b.source = source;
    b.lastCited = lastCited;
    b.utility = utility;
    b.feedbackCount = feedbackCount;
    b.harmfulCount = harmfulCount;
    b.maturity = maturity;
    b.tier = tier;
    b.qualityScore = qualityScore;
    b.supersedes.addAll(supersedes);
    b.supersededBy = supersededBy;
    b.status = status;
    b.timeToLive = timeToLive;
    return b;
  }

  /**
   * Returns when the learning was last touched: its last citation, or its creation if it was never
   * cited. Freshness is measured from here.
   *
   * @return the instant
   */
  public Instant lastTouched() {
    return lastCited != null && lastCited.isAfter(created) ? lastCited : created;
  }

  /**
   * Returns when the learning expires whatever its citations, if it has a time to live.
   *
   * @return the instant
   */
  public Optional<Instant> expiresAt() {
    return timeToLive == null ? Optional.empty() : Optional.of(created.plus(timeToLive));
  }

  @Override
  public String toString() {
    return "Learning["
        + id
        + ", "
        + kind.wireName()
        + ", "
        + status.wireName()
        + ", "
        + tier.wireName()
        + ", "
        + maturity.wireName()
        + "]";
  }

  private static String requireText(String id, String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " of learning '" + id + "' must not be blank");
    }
    return value.strip();
  }

  private static void checkFraction(String id, String field, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(
          field + " of learning '" + id + "' must be from 0 to 1, but was " + value);
    }
  }

  private static List<String> normalizeTags(@Nullable List<String> tags) {
    List<String> out = new ArrayList<>();
    if (tags != null) {
      for (String tag : tags) {
        Objects.requireNonNull(tag, "tag");
        String t = tag.strip().toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && !out.contains(t)) {
          out.add(t);
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * Builds a {@link Learning}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String id;
    private LearningKind kind;
    private String title;
    private String what;
    private final Instant created;
    private String why = "";
    private String context = "";
    private double confidence = 0.5;
    private final List<String> tags = new ArrayList<>();
    private Applicability applicability = Applicability.ANY;
    private LearningSource source = LearningSource.UNKNOWN;
    private @Nullable Instant lastCited;
    private double utility = INITIAL_UTILITY;
    private int feedbackCount;
    private int harmfulCount;
    private Maturity maturity = Maturity.PROVISIONAL;
    private Tier tier = Tier.BRONZE;
    private double qualityScore;
    private final List<String> supersedes = new ArrayList<>();
    private @Nullable String supersededBy;
    private LearningStatus status = LearningStatus.ACTIVE;
    private @Nullable Duration timeToLive;

    private Builder(String id, LearningKind kind, String title, String what, Instant created) {
      this.id = Objects.requireNonNull(id, "id");
      this.kind = Objects.requireNonNull(kind, "kind");
      this.title = Objects.requireNonNull(title, "title");
      this.what = Objects.requireNonNull(what, "what");
      this.created = Objects.requireNonNull(created, "created");
    }

    /**
     * Sets the kind.
     *
     * @param kind the kind
     * @return this builder
     */
    public Builder kind(LearningKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Sets the title.
     *
     * @param title the title
     * @return this builder
     */
    public Builder title(String title) {
      this.title = Objects.requireNonNull(title, "title");
      return this;
    }

    /**
     * Sets the lesson.
     *
     * @param what the lesson
     * @return this builder
     */
    public Builder what(String what) {
      this.what = Objects.requireNonNull(what, "what");
      return this;
    }

    /**
     * Sets why the learning holds.
     *
     * @param why the evidence or rationale
     * @return this builder
     */
    public Builder why(String why) {
      this.why = Objects.requireNonNull(why, "why");
      return this;
    }

    /**
     * Sets the situation the learning was made in.
     *
     * @param context the situation
     * @return this builder
     */
    public Builder context(String context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Sets the author's confidence.
     *
     * @param confidence from 0 to 1
     * @return this builder
     */
    public Builder confidence(double confidence) {
      this.confidence = confidence;
      return this;
    }

    /**
     * Adds tags.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(String... tags) {
      this.tags.addAll(List.of(tags));
      return this;
    }

    /**
     * Replaces the tags.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(List<String> tags) {
      this.tags.clear();
      this.tags.addAll(tags);
      return this;
    }

    /**
     * Sets where the learning applies.
     *
     * @param applicability the applicability
     * @return this builder
     */
    public Builder applicability(Applicability applicability) {
      this.applicability = Objects.requireNonNull(applicability, "applicability");
      return this;
    }

    /**
     * Sets where the learning came from.
     *
     * @param source the source
     * @return this builder
     */
    public Builder source(LearningSource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Sets when the learning was last cited.
     *
     * @param lastCited the instant, or {@code null} if never
     * @return this builder
     */
    public Builder lastCited(@Nullable Instant lastCited) {
      this.lastCited = lastCited;
      return this;
    }

    /**
     * Sets the utility.
     *
     * @param utility from 0 to 1
     * @return this builder
     */
    public Builder utility(double utility) {
      this.utility = utility;
      return this;
    }

    /**
     * Sets the feedback counts.
     *
     * @param feedbackCount citations that carried feedback
     * @param harmfulCount of those, the ones that rated it harmful
     * @return this builder
     */
    public Builder feedback(int feedbackCount, int harmfulCount) {
      this.feedbackCount = feedbackCount;
      this.harmfulCount = harmfulCount;
      return this;
    }

    /**
     * Sets the maturity.
     *
     * @param maturity the maturity
     * @return this builder
     */
    public Builder maturity(Maturity maturity) {
      this.maturity = Objects.requireNonNull(maturity, "maturity");
      return this;
    }

    /**
     * Sets the quality tier and score.
     *
     * @param tier the tier
     * @param qualityScore the rubric score, from 0 to 1
     * @return this builder
     */
    public Builder quality(Tier tier, double qualityScore) {
      this.tier = Objects.requireNonNull(tier, "tier");
      this.qualityScore = qualityScore;
      return this;
    }

    /**
     * Adds the id of a learning this one replaced.
     *
     * @param id the replaced learning's id
     * @return this builder
     */
    public Builder supersedes(String id) {
      Objects.requireNonNull(id, "id");
      if (!supersedes.contains(id)) {
        supersedes.add(id);
      }
      return this;
    }

    /**
     * Sets the id of the learning that replaced this one.
     *
     * @param id the replacing learning's id, or {@code null}
     * @return this builder
     */
    public Builder supersededBy(@Nullable String id) {
      this.supersededBy = id;
      return this;
    }

    /**
     * Sets the status.
     *
     * @param status the status
     * @return this builder
     */
    public Builder status(LearningStatus status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    /**
     * Sets how long after its creation the learning expires.
     *
     * @param timeToLive a positive duration, or {@code null} for never
     * @return this builder
     */
    public Builder timeToLive(@Nullable Duration timeToLive) {
      this.timeToLive = timeToLive;
      return this;
    }

    /**
     * Builds the learning.
     *
     * @return the learning
     * @throws IllegalArgumentException if a field is out of range
     */
    public Learning build() {
      return new Learning(
          id,
          kind,
          title,
          what,
          why,
          context,
          confidence,
          tags,
          applicability,
          source,
          created,
          lastCited,
          utility,
          feedbackCount,
          harmfulCount,
          maturity,
          tier,
          qualityScore,
          supersedes,
          supersededBy,
          status,
          timeToLive);
    }
  }
}
