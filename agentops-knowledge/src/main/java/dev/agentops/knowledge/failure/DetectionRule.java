package dev.agentops.knowledge.failure;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How to recognize a known-bad approach in an artifact, so that a negative learning can be compiled
 * into a {@link dev.agentops.gate.Gate} ({@link KnownFailureGate}): a literal or a regular
 * expression searched in the artifact's content, or a glob matched against the paths it changes.
 *
 * <p>For {@link Kind#PATH_GLOB}, the changed paths are read from the headers of a unified diff
 * ({@code diff --git a/… b/…}, {@code +++ b/…}); content that holds no diff header is read as a
 * list of paths, one a line. In a glob, {@code **} matches any characters, {@code *} and {@code ?}
 * any characters or one character within a path segment; paths use {@code /} on every platform.
 *
 * @param kind how {@code pattern} is matched
 * @param pattern the literal, regular expression or glob; at most {@value #MAX_PATTERN_CHARS}
 *     characters
 * @since 0.1.0
 */
public record DetectionRule(Kind kind, String pattern) {

  /** The longest pattern a rule may have, in characters. */
  public static final int MAX_PATTERN_CHARS = 500;

  /** The most matches a rule reports as evidence. */
  public static final int MAX_EVIDENCE = 10;

  private static final Pattern DIFF_GIT = Pattern.compile("^diff --git a/(\\S+) b/(\\S+)");
  private static final Pattern DIFF_FILE = Pattern.compile("^(?:\\+\\+\\+|---) (?:[ab]/)?(\\S+)");

  /**
   * How a rule matches.
   *
   * @since 0.1.0
   */
  public enum Kind {
    /** The content contains the pattern, as is (case-sensitive). */
    LITERAL,
    /** The pattern, a Java regular expression, is found in the content. */
    REGEX,
    /** A path the artifact changes matches the pattern, a glob. */
    PATH_GLOB;

    /**
     * Returns the name written in records.
     *
     * @return such as {@code path-glob}
     */
    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Reads a written kind.
     *
     * @param name the wire name, in any case, with hyphens or underscores
     * @return the kind
     * @throws IllegalArgumentException if the name is not a kind
     */
    @JsonCreator
    public static Kind fromWireName(String name) {
      String n = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
      for (Kind k : values()) {
        if (k.name().equals(n)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "kind of a detection rule must be literal, regex or path-glob, but was '" + name + "'");
    }
  }

  /**
   * Checks the rule, compiling its pattern.
   *
   * @param kind the kind
   * @param pattern the pattern
   * @throws IllegalArgumentException if the pattern is blank, too long, or does not compile
   */
  public DetectionRule {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isBlank() || pattern.length() > MAX_PATTERN_CHARS) {
      throw new IllegalArgumentException(
          "pattern of a "
              + kind.wireName()
              + " detection rule must be 1 to "
              + MAX_PATTERN_CHARS
              + " non-blank characters, but was "
              + pattern.length()
              + " characters");
    }
    if (kind != Kind.LITERAL) {
      compile(kind, pattern);
    }
  }

  /**
   * Returns a rule matching a literal in the content.
   *
   * @param literal the literal
   * @return the rule
   */
  public static DetectionRule literal(String literal) {
    return new DetectionRule(Kind.LITERAL, literal);
  }

  /**
   * Returns a rule matching a regular expression in the content.
   *
   * @param regex the regular expression
   * @return the rule
   */
  public static DetectionRule regex(String regex) {
    return new DetectionRule(Kind.REGEX, regex);
  }

  /**
   * Returns a rule matching a glob against the changed paths.
   *
   * @param glob the glob, such as {@code **}{@code /module-info.java}
   * @return the rule
   */
  public static DetectionRule pathGlob(String glob) {
    return new DetectionRule(Kind.PATH_GLOB, glob);
  }

  /**
   * Finds where the rule matches a content: the lines (for a literal or expression) or the paths
   * (for a glob) that match, at most {@value #MAX_EVIDENCE}.
   *
   * @param content the artifact's content
   * @return the evidence, each entry a line number and line, or a path; empty if nothing matches
   */
  public List<String> evidence(String content) {
    Objects.requireNonNull(content, "content");
    List<String> found = new ArrayList<>();
    if (kind == Kind.PATH_GLOB) {
      Pattern glob = compile(kind, pattern);
      for (String path : changedPaths(content)) {
        if (glob.matcher(path).matches() && !found.contains(path)) {
          found.add(path);
          if (found.size() == MAX_EVIDENCE) {
            break;
          }
        }
      }
      return found;
    }
    Pattern regex = kind == Kind.REGEX ? compile(kind, pattern) : null;
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length && found.size() < MAX_EVIDENCE; i++) {
      boolean hit = regex == null ? lines[i].contains(pattern) : regex.matcher(lines[i]).find();
      if (hit) {
        found.add("line " + (i + 1) + ": " + abbreviate(lines[i].strip()));
      }
    }
    if (found.isEmpty() && regex != null && regex.matcher(content).find()) {
      // An expression spanning lines matches the whole content, not any one line.
      found.add("content: " + abbreviate(firstMatch(regex, content)));
    }
    return found;
  }

  /**
   * Tells whether the rule matches a content.
   *
   * @param content the artifact's content
   * @return {@code true} if {@link #evidence(String)} finds anything
   */
  public boolean matches(String content) {
    return !evidence(content).isEmpty();
  }

  /**
   * Describes the rule in a line, for gate output and learnings.
   *
   * @return such as {@code path-glob "**}{@code /module-info.java"}
   */
  @JsonIgnore
  public String description() {
    return kind.wireName() + " \"" + pattern + "\"";
  }

  /**
   * Returns the paths a content changes: from unified diff headers, or every non-blank line.
   *
   * @param content a diff or a list of paths
   * @return the paths, in order, without repeats
   */
  static List<String> changedPaths(String content) {
    List<String> paths = new ArrayList<>();
    boolean diff = false;
    for (String raw : content.split("\n")) {
      String line = raw.stripTrailing();
      Matcher git = DIFF_GIT.matcher(line);
      if (git.find()) {
        diff = true;
        add(paths, git.group(1));
        add(paths, git.group(2));
        continue;
      }
      Matcher file = DIFF_FILE.matcher(line);
      if (file.find() && !file.group(1).equals("/dev/null")) {
        diff = true;
        add(paths, file.group(1));
      }
    }
    if (!diff) {
      for (String line : content.split("\n")) {
        if (!line.isBlank()) {
          add(paths, line.strip());
        }
      }
    }
    return paths;
  }

  private static void add(List<String> paths, String path) {
    if (!paths.contains(path)) {
      paths.add(path);
    }
  }

  private static Pattern compile(Kind kind, String pattern) {
    try {
      return kind == Kind.REGEX ? Pattern.compile(pattern) : Pattern.compile(globToRegex(pattern));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "pattern of a "
              + kind.wireName()
              + " detection rule does not compile: "
              + e.getDescription()
              + " near index "
              + e.getIndex(),
          e);
    }
  }

  static String globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          i++;
          // "**/" also matches no directory at all.
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
            i++;
            re.append("(?:.*/)?");
          } else {
            re.append(".*");
          }
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.toString();
  }

  private static String firstMatch(Pattern regex, String content) {
    Matcher m = regex.matcher(content);
    return m.find() ? m.group() : "";
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }
}
