package dev.agentops.knowledge;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A search of a {@link KnowledgeIndex}: free text, matched by relevance against a learning's title,
 * what, why and tags, and filters on kind, status and language.
 *
 * <pre>{@code
 * IndexQuery q = IndexQuery.of("flaky integration test shares a database", 20)
 *     .withLanguage("java")
 *     .withKinds(EnumSet.of(LearningKind.ANTI_PATTERN, LearningKind.FAILURE));
 * }</pre>
 *
 * @param text the text to match; the index analyzes it as it analyzed the learnings
 * @param kinds the kinds to return; empty for any
 * @param statuses the statuses to return; empty for any
 * @param language return only learnings that apply to this language (those that list it, and those
 *     that list none), or {@code null} for any
 * @param limit the most hits to return, at least 1
 * @since 0.1.0
 */
public record IndexQuery(
    String text,
    Set<LearningKind> kinds,
    Set<LearningStatus> statuses,
    @Nullable String language,
    int limit) {

  /**
   * Checks and copies the components.
   *
   * @param text the text
   * @param kinds the kinds
   * @param statuses the statuses
   * @param language the language
   * @param limit the limit
   * @throws IllegalArgumentException if the limit is below 1
   */
  public IndexQuery {
    Objects.requireNonNull(text, "text");
    kinds = Set.copyOf(Objects.requireNonNull(kinds, "kinds"));
    statuses = Set.copyOf(Objects.requireNonNull(statuses, "statuses"));
    language = language == null || language.isBlank() ? null : language.strip();
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, but was " + limit);
    }
  }

  /**
   * Returns a query for live learnings (pending or active) of any kind and language.
   *
   * @param text the text
   * @param limit the most hits
   * @return the query
   */
  public static IndexQuery of(String text, int limit) {
    return new IndexQuery(
        text, Set.of(), EnumSet.of(LearningStatus.PENDING, LearningStatus.ACTIVE), null, limit);
  }

  /**
   * Returns this query restricted to some kinds.
   *
   * @param kinds the kinds; empty for any
   * @return the query
   */
  public IndexQuery withKinds(Set<LearningKind> kinds) {
    return new IndexQuery(text, kinds, statuses, language, limit);
  }

  /**
   * Returns this query restricted to some statuses.
   *
   * @param statuses the statuses; empty for any
   * @return the query
   */
  public IndexQuery withStatuses(Set<LearningStatus> statuses) {
    return new IndexQuery(text, kinds, statuses, language, limit);
  }

  /**
   * Returns this query restricted to learnings that apply to a language.
   *
   * @param language the language, or {@code null} for any
   * @return the query
   */
  public IndexQuery withLanguage(@Nullable String language) {
    return new IndexQuery(text, kinds, statuses, language, limit);
  }

  /**
   * Returns this query with another limit.
   *
   * @param limit the most hits
   * @return the query
   */
  public IndexQuery withLimit(int limit) {
    return new IndexQuery(text, kinds, statuses, language, limit);
  }
}
