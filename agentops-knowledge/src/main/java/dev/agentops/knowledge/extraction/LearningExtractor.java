package dev.agentops.knowledge.extraction;

import dev.agentops.knowledge.Learning;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns what a session did into candidate learnings (Factor VII). The candidates are offered to the
 * flywheel's quality gate, which decides what is kept; an extractor need not judge quality itself.
 *
 * <h2>Contract for implementers</h2>
 *
 * <p>The clauses are checked by the abstract {@code LearningExtractorContract} in this module's
 * test jar ({@code agentops-knowledge}, type {@code test-jar}); an extractor should extend it in
 * its tests.
 *
 * <ul>
 *   <li><b>One method.</b> {@link #extract(SessionRecord, Supplier)} returns the candidates, each
 *       with its own id from {@code ids}, status {@link
 *       dev.agentops.knowledge.LearningStatus#PENDING}, dated when the session ended, and new: never
 *       cited, without feedback, superseding nothing. Each is a well-formed {@link
 *       dev.agentops.knowledge.Learning} that the store's codec ({@link
 *       dev.agentops.knowledge.KnowledgeRecords#codec()}) writes and reads back unchanged.
 *   <li><b>Provenance is never invented.</b> Each candidate's {@link
 *       dev.agentops.knowledge.LearningSource} names the session; its work item, if any, is the
 *       session's or one its failures name; its artifact, if any, is something the record holds:
 *       the session record ({@code sessions/<id>}), one of its verdicts (by id), one of its failures
 *       ({@code failures/<id>}) or one of its artifacts (by name).
 *   <li><b>Not from transcript text alone.</b> Cutting sentences out of a transcript with regular
 *       expressions produced fragment soup in the reference plugin; draw on what the session
 *       recorded through the API, or ask a model to state lessons whole. No candidate copies a
 *       sentence of the transcript verbatim.
 *   <li><b>Empty sessions.</b> A session that recorded nothing (no messages, decisions, dead ends,
 *       failures or verdicts) yields a list, usually empty, never an exception.
 *   <li><b>Determinism.</b> An extractor that does not call out (such as the {@link
 *       DeterministicLearningExtractor}) returns equal candidates for equal records and ids; one
 *       over a model is as deterministic as its model.
 *   <li><b>Threading.</b> Implementations must be safe for concurrent calls.
 *   <li><b>Nullness.</b> Arguments and results are never {@code null} (a {@code null} argument is
 *       a {@link NullPointerException}); an empty list means the session taught nothing worth
 *       offering.
 *   <li><b>Idempotency.</b> Extraction has no side effect on the store; a model-based extractor
 *       spends tokens at every call.
 *   <li><b>Failures.</b> An extractor that cannot produce candidates throws {@link
 *       ExtractionException} whose {@link ExtractionException#session()} is the session's id and
 *       whose message names it; {@link LearningExtraction} then falls back to the deterministic
 *       extractor and reports why.
 * </ul>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LearningExtractor {

  /**
   * Extracts candidate learnings from a session.
   *
   * @param session what the session did
   * @param ids returns a new learning id at each call
   * @return the candidates; empty if there are none
   * @throws ExtractionException if the extractor could not produce candidates
   */
  List<Learning> extract(SessionRecord session, Supplier<String> ids);

  /**
   * Returns the extractor's name, shown in reports.
   *
   * @return the name; by default the class's simple name
   */
  default String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? "extractor" : simple;
  }
}
