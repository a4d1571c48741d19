package dev.agentops.knowledge.extraction;

import dev.agentops.knowledge.GateDecision;
import dev.agentops.knowledge.KnowledgeFlywheel;
import dev.agentops.knowledge.Learning;
import dev.agentops.knowledge.failure.FailureHarvester;
import dev.agentops.knowledge.failure.FailureRecord;
import dev.agentops.knowledge.failure.FailureRecords;
import dev.agentops.store.Store;
import dev.agentops.store.Versioned;
import dev.agentops.store.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a session (Factor VII: every session yields a session record with learnings, decisions
 * with their rationale, and dead ends): stores the {@link SessionRecord} with its failures, has the
 * extractor turn it into candidates, offers each to the flywheel's quality gate, stores the
 * detection rules of the failures whose lessons were kept, and records in the session record the
 * learnings kept.
 *
 * <p>The extractor is host code and guarded: if it throws, the {@link
 * DeterministicLearningExtractor} extracts instead and the report says why. Thread-safe if the
 * flywheel, the store and the extractor are.
 *
 * <pre>{@code
 * LearningExtraction extraction = LearningExtraction.builder(flywheel, store)
 *     .extractor(ModelLearningExtractor.builder(model).build())
 *     .build();
 * ExtractionReport report = extraction.extract(recorder.finish());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class LearningExtraction {

  private static final Logger LOG = LoggerFactory.getLogger(LearningExtraction.class);

  private final KnowledgeFlywheel flywheel;
  private final SessionRecords sessions;
  private final FailureHarvester harvester;
  private final LearningExtractor extractor;
  private final LearningExtractor fallback;

  private LearningExtraction(Builder b) {
    this.flywheel = b.flywheel;
    this.sessions = SessionRecords.of(b.store);
    this.harvester = b.harvester != null ? b.harvester : FailureHarvester.builder(b.store).build();
    this.extractor = b.extractor;
    this.fallback = b.fallback;
  }

  /**
   * Starts an extraction over a flywheel and the store it keeps its learnings in.
   *
   * @param flywheel the flywheel whose gate decides what is kept
   * @param store where session and failure records are kept
   * @return a builder
   */
  public static Builder builder(KnowledgeFlywheel flywheel, Store store) {
    return new Builder(
        Objects.requireNonNull(flywheel, "flywheel"), Objects.requireNonNull(store, "store"));
  }

  /**
   * Extracts a finished session: stores its record (unless it is stored already), offers the
   * candidates to the gate, and records the learnings kept in the session record.
   *
   * @param session the session's record
   * @return what was extracted and kept
   * @throws IllegalStateException if a different record is stored under the session's id, or the
   *     record kept changing while its learnings were recorded
   */
  public ExtractionReport extract(SessionRecord session) {
    Objects.requireNonNull(session, "session");
    Optional<Versioned<SessionRecord>> stored = sessions.find(session.id());
    if (stored.isEmpty()) {
      WriteResult r = sessions.save(session);
      if (!r.committed()) {
        throw new IllegalStateException(
            "session record '"
                + session.id()
                + "' or one of its failures could not be stored: "
                + r);
      }
    }
    String used = extractor.name();
    @Nullable String reason = null;
    List<Learning> candidates;
    try {
      if (extractor instanceof ModelLearningExtractor m) {
        ModelLearningExtractor.Outcome o = m.run(session, flywheel::newId);
        candidates = o.candidates();
        reason = o.fallbackReason();
      } else {
        candidates = extractor.extract(session, flywheel::newId);
      }
    } catch (RuntimeException e) {
      reason = "extractor " + used + " failed: " + e.getClass().getSimpleName();
      LOG.warn(
          "extraction from session {}: {}; falling back to {}",
          session.id(),
          reason,
          fallback.name());
      candidates = fallback.extract(session, flywheel::newId);
    }
    if (reason != null) {
      used = used + " -> fallback";
    }
    Map<String, FailureRecord> failures =
        session.failures().stream()
            .collect(Collectors.toMap(FailureRecord::id, Function.identity(), (a, b) -> a));
    List<GateDecision> decisions = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (Learning c : candidates) {
      GateDecision d = flywheel.offer(c);
      decisions.add(d);
      FailureHarvester.keptId(d)
          .ifPresent(id -> {
            if (!kept.contains(id)) {
              kept.add(id);
            }
          });
      String artifact = c.source().artifact();
      if (artifact != null && artifact.startsWith(FailureRecords.COLLECTION + "/")) {
        FailureRecord f = failures.get(artifact.substring(FailureRecords.COLLECTION.length() + 1));
        if (f != null) {
          harvester.attachRule(d, f);
        }
      }
    }
    recordKept(session.id(), kept);
    return new ExtractionReport(session.id(), used, reason, decisions, kept);
  }

  private void recordKept(String sessionId, List<String> kept) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Versioned<SessionRecord> current = sessions.find(sessionId).orElseThrow();
      List<String> all = new ArrayList<>(current.value().learnings());
      for (String id : kept) {
        if (!all.contains(id)) {
          all.add(id);
        }
      }
      if (sessions.updateLearnings(current, all).committed()) {
        return;
      }
    }
    throw new IllegalStateException(
        "session record '" + sessionId + "' kept changing while its learnings were recorded");
  }

  @Override
  public String toString() {
    return "LearningExtraction[" + extractor.name() + ", fallback " + fallback.name() + "]";
  }

  /**
   * Builds a {@link LearningExtraction}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final KnowledgeFlywheel flywheel;
    private final Store store;
    private LearningExtractor extractor = DeterministicLearningExtractor.defaults();
    private LearningExtractor fallback = DeterministicLearningExtractor.defaults();
    private @Nullable FailureHarvester harvester;

    private Builder(KnowledgeFlywheel flywheel, Store store) {
      this.flywheel = flywheel;
      this.store = store;
    }

    /**
     * Sets the extractor.
     *
     * @param extractor the extractor; default {@link DeterministicLearningExtractor#defaults()}
     * @return this builder
     */
    public Builder extractor(LearningExtractor extractor) {
      this.extractor = Objects.requireNonNull(extractor, "extractor");
      return this;
    }

    /**
     * Sets what extracts when the extractor throws.
     *
     * @param fallback the fallback; default {@link DeterministicLearningExtractor#defaults()}
     * @return this builder
     */
    public Builder fallback(LearningExtractor fallback) {
      this.fallback = Objects.requireNonNull(fallback, "fallback");
      return this;
    }

    /**
     * Sets the harvester that stores the detection rules of failures whose lessons are kept.
     *
     * @param harvester the harvester; default one over the store
     * @return this builder
     */
    public Builder harvester(FailureHarvester harvester) {
      this.harvester = Objects.requireNonNull(harvester, "harvester");
      return this;
    }

    /**
     * Builds the extraction.
     *
     * @return the extraction
     */
    public LearningExtraction build() {
      return new LearningExtraction(this);
    }
  }
}
