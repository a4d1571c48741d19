package dev.agentops.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The paths a worker may change: repository-relative path prefixes, matched segment by segment
 * ({@code src/main} covers {@code src/main} and {@code src/main/App.java}, not {@code
 * src/mainframe}). A prefix may name a folder or a single file; the empty prefix, {@link
 * #everything()}, covers the whole repository.
 *
 * <p>Prefixes are {@code /}-separated, relative, without empty, {@code .} or {@code ..} segments,
 * backslashes or control characters, and never inside {@code .git}. Before a wave starts, the
 * {@link WaveRunner} checks that no two workers' scopes {@linkplain #overlap(WriteScope) overlap}.
 *
 * @param prefixes the prefixes, normalized (trailing {@code /} removed), sorted, without duplicates
 * @since 0.1.0
 */
public record WriteScope(List<String> prefixes) {

  /**
   * Checks and normalizes the prefixes.
   *
   * @param prefixes the prefixes
   * @throws IllegalArgumentException naming a prefix that is not allowed
   */
  public WriteScope {
    Objects.requireNonNull(prefixes, "prefixes");
    TreeSet<String> clean = new TreeSet<>();
    for (String p : prefixes) {
      clean.add(normalize(p));
    }
    prefixes = List.copyOf(clean);
  }

  /**
   * Creates a scope.
   *
   * @param prefixes the prefixes
   * @return the scope
   */
  public static WriteScope of(String... prefixes) {
    return new WriteScope(List.of(prefixes));
  }

  /**
   * The scope of a worker that may change anything in the repository: it overlaps every scope but
   * {@link #none()}.
   *
   * @return the scope
   */
  public static WriteScope everything() {
    return new WriteScope(List.of(""));
  }

  /**
   * The scope of a worker that changes nothing, such as a researcher: it overlaps no scope.
   *
   * @return the scope
   */
  public static WriteScope none() {
    return new WriteScope(List.of());
  }

  /**
   * Tells whether the scope covers a path.
   *
   * @param path a repository-relative, {@code /}-separated path
   * @return {@code true} if some prefix covers it
   */
  public boolean allows(String path) {
    Objects.requireNonNull(path, "path");
    for (String p : prefixes) {
      if (covers(p, path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the first path both scopes cover, if there is one: the longer of two prefixes of which
   * one covers the other.
   *
   * @param other the other scope
   * @return a path both may change, or empty if the scopes are disjoint
   */
  public Optional<String> overlap(WriteScope other) {
    Objects.requireNonNull(other, "other");
    for (String a : prefixes) {
      for (String b : other.prefixes) {
        if (covers(a, b)) {
          return Optional.of(b);
        }
        if (covers(b, a)) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the paths of a list this scope does not cover.
   *
   * @param paths repository-relative paths
   * @return those outside the scope, in the given order
   */
  public List<String> outside(List<String> paths) {
    List<String> out = new ArrayList<>();
    for (String path : paths) {
      if (!allows(path)) {
        out.add(path);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    if (prefixes.equals(List.of(""))) {
      return "WriteScope[everything]";
    }
    return "WriteScope" + prefixes;
  }

  private static boolean covers(String prefix, String path) {
    return prefix.isEmpty()
        || path.equals(prefix)
        || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/');
  }

  private static String normalize(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    String p = prefix;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      if (!prefix.isEmpty()) {
        throw refused(prefix, "it is absolute");
      }
      return p;
    }
    if (p.startsWith("/")) {
      throw refused(prefix, "it is absolute");
    }
    if (p.indexOf('\\') >= 0) {
      throw refused(prefix, "it has a backslash; separate segments with '/'");
    }
    for (int i = 0; i < p.length(); i++) {
      if (Character.isISOControl(p.charAt(i))) {
        throw refused(prefix, "it has a control character");
      }
    }
    for (String segment : p.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw refused(prefix, "it has an empty, '.' or '..' segment");
      }
      if (segment.equals(".git")) {
        throw refused(prefix, "it is inside .git");
      }
    }
    if (p.matches("[A-Za-z]:.*")) {
      throw refused(prefix, "it is absolute");
    }
    return p;
  }

  private static IllegalArgumentException refused(String prefix, String why) {
    String shown = prefix.replaceAll("\\p{Cntrl}", "?");
    if (shown.length() > 80) {
      shown = shown.substring(0, 77) + "...";
    }
    return new IllegalArgumentException(
        "a write scope prefix must be a relative path inside the repository, but '"
            + shown
            + "' is not: "
            + why);
  }
}
