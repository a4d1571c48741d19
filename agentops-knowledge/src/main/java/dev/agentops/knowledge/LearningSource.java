package dev.agentops.knowledge;

import org.jspecify.annotations.Nullable;

/**
 * Where a learning came from: the session that produced it, the work item it was produced for, and
 * the artifact it was drawn from (a retro, a council report, a failure record). Provenance is part
 * of a learning's context: the quality rubric counts it, and a reader can go back to the source.
 *
 * @param session the session's id, or {@code null} if unknown
 * @param workItem the work item's id, or {@code null} if unknown
 * @param artifact a relative path or id of the artifact, or {@code null} if unknown
 * @since 0.1.0
 */
public record LearningSource(
    @Nullable String session, @Nullable String workItem, @Nullable String artifact) {

  /** Nothing is known of where the learning came from. */
  public static final LearningSource UNKNOWN = new LearningSource(null, null, null);

  /**
   * Normalizes blank parts to {@code null}.
   *
   * @param session the session
   * @param workItem the work item
   * @param artifact the artifact
   */
  public LearningSource {
    session = blankToNull(session);
    workItem = blankToNull(workItem);
    artifact = blankToNull(artifact);
  }

  /**
   * Returns the provenance of a learning drawn from a session.
   *
   * @param session the session's id
   * @return the source
   */
  public static LearningSource session(String session) {
    return new LearningSource(session, null, null);
  }

  /**
   * Tells whether anything is known.
   *
   * @return {@code true} if any part is set
   */
  public boolean known() {
    return session != null || workItem != null || artifact != null;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
