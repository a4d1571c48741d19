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
 * <ul>
 *   <li><b>One method.</b> {@link #extract(SessionRecord, Supplier)} returns the candidates, each
 *       with an id from {@code ids}, status {@link dev.agentops.knowledge.LearningStatus#PENDING},
 *       dated when the session ended, and a {@link dev.agentops.knowledge.LearningSource} naming
 *       the session (and the work item and artifact it was drawn from, when known).
 *   <li><b>Not from transcript text alone.</b> Cutting sentences out of a transcript with regular
 *       expressions produced fragment soup in the reference plugin; draw on what the session
 *       recorded through the API, or ask a model to state lessons whole.
 *   <li><b>Threading.</b> Implementations must be safe for concurrent calls.
 *   <li><b>Nullness.</b> Arguments and results are never {@code null}; an empty list means the
 *       session taught nothing worth offering.
 *   <li><b>Idempotency.</b> Extraction has no side effect on the store; a model-based extractor
 *       spends tokens at every call.
 *   <li><b>Failures.</b> An extractor that cannot produce candidates throws {@link
 *       ExtractionException}; {@link LearningExtraction} then falls back to the deterministic
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
