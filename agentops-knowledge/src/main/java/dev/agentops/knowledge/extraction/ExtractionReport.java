package dev.agentops.knowledge.extraction;

import dev.agentops.knowledge.GateDecision;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What extracting one session came to: which extractor produced the candidates (and why a fallback
 * did, if one did), the quality gate's decision on each, and the learnings kept.
 *
 * @param session the session's id
 * @param extractor the name of the extractor that produced the candidates
 * @param fallbackReason why the fallback produced them, or {@code null} if the extractor did
 * @param decisions the quality gate's decision on each candidate, in order
 * @param kept the ids of the learnings kept: accepted, merged into, or superseding, without repeats
 * @since 0.1.0
 */
public record ExtractionReport(
    String session,
    String extractor,
    @Nullable String fallbackReason,
    List<GateDecision> decisions,
    List<String> kept) {

  /**
   * Copies the lists.
   *
   * @param session the session
   * @param extractor the extractor
   * @param fallbackReason why the fallback was used
   * @param decisions the decisions
   * @param kept the learnings kept
   */
  public ExtractionReport {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(extractor, "extractor");
    decisions = List.copyOf(decisions);
    kept = List.copyOf(kept);
  }

  /**
   * Counts the candidates the gate discarded.
   *
   * @return the discards
   */
  public long discarded() {
    return decisions.stream().filter(d -> d.kind() == GateDecision.Kind.DISCARDED).count();
  }
}
