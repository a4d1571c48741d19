package dev.agentops.hygiene;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the absolute paths of one machine out of what is committed (Factor II: records must read
 * the same on every machine, and must not reveal who wrote them where).
 *
 * <p>A path under the repository's root becomes repository-relative ({@code
 * /home/ana/src/shop/src/Main.java} → {@code src/Main.java}); any other path in a home directory
 * ({@code /home/<user>/…}, {@code /Users/<user>/…}, {@code C:\Users\<user>\…}) becomes
 * home-relative ({@code ~/…}), or, if the normalizer is strict, makes the text refused.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class PathNormalizer {

  /** What was changed: the kind of path and the replacement's start. */
  public record Change(String kind, int start) {}

  /** The result: the text with paths replaced, and what was replaced. */
  public record Result(String text, List<Change> changes) {

    /**
     * Copies the changes.
     *
     * @param text the normalized text
     * @param changes the changes
     */
    public Result {
      Objects.requireNonNull(text, "text");
      changes = List.copyOf(changes);
    }
  }

  private static final Pattern HOME =
      Pattern.compile(
          "(?<![\\w.~-])(?:/(?:home|Users)/[^/\\s\"'`<>|:]+|[A-Za-z]:\\\\Users\\\\[^\\\\\\s\"'`<>|:]+)(?=[/\\\\]|\\b|$)");

  private final @Nullable String root;
  private final boolean strict;

  private PathNormalizer(@Nullable String root, boolean strict) {
    this.root = root;
    this.strict = strict;
  }

  /**
   * Returns a normalizer for a repository.
   *
   * @param repositoryRoot the repository's working directory
   * @return a normalizer that makes paths under it relative and home paths home-relative
   */
  public static PathNormalizer forRoot(Path repositoryRoot) {
    String r = repositoryRoot.toAbsolutePath().normalize().toString();
    boolean trailing = r.length() > 1 && (r.endsWith("/") || r.endsWith("\\"));
    return new PathNormalizer(trailing ? r.substring(0, r.length() - 1) : r, false);
  }

  /**
   * Returns a normalizer with no repository root: home paths become home-relative.
   *
   * @return the normalizer
   */
  public static PathNormalizer homesOnly() {
    return new PathNormalizer(null, false);
  }

  /**
   * Returns a copy that refuses text with a home path outside the repository instead of rewriting
   * it.
   *
   * @return the strict normalizer
   */
  public PathNormalizer strict() {
    return new PathNormalizer(root, true);
  }

  /**
   * Normalizes a text.
   *
   * @param text the text
   * @return the text with paths replaced, and what was replaced
   * @throws IllegalArgumentException if the normalizer is strict and the text has a home path
   *     outside the repository
   */
  public Result normalize(String text) {
    Objects.requireNonNull(text, "text");
    List<Change> changes = new ArrayList<>();
    String t = text;
    if (root != null && !root.isEmpty() && t.contains(root)) {
      Matcher r = Pattern.compile(Pattern.quote(root) + "(?:[/\\\\]|(?![\\w.-]))").matcher(t);
      StringBuilder sb = new StringBuilder();
      while (r.find()) {
        boolean separator = r.end() > r.start() + root.length();
        r.appendReplacement(sb, separator ? "" : ".");
        changes.add(new Change("repository-path", sb.length()));
      }
      r.appendTail(sb);
      t = sb.toString();
    }
    Matcher m = HOME.matcher(t);
    if (m.find()) {
      if (strict) {
        throw new IllegalArgumentException(
            "the text holds a path in a home directory, which may not be committed");
      }
      StringBuilder sb = new StringBuilder();
      do {
        m.appendReplacement(sb, "~");
        changes.add(new Change("home-path", sb.length() - 1));
      } while (m.find());
      m.appendTail(sb);
      t = sb.toString();
    }
    return new Result(t, changes);
  }
}
