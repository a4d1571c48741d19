package dev.agentops.hygiene;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every record passes through before it is committed: secrets redacted ({@link
 * SecretRedactor}) and machine paths normalized ({@link PathNormalizer}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RecordHygiene {

  /** One thing changed: its kind (a secret's kind, or a path kind) and what was done. */
  public record Change(String kind, String action) {}

  /** The cleaned text and what was changed. */
  public record Cleaned(String text, List<Change> changes) {

    /**
     * Copies the changes.
     *
     * @param text the cleaned text
     * @param changes the changes
     */
    public Cleaned {
      Objects.requireNonNull(text, "text");
      changes = List.copyOf(changes);
    }
  }

  private static final RecordHygiene NONE =
      new RecordHygiene(SecretRedactor.defaults(), PathNormalizer.homesOnly(), false);

  private final SecretRedactor redactor;
  private final PathNormalizer paths;
  private final boolean enabled;

  private RecordHygiene(SecretRedactor redactor, PathNormalizer paths, boolean enabled) {
    this.redactor = redactor;
    this.paths = paths;
    this.enabled = enabled;
  }

  /**
   * Returns hygiene with both checks and their defaults.
   *
   * @param paths the path normalizer, usually {@link PathNormalizer#forRoot}
   * @return the hygiene
   */
  public static RecordHygiene of(PathNormalizer paths) {
    return new RecordHygiene(
        SecretRedactor.defaults(), Objects.requireNonNull(paths, "paths"), true);
  }

  /**
   * Returns hygiene with the given checks.
   *
   * @param redactor the secret redactor
   * @param paths the path normalizer
   * @return the hygiene
   */
  public static RecordHygiene of(SecretRedactor redactor, PathNormalizer paths) {
    return new RecordHygiene(
        Objects.requireNonNull(redactor, "redactor"), Objects.requireNonNull(paths, "paths"), true);
  }

  /**
   * Returns hygiene that changes nothing, for tests of what would otherwise be changed.
   *
   * @return no hygiene
   */
  public static RecordHygiene none() {
    return NONE;
  }

  /**
   * Cleans a text.
   *
   * @param text the text
   * @return the cleaned text and what was changed
   * @throws IllegalArgumentException if a strict path normalizer refuses the text
   */
  public Cleaned clean(String text) {
    Objects.requireNonNull(text, "text");
    if (!enabled) {
      return new Cleaned(text, List.of());
    }
    List<Change> changes = new ArrayList<>();
    PathNormalizer.Result normalized = paths.normalize(text);
    normalized.changes().forEach(c -> changes.add(new Change(c.kind(), "made relative")));
    Redaction redaction = redactor.redact(normalized.text());
    redaction.findings().forEach(f -> changes.add(new Change(f.kind(), "redacted")));
    return new Cleaned(redaction.text(), changes);
  }
}
