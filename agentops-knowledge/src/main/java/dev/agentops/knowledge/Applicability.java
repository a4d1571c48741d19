package dev.agentops.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a learning applies: the languages (or stacks) it is about, and in words, when it holds.
 * Retrieval filters on the languages; the condition is searched as text and shown when injected.
 *
 * @param languages lower-case names such as {@code java} or {@code go}; empty if it applies to any
 * @param when the condition under which it holds, such as "when tests share a database"; empty if
 *     none is known
 * @since 0.1.0
 */
public record Applicability(List<String> languages, String when) {

  /** Applies anywhere, with no known condition. */
  public static final Applicability ANY = new Applicability(List.of(), "");

  /**
   * Normalizes the components: languages trimmed, lower case, without blanks or repeats.
   *
   * @param languages the languages; {@code null} reads as none
   * @param when the condition; {@code null} reads as none
   */
  public Applicability {
    List<String> normalized = new ArrayList<>();
    if (languages != null) {
      for (String language : languages) {
        Objects.requireNonNull(language, "language");
        String l = language.trim().toLowerCase(Locale.ROOT);
        if (!l.isEmpty() && !normalized.contains(l)) {
          normalized.add(l);
        }
      }
    }
    languages = List.copyOf(normalized);
    when = when == null ? "" : when.strip();
  }

  /**
   * Returns an applicability.
   *
   * @param when the condition
   * @param languages the languages
   * @return the applicability
   */
  public static Applicability of(String when, String... languages) {
    return new Applicability(List.of(languages), when);
  }

  /**
   * Tells whether a learning with this applicability applies to a language.
   *
   * @param language a language, or {@code null} for "any"
   * @return {@code true} if no language is asked for, no language is known, or the language is
   *     listed
   */
  public boolean appliesTo(@Nullable String language) {
    return language == null
        || languages.isEmpty()
        || languages.contains(language.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * Tells whether anything is known.
   *
   * @return {@code true} if there are languages or a condition
   */
  public boolean known() {
    return !languages.isEmpty() || !when.isEmpty();
  }
}
