package dev.agentops.knowledge;

import dev.agentops.store.RecordKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One use of a learning by a session, with the session's feedback if it gave any. Citations are
 * appended to the store's {@value KnowledgeRecords#CITATIONS} log and never changed; a learning's
 * utility, maturity and last citation are derived from them.
 *
 * @param learning the learning's id
 * @param session the session's id
 * @param kind how the session used it
 * @param feedback what the session said about it, or {@code null} if nothing
 * @param at when
 * @since 0.1.0
 */
public record Citation(
    String learning, String session, CitationKind kind, @Nullable Feedback feedback, Instant at) {

  /**
   * Checks the components.
   *
   * @param learning the learning
   * @param session the session
   * @param kind the kind
   * @param feedback the feedback
   * @param at when
   * @throws IllegalArgumentException if the learning id is not a valid record id or the session is
   *     blank
   */
  public Citation {
    RecordKey.checkId(Objects.requireNonNull(learning, "learning"));
    Objects.requireNonNull(session, "session");
    if (session.isBlank()) {
      throw new IllegalArgumentException(
          "session of a citation of '" + learning + "' must not be blank");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
  }

  /**
   * Returns a citation of a learning a session applied.
   *
   * @param learning the learning's id
   * @param session the session's id
   * @param feedback what the session said about it
   * @param at when
   * @return the citation
   */
  public static Citation applied(String learning, String session, Feedback feedback, Instant at) {
    return new Citation(
        learning, session, CitationKind.APPLIED, Objects.requireNonNull(feedback, "feedback"), at);
  }

  /**
   * Returns the feedback, if the session gave any.
   *
   * @return the feedback
   */
  public Optional<Feedback> feedbackGiven() {
    return Optional.ofNullable(feedback);
  }
}
