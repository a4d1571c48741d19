package dev.agentops.knowledge.failure;

import dev.agentops.fitness.RecurringFailureListener;
import dev.agentops.knowledge.Applicability;
import dev.agentops.knowledge.GateDecision;
import dev.agentops.knowledge.KnowledgeFlywheel;
import dev.agentops.knowledge.Learning;
import dev.agentops.knowledge.LearningKind;
import dev.agentops.knowledge.LearningSource;
import dev.agentops.knowledge.LearningStatus;
import dev.agentops.knowledge.internal.RecordIds;
import dev.agentops.ratchet.AttemptListener;
import dev.agentops.store.Quarantined;
import dev.agentops.store.Records;
import dev.agentops.store.Store;
import dev.agentops.store.Versioned;
import dev.agentops.store.WriteResult;
import dev.agentops.supervision.Escalation;
import dev.agentops.supervision.FailedAttempt;
import dev.agentops.supervision.Failure;
import dev.agentops.validation.Verdict;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Harvests failed attempts (Factor XII): stores them as {@link FailureRecord}s with their context,
 * turns them into negative learnings carrying a detection question, offers those to the {@link
 * KnowledgeFlywheel} (whose injection lists known failures first, so a known-bad approach is
 * surfaced before it is tried again), detects signatures that recur across sessions, and compiles
 * active negative learnings that have a detection rule into {@link KnownFailureGate}s.
 *
 * <p>A single failure becomes a {@link LearningKind#FAILURE}; once its signature has recurred in
 * {@link Builder#recurrenceThreshold(int) the threshold's} number of sessions (3 by default), an
 * {@link LearningKind#ANTI_PATTERN}. The quality gate merges a repeated failure into the learning
 * already kept rather than stacking copies.
 *
 * <p>Thread-safe if the store is.
 *
 * <pre>{@code
 * FailureHarvester harvester = FailureHarvester.builder(store).clock(clock).build();
 * FailureRecord failure = harvester.recordVerdict(verdict,
 *     FailureContext.of(sessionId, "bump Lucene to 10 without reindexing")
 *         .withRule(DetectionRule.regex("lucene.version>10")));
 * harvester.harvest(flywheel, failure);           // a negative learning, through the gate
 * List<RecurringFailure> again = harvester.recurring();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FailureHarvester {

  /** The failure class of a fitness goal that keeps failing. */
  public static final String GOAL_FAILING = "goal-failing";

  private static final Logger LOG = LoggerFactory.getLogger(FailureHarvester.class);

  private final Records<FailureRecord> records;
  private final Records<LearningRule> rules;
  private final Clock clock;
  private final Supplier<String> ids;
  private final int recurrenceThreshold;

  private FailureHarvester(Builder b) {
    this.records = FailureRecords.of(b.store);
    this.rules = FailureRecords.rules(b.store);
    this.clock = b.clock;
    this.ids = b.ids != null ? b.ids : RecordIds.random("flr", b.clock, new SecureRandom());
    this.recurrenceThreshold = b.recurrenceThreshold;
  }

  /**
   * Starts a harvester over a store.
   *
   * @param store where failure records and detection rules are kept
   * @return a builder
   */
  public static Builder builder(Store store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /**
   * Returns a new failure record id: {@code flr-<yyyyMMdd>-<8 random characters>}, or what the
   * builder's id generator returns.
   *
   * @return the id
   */
  public String newId() {
    return ids.get();
  }

  /**
   * Returns how many sessions a signature must be seen in to recur.
   *
   * @return the threshold, at least 2
   */
  public int recurrenceThreshold() {
    return recurrenceThreshold;
  }

  // --- recording ---

  /**
   * Stores a failure record.
   *
   * @param failure the record
   * @return the record
   * @throws IllegalStateException if a record with its id exists
   * @throws dev.agentops.store.StoreException if the store cannot write
   */
  public FailureRecord record(FailureRecord failure) {
    Objects.requireNonNull(failure, "failure");
    WriteResult r = records.create(failure);
    if (!r.committed()) {
      throw new IllegalStateException(
          "a failure record with id '"
              + failure.id()
              + "' exists already; record it with a new id");
    }
    return failure;
  }

  /**
   * Stores a FAIL verdict as a failure (see {@link FailureRecord#fromVerdict}).
   *
   * @param verdict a FAIL verdict
   * @param context what was attempted
   * @return the stored record
   * @throws IllegalArgumentException if the verdict is not a FAIL
   */
  public FailureRecord recordVerdict(Verdict verdict, FailureContext context) {
    return record(FailureRecord.fromVerdict(newId(), verdict, context));
  }

  /**
   * Stores an exception an attempt raised as a failure, dated now.
   *
   * @param error what was raised
   * @param context what was attempted
   * @return the stored record
   */
  public FailureRecord recordException(Throwable error, FailureContext context) {
    return record(FailureRecord.fromException(newId(), error, context, clock.instant()));
  }

  /**
   * Stores an escalation as a failure.
   *
   * @param escalation the escalation
   * @param session the session of the last attempt, or {@code null} if unknown
   * @return the stored record
   */
  public FailureRecord recordEscalation(Escalation escalation, @Nullable String session) {
    return record(FailureRecord.fromEscalation(newId(), escalation, session));
  }

  /**
   * Stores a failed supervised attempt, as the supervision log keeps it.
   *
   * @param attempt the attempt
   * @return the stored record
   */
  public FailureRecord recordSupervisedAttempt(FailedAttempt attempt) {
    return record(FailureRecord.fromSupervisedAttempt(newId(), attempt));
  }

  /**
   * Returns a listener that stores every failed attempt of a Brownian ratchet, dated when it is
   * heard of. The ratchet reports and skips a listener that throws, so a store that cannot write
   * never changes what is locked.
   *
   * @param <T> what an attempt produces
   * @param context what the attempts attempt
   * @return the listener
   */
  public <T> AttemptListener<T> listener(FailureContext context) {
    Objects.requireNonNull(context, "context");
    return failed ->
        record(FailureRecord.fromBrownianAttempt(newId(), failed, context, clock.instant()));
  }

  /**
   * Returns a fitness listener (Factor IX to XII): a goal that has failed cycle after cycle is
   * stored as a failure ({@link FailureOrigin#FITNESS_GOAL}, class {@value #GOAL_FAILING}, the goal
   * as its signature, the report it was seen in as its reference) and harvested into a negative
   * learning, so the pattern is extracted instead of retried once more. The monitor guards its
   * listeners: a store that cannot write never breaks a cycle.
   *
   * <pre>{@code
   * FitnessMonitor fitness = FitnessMonitor.builder(store)
   *     .goal(buildGreen)
   *     .onRecurringFailure(harvester.recurringGoals(flywheel))
   *     .build();
   * }</pre>
   *
   * @param flywheel where the negative learnings go
   * @return the listener
   */
  public RecurringFailureListener recurringGoals(KnowledgeFlywheel flywheel) {
    Objects.requireNonNull(flywheel, "flywheel");
    return recurring -> {
      FailureRecord failure =
          record(
              FailureRecord.fromFailure(
                  newId(),
                  FailureOrigin.FITNESS_GOAL,
                  Failure.of(
                      GOAL_FAILING,
                      "goal " + recurring.goalId(),
                      "failed "
                          + recurring.cycles()
                          + " cycles in a row; last: "
                          + recurring.lastSummary()),
                  new FailureContext(
                      null,
                      null,
                      "reach fitness goal '"
                          + recurring.goalId()
                          + "' ("
                          + recurring.description()
                          + ")",
                      null),
                  recurring.reportId(),
                  clock.instant()));
      harvest(flywheel, failure);
    };
  }

  /**
   * Returns every stored failure record, oldest first; records that cannot be read are skipped and
   * logged.
   *
   * @return the records
   */
  public List<FailureRecord> failures() {
    Records.Scan<FailureRecord> scan = records.scan();
    for (Quarantined q : scan.quarantined()) {
      LOG.warn("failure record {} was skipped: {}", q.path(), q.reason());
    }
    List<FailureRecord> all = new ArrayList<>();
    for (Versioned<FailureRecord> v : scan.values()) {
      all.add(v.value());
    }
    all.sort(Comparator.comparing(FailureRecord::at).thenComparing(FailureRecord::id));
    return all;
  }

  // --- recurrence ---

  /**
   * Finds the signatures seen in at least {@link #recurrenceThreshold()} distinct sessions.
   *
   * @return the recurring failures, most sessions first
   */
  public List<RecurringFailure> recurring() {
    return recurring(failures(), recurrenceThreshold);
  }

  /**
   * Finds, among failure records, the signatures seen in at least a number of distinct sessions.
   *
   * @param failures the records
   * @param threshold the least number of sessions, at least 1
   * @return the recurring failures, most sessions first, then by key
   */
  public static List<RecurringFailure> recurring(
      Collection<FailureRecord> failures, int threshold) {
    Objects.requireNonNull(failures, "failures");
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be >= 1, but was " + threshold);
    }
    Map<String, List<FailureRecord>> byKey = new LinkedHashMap<>();
    List<FailureRecord> sorted = new ArrayList<>(failures);
    sorted.sort(Comparator.comparing(FailureRecord::at).thenComparing(FailureRecord::id));
    for (FailureRecord f : sorted) {
      byKey.computeIfAbsent(f.signatureKey(), k -> new ArrayList<>()).add(f);
    }
    List<RecurringFailure> out = new ArrayList<>();
    for (Map.Entry<String, List<FailureRecord>> e : byKey.entrySet()) {
      List<FailureRecord> group = e.getValue();
      int sessions = sessionCount(group);
      if (sessions >= threshold) {
        FailureRecord last = group.get(group.size() - 1);
        out.add(
            new RecurringFailure(
                e.getKey(),
                last.failureClass(),
                last.signature(),
                sessions,
                group.stream().map(FailureRecord::id).toList(),
                group.get(0).at(),
                last.at(),
                last.attempted()));
      }
    }
    out.sort(
        Comparator.comparingInt(RecurringFailure::sessions)
            .reversed()
            .thenComparing(RecurringFailure::signatureKey));
    return out;
  }

  /**
   * Tells how many distinct sessions a failure's signature was seen in, itself included.
   *
   * @param failure the failure
   * @return at least 1
   */
  public int sessionsSeen(FailureRecord failure) {
    Objects.requireNonNull(failure, "failure");
    String key = failure.signatureKey();
    List<FailureRecord> same = new ArrayList<>();
    same.add(failure);
    for (FailureRecord f : failures()) {
      if (!f.id().equals(failure.id()) && f.signatureKey().equals(key)) {
        same.add(f);
      }
    }
    return sessionCount(same);
  }

  private static int sessionCount(List<FailureRecord> group) {
    Set<String> sessions = new HashSet<>();
    int anonymous = 0;
    for (FailureRecord f : group) {
      if (f.session() == null) {
        anonymous++;
      } else {
        sessions.add(f.session());
      }
    }
    return sessions.size() + anonymous;
  }

  // --- negative learnings ---

  /**
   * Turns a failure into a candidate negative learning: a {@link LearningKind#FAILURE}, or an
   * {@link LearningKind#ANTI_PATTERN} if its signature recurs (see {@link #sessionsSeen}).
   *
   * @param failure the failure
   * @param learningId the learning's id
   * @return the candidate, pending, dated when the failure happened
   */
  public Learning negativeLearning(FailureRecord failure, String learningId) {
    int seen = sessionsSeen(failure);
    return negativeLearning(
        failure,
        learningId,
        seen >= recurrenceThreshold ? LearningKind.ANTI_PATTERN : LearningKind.FAILURE,
        seen);
  }

  /**
   * Turns a failure into a candidate negative learning whose lesson opens with the detection
   * question ("Before you X, check Y?") and says how it failed; the details are its rationale, the
   * session and work item its context and source.
   *
   * @param failure the failure
   * @param learningId the learning's id
   * @param kind {@link LearningKind#FAILURE} or {@link LearningKind#ANTI_PATTERN}
   * @param sessionsSeen in how many sessions the failure was seen, at least 1
   * @return the candidate, pending, dated when the failure happened
   * @throws IllegalArgumentException if the kind is not negative
   */
  public static Learning negativeLearning(
      FailureRecord failure, String learningId, LearningKind kind, int sessionsSeen) {
    Objects.requireNonNull(failure, "failure");
    return negativeLearning(
        failure,
        learningId,
        kind,
        sessionsSeen,
        failure.at(),
        new LearningSource(
            failure.session(), failure.workItem(), FailureRecords.COLLECTION + "/" + failure.id()));
  }

  /**
   * Turns a failure into a candidate negative learning as {@link #negativeLearning(FailureRecord,
   * String, LearningKind, int)} does, dated and sourced as the caller says: an extractor's
   * candidate is dated when its session ended and sourced to that session, whatever session the
   * failure record named. The context names the source's session and work item, so that it agrees
   * with the source.
   *
   * @param failure the failure
   * @param learningId the learning's id
   * @param kind {@link LearningKind#FAILURE} or {@link LearningKind#ANTI_PATTERN}
   * @param sessionsSeen in how many sessions the failure was seen, at least 1
   * @param created when the learning was created
   * @param source where the learning came from
   * @return the candidate, pending
   * @throws IllegalArgumentException if the kind is not negative
   */
  public static Learning negativeLearning(
      FailureRecord failure,
      String learningId,
      LearningKind kind,
      int sessionsSeen,
      Instant created,
      LearningSource source) {
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(learningId, "learningId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(source, "source");
    if (!kind.negative()) {
      throw new IllegalArgumentException(
          "a harvested failure is an anti-pattern or a failure, but kind was " + kind.wireName());
    }
    String signature = failure.signature().replace('`', '\'');
    String seen =
        sessionsSeen > 1 ? "It failed in " + sessionsSeen + " sessions" : "It failed last time";
    String what =
        failure.question()
            + " "
            + seen
            + " with `"
            + signature
            + "` ("
            + failure.failureClass()
            + ").";
    String title =
        capitalize(abbreviate(failure.attempted(), 90))
            + " fails: "
            + abbreviate(failure.failureClass(), 40);
    StringBuilder context = new StringBuilder("Seen ");
    context.append(failure.origin().wireName().replace('-', ' '));
    if (failure.reference() != null) {
      context.append(" (").append(failure.reference()).append(')');
    }
    if (source.session() != null) {
      context.append(" in session ").append(source.session());
    }
    if (source.workItem() != null) {
      context.append(" for work item ").append(source.workItem());
    }
    context.append('.');
    return Learning.builder(learningId, kind, title, what, created)
        .why(failure.detail())
        .context(context.toString())
        .tags("failure", failure.failureClass())
        .applicability(Applicability.of("before you " + lowerFirst(failure.attempted())))
        .source(source)
        .confidence(kind == LearningKind.ANTI_PATTERN ? 0.9 : 0.7)
        .status(LearningStatus.PENDING)
        .build();
  }

  /**
   * Offers a failure's negative learning to the flywheel's quality gate, and stores the failure's
   * detection rule with the learning that is kept (the new one, or the one it merged into).
   *
   * @param flywheel the flywheel
   * @param failure the failure, already recorded
   * @return the gate's decision
   */
  public GateDecision harvest(KnowledgeFlywheel flywheel, FailureRecord failure) {
    Objects.requireNonNull(flywheel, "flywheel");
    GateDecision decision = flywheel.offer(negativeLearning(failure, flywheel.newId()));
    attachRule(decision, failure);
    return decision;
  }

  /**
   * Stores a failure's detection rule with the learning a gate decision kept, if the failure has a
   * rule and the decision kept one. A learning keeps the first rule stored with it: a failure
   * merged into it with another rule leaves that rule as it is (its own would make the gate fail
   * changes the learning is not about), and a learning that supersedes another takes over the
   * replaced one's rule.
   *
   * @param decision the gate's decision on the failure's learning
   * @param failure the failure
   * @return the rule as stored, if any
   */
  public Optional<LearningRule> attachRule(GateDecision decision, FailureRecord failure) {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(failure, "failure");
    Optional<String> kept = keptId(decision);
    if (failure.rule() == null || kept.isEmpty()) {
      return Optional.empty();
    }
    String learningId = kept.get();
    if (decision instanceof GateDecision.Superseded superseded) {
      // the replaced learning's rule goes on guarding under the new id, before this failure's
      carryRule(superseded.replaced().id(), learningId);
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<Versioned<LearningRule>> current = rules.get(learningId);
      if (current.isPresent() && !current.get().value().rule().equals(failure.rule())) {
        // another failure's rule already guards this learning: a merged failure must not swap it
        // for its own, or the gate would start failing what the learning is not about
        LOG.debug(
            "learning '{}' keeps its detection rule; failure '{}' has another",
            learningId,
            failure.id());
        return Optional.of(current.get().value());
      }
      List<String> from = new ArrayList<>();
      current.ifPresent(c -> from.addAll(c.value().failures()));
      if (!from.contains(failure.id())) {
        from.add(failure.id());
      }
      LearningRule next = new LearningRule(learningId, failure.rule(), from);
      WriteResult r = current.isPresent() ? rules.update(current.get(), next) : rules.create(next);
      if (r.committed()) {
        return Optional.of(next);
      }
    }
    throw new IllegalStateException(
        "the detection rule of learning '" + learningId + "' kept changing under this writer");
  }

  /** Copies a replaced learning's rule to the learning that replaced it, if it has none yet. */
  private void carryRule(String replacedId, String learningId) {
    Optional<Versioned<LearningRule>> old = rules.get(replacedId);
    if (old.isEmpty() || rules.get(learningId).isPresent()) {
      return;
    }
    LearningRule r = old.get().value();
    rules.create(new LearningRule(learningId, r.rule(), r.failures()));
  }

  /**
   * Returns the detection rule stored with a learning.
   *
   * @param learningId the learning's id
   * @return the rule, if one is stored
   */
  public Optional<LearningRule> rule(String learningId) {
    return rules.get(Objects.requireNonNull(learningId, "learningId")).map(Versioned::value);
  }

  /**
   * Compiles every active negative learning that has a stored detection rule into a gate.
   *
   * @param learnings the learnings, such as {@link KnowledgeFlywheel#learnings()}
   * @return the gates, in the learnings' order
   */
  public List<KnownFailureGate> gates(Collection<Learning> learnings) {
    Objects.requireNonNull(learnings, "learnings");
    List<KnownFailureGate> gates = new ArrayList<>();
    for (Learning l : learnings) {
      if (l.kind().negative() && l.status() == LearningStatus.ACTIVE) {
        rule(l.id()).ifPresent(r -> gates.add(KnownFailureGate.compile(l, r.rule())));
      }
    }
    return gates;
  }

  /**
   * Returns the id of the learning a decision kept: the accepted or superseding learning, or the
   * one the candidate merged into.
   *
   * @param decision the decision
   * @return the id, or empty for a discard
   */
  public static Optional<String> keptId(GateDecision decision) {
    Objects.requireNonNull(decision, "decision");
    if (decision instanceof GateDecision.Accepted a) {
      return Optional.of(a.learning().id());
    } else if (decision instanceof GateDecision.Merged m) {
      return Optional.of(m.into().id());
    } else if (decision instanceof GateDecision.Superseded s) {
      return Optional.of(s.learning().id());
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "FailureHarvester[recurrence " + recurrenceThreshold + "]";
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3).stripTrailing() + "...";
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

  /**
   * Builds a {@link FailureHarvester}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Store store;
    private Clock clock = Clock.systemUTC();
    private @Nullable Supplier<String> ids;
    private int recurrenceThreshold = 3;

    private Builder(Store store) {
      this.store = store;
    }

    /**
     * Sets the clock failures are dated with when their source carries no time.
     *
     * @param clock the clock; default the system's, in UTC
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the generator of failure record ids.
     *
     * @param ids returns a new valid record id at each call
     * @return this builder
     */
    public Builder ids(Supplier<String> ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    /**
     * Sets in how many distinct sessions a signature must be seen to recur.
     *
     * @param sessions at least 2; default 3
     * @return this builder
     * @throws IllegalArgumentException if below 2
     */
    public Builder recurrenceThreshold(int sessions) {
      if (sessions < 2) {
        throw new IllegalArgumentException("recurrenceThreshold must be >= 2, but was " + sessions);
      }
      this.recurrenceThreshold = sessions;
      return this;
    }

    /**
     * Builds the harvester.
     *
     * @return the harvester
     */
    public FailureHarvester build() {
      return new FailureHarvester(this);
    }
  }
}
