package dev.agentops.knowledge.extraction;

import dev.agentops.knowledge.Learning;
import dev.agentops.knowledge.LearningKind;
import dev.agentops.knowledge.LearningSource;
import dev.agentops.knowledge.LearningStatus;
import dev.agentops.knowledge.extraction.SessionRecord.DeadEnd;
import dev.agentops.knowledge.extraction.SessionRecord.Decision;
import dev.agentops.knowledge.extraction.SessionRecord.VerdictNote;
import dev.agentops.knowledge.failure.FailureHarvester;
import dev.agentops.knowledge.failure.FailureRecord;
import dev.agentops.knowledge.failure.FailureRecords;
import dev.agentops.validation.Finding;
import dev.agentops.validation.Severity;
import dev.agentops.validation.VerdictStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Extracts candidate learnings from what a session recorded through the API, never from its
 * transcript's text: each decision (with its rationale) becomes a {@link LearningKind#DECISION},
 * each dead end and each failure a {@link LearningKind#FAILURE} (a failure's lesson opens with its
 * detection question, see {@link FailureHarvester#negativeLearning(FailureRecord, String,
 * LearningKind, int, java.time.Instant, LearningSource)}, dated when the session ended and sourced
 * to it, its context naming the session), and each finding of at least {@link
 * Builder#minSeverity(Severity)} in a FAIL or WARN verdict a {@link LearningKind#FINDING}.
 *
 * <p>Used as the fallback of {@link ModelLearningExtractor}, and on its own where no model is
 * wanted. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class DeterministicLearningExtractor implements LearningExtractor {

  private static final DeterministicLearningExtractor DEFAULTS = builder().build();

  private final Severity minSeverity;
  private final int maxCandidates;

  private DeterministicLearningExtractor(Builder b) {
    this.minSeverity = b.minSeverity;
    this.maxCandidates = b.maxCandidates;
  }

  /**
   * Returns the extractor with the defaults: findings of SIGNIFICANT or worse, at most 20
   * candidates.
   *
   * @return the extractor
   */
  public static DeterministicLearningExtractor defaults() {
    return DEFAULTS;
  }

  /**
   * Starts an extractor from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public List<Learning> extract(SessionRecord session, Supplier<String> ids) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(ids, "ids");
    List<Learning> out = new ArrayList<>();
    String situation =
        "Session "
            + session.id()
            + " was asked to "
            + lowerFirst(session.task())
            + (session.task().endsWith(".") ? "" : ".");
    LearningSource fromSession =
        new LearningSource(
            session.id(), session.workItem(), SessionRecords.COLLECTION + "/" + session.id());
    for (Decision d : session.decisions()) {
      StringBuilder what = new StringBuilder(sentence(d.choice()));
      if (!d.alternatives().isEmpty()) {
        what.append(" Considered instead: ")
            .append(String.join("; ", d.alternatives()))
            .append('.');
      }
      out.add(
          Learning.builder(
                  ids.get(), LearningKind.DECISION, d.title(), what.toString(), session.endedAt())
              .why(d.rationale())
              .context(situation)
              .tags("decision")
              .source(fromSession)
              .confidence(0.8)
              .status(LearningStatus.PENDING)
              .build());
    }
    for (DeadEnd d : session.deadEnds()) {
      String what =
          capitalize(stripPeriod(d.tried()))
              + " did not work: "
              + sentence(d.why())
              + (d.instead() == null ? "" : " Instead: " + sentence(d.instead()));
      out.add(
          Learning.builder(
                  ids.get(),
                  LearningKind.FAILURE,
                  "Dead end: " + abbreviate(capitalize(stripPeriod(d.tried())), 90),
                  what,
                  session.endedAt())
              .why(d.why())
              .context(situation)
              .tags("dead-end")
              .source(fromSession)
              .confidence(0.7)
              .status(LearningStatus.PENDING)
              .build());
    }
    for (FailureRecord f : session.failures()) {
      out.add(
          FailureHarvester.negativeLearning(
              f, ids.get(), LearningKind.FAILURE, 1, session.endedAt(), sourceOf(f, session)));
    }
    for (VerdictNote v : session.verdicts()) {
      if (v.status() != VerdictStatus.FAIL && v.status() != VerdictStatus.WARN) {
        continue;
      }
      for (Finding f : v.findings()) {
        if (f.severity().weight() < minSeverity.weight()) {
          continue;
        }
        String what =
            sentence(f.description())
                + (f.recommendation() == null ? "" : " " + sentence(f.recommendation()));
        out.add(
            Learning.builder(
                    ids.get(),
                    LearningKind.FINDING,
                    capitalize(f.category()) + ": " + abbreviate(stripPeriod(f.description()), 90),
                    what,
                    session.endedAt())
                .why(
                    "Verdict "
                        + v.id()
                        + " ("
                        + v.status()
                        + ") on "
                        + v.artifactName()
                        + ": "
                        + v.summary()
                        + (f.location() == null ? "" : " Location: " + f.location() + "."))
                .context(situation)
                .tags(f.category().toLowerCase(Locale.ROOT))
                .source(new LearningSource(session.id(), session.workItem(), v.id()))
                .confidence(f.severity() == Severity.CRITICAL ? 0.9 : 0.7)
                .status(LearningStatus.PENDING)
                .build());
      }
    }
    return out.size() <= maxCandidates ? out : List.copyOf(out.subList(0, maxCandidates));
  }

  @Override
  public String name() {
    return "deterministic";
  }

  @Override
  public String toString() {
    return "DeterministicLearningExtractor[" + minSeverity + ", " + maxCandidates + "]";
  }

  /**
   * Where a failure's lesson comes from as a candidate of this session: the session, whatever
   * session the host's failure record named (or none), with the record's work item if the failure
   * names none, and the failure record as the artifact.
   */
  private static LearningSource sourceOf(FailureRecord failure, SessionRecord session) {
    String workItem = failure.workItem() != null ? failure.workItem() : session.workItem();
    return new LearningSource(
        session.id(), workItem, FailureRecords.COLLECTION + "/" + failure.id());
  }

  /** Ends a text with a period, unless it ends in punctuation already (so a cut-off text shows). */
  static String sentence(String s) {
    String t = s.strip();
    if (t.isEmpty()) {
      return t;
    }
    char last = t.charAt(t.length() - 1);
    return Character.isLetterOrDigit(last) || last == '`' || last == ')' || last == '"'
        ? t + "."
        : t;
  }

  private static String stripPeriod(String s) {
    String t = s.strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String lowerFirst(String s) {
    if (s.length() > 1
        && Character.isUpperCase(s.charAt(0))
        && Character.isUpperCase(s.charAt(1))) {
      return s;
    }
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3).stripTrailing() + "...";
  }

  /**
   * Builds a {@link DeterministicLearningExtractor}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Severity minSeverity = Severity.SIGNIFICANT;
    private int maxCandidates = 20;

    private Builder() {}

    /**
     * Sets the least severity of a verdict finding to become a candidate.
     *
     * @param minSeverity the severity; default SIGNIFICANT
     * @return this builder
     */
    public Builder minSeverity(Severity minSeverity) {
      this.minSeverity = Objects.requireNonNull(minSeverity, "minSeverity");
      return this;
    }

    /**
     * Sets the most candidates drawn from one session; decisions, dead ends and failures come
     * first.
     *
     * @param maxCandidates at least 1; default 20
     * @return this builder
     */
    public Builder maxCandidates(int maxCandidates) {
      if (maxCandidates < 1) {
        throw new IllegalArgumentException("maxCandidates must be >= 1, but was " + maxCandidates);
      }
      this.maxCandidates = maxCandidates;
      return this;
    }

    /**
     * Builds the extractor.
     *
     * @return the extractor
     */
    public DeterministicLearningExtractor build() {
      return new DeterministicLearningExtractor(this);
    }
  }
}
