package dev.agentops.hygiene;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets in text and replaces them with a marker naming their kind, before the text is
 * committed, logged, or carried in an exception message.
 *
 * <p>{@link #defaults()} recognizes common cloud and API credentials (AWS, GitHub, OpenAI,
 * Anthropic, Google, Slack, Stripe, JSON Web Tokens), private key blocks, bearer tokens, passwords
 * in URLs ({@code scheme://user:password@host}), credentials assigned to names like {@code
 * password}, {@code api_key}, {@code DB_PASSWORD} or {@code clientSecret} (only the value is
 * replaced, so the name stays readable), and, with a high-entropy detector, random-looking tokens
 * of 20 or more characters that mix upper case, lower case and digits. Hexadecimal strings such as
 * git object ids, and tokens made mostly of words, such as identifiers like {@code
 * Jackson2ObjectMapperBuilder} or model names like {@code Mixtral-8x7B-Instruct}, are never taken
 * for secrets by the entropy detector.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Redaction r = SecretRedactor.defaults().redact(transcript);
 * if (r.redacted()) log.warn("redacted {} secrets", r.findings().size());
 * store(r.text());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SecretRedactor {

  private static final SecretRedactor DEFAULTS = builder().build();

  /**
   * Candidate tokens for the entropy detector; '/' and '.' split tokens so paths do not match, and
   * '=' only ends one (base64 padding) so that {@code NAME=value} is judged by its value.
   */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+_\\-]+={0,2}");

  private static final int MIN_TOKEN_LENGTH = 20;

  /**
   * A date or date-time as file and record names spell them: {@code 20260215}, {@code
   * 20260215T182800Z}, {@code 2026-11-24}. Its digits read like words: they are not random.
   */
  private static final Pattern TIMESTAMP =
      Pattern.compile("(?<!\\d)(?:19|20)\\d{2}-?[01]\\d-?[0-3]\\d(?:[T-]?\\d{4,6}Z?)?(?!\\d)");

  /** A word as identifiers and model names spell them: {@code Factory}, {@code http}. */
  private static final Pattern WORD = Pattern.compile("[A-Z]?[a-z]{3,}");

  /** Tokens whose letters and digits are mostly words are names, not keys. */
  private static final double MAX_WORD_SHARE = 0.6;

  private final List<Rule> rules;
  private final double entropyThreshold;

  private SecretRedactor(Builder b) {
    this.rules = List.copyOf(b.rules);
    this.entropyThreshold = b.entropyThreshold;
  }

  /**
   * Returns a redactor with every built-in rule and the entropy detector on.
   *
   * @return the default redactor
   */
  public static SecretRedactor defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a redactor with the built-in rules, to which more can be added.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Redacts a text. Where matches overlap, the text they cover together is replaced once, under the
   * kind of the match that starts first.
   *
   * @param text the text
   * @return the redacted text and what was found
   */
  public Redaction redact(String text) {
    Objects.requireNonNull(text, "text");
    List<Redaction.Finding> found = new ArrayList<>();
    String lower = null;
    for (Rule rule : rules) {
      if (!rule.hints.isEmpty()) {
        if (lower == null) {
          lower = text.toLowerCase(Locale.ROOT);
        }
        if (!containsAny(lower, rule.hints)) {
          continue;
        }
      }
      Matcher m = rule.pattern.matcher(text);
      while (m.find()) {
        int group = m.groupCount() >= 1 && m.start(1) >= 0 ? 1 : 0;
        if (m.end(group) > m.start(group)) {
          found.add(new Redaction.Finding(rule.kind, m.start(group), m.end(group)));
        }
      }
    }
    if (entropyThreshold > 0) {
      Matcher m = TOKEN.matcher(text);
      while (m.find()) {
        if (m.end() - m.start() >= MIN_TOKEN_LENGTH
            && !covered(found, m.start(), m.end())
            && looksRandom(m.group())) {
          found.add(new Redaction.Finding("high-entropy", m.start(), m.end()));
        }
      }
    }
    if (found.isEmpty()) {
      return new Redaction(text, List.of());
    }
    found.sort(
        Comparator.comparingInt(Redaction.Finding::start)
            .thenComparing(Comparator.comparingInt(Redaction.Finding::end).reversed()));
    List<Redaction.Finding> kept = new ArrayList<>();
    StringBuilder out = new StringBuilder(text.length());
    int pos = 0;
    for (Redaction.Finding f : found) {
      if (f.start() < pos) {
        if (f.end() > pos) {
          // Reaches past the span already replaced: widen that span so no part of it leaks.
          Redaction.Finding last = kept.remove(kept.size() - 1);
          kept.add(new Redaction.Finding(last.kind(), last.start(), f.end()));
          pos = f.end();
        }
        continue;
      }
      out.append(text, pos, f.start()).append("[REDACTED:").append(f.kind()).append(']');
      pos = f.end();
      kept.add(f);
    }
    out.append(text, pos, text.length());
    return new Redaction(out.toString(), kept);
  }

  /**
   * Redacts a text and returns only the result.
   *
   * @param text the text
   * @return the redacted text
   */
  public String redactToString(String text) {
    return redact(text).text();
  }

  private static boolean containsAny(String text, List<String> literals) {
    for (String literal : literals) {
      if (text.contains(literal)) {
        return true;
      }
    }
    return false;
  }

  private static boolean covered(List<Redaction.Finding> found, int start, int end) {
    for (Redaction.Finding f : found) {
      if (f.start() < end && start < f.end()) {
        return true;
      }
    }
    return false;
  }

  private boolean looksRandom(String token) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    boolean hex = true;
    int alphanumeric = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
      hex &= Character.digit(c, 16) >= 0 || c == '-';
      alphanumeric += Character.isLetterOrDigit(c) ? 1 : 0;
    }
    if (!(upper && lower && digit) || hex) {
      return false;
    }
    // Identifiers such as Http2ServerUpgradeCodec and model names such as Mixtral-8x7B-Instruct
    // mix all three and score high on entropy, but read as words, which random keys rarely do.
    int inWords = 0;
    Matcher words = WORD.matcher(token);
    while (words.find()) {
      inWords += words.end() - words.start();
    }
    Matcher stamps = TIMESTAMP.matcher(token);
    while (stamps.find()) {
      inWords += stamps.end() - stamps.start();
    }
    if (inWords >= MAX_WORD_SHARE * alphanumeric) {
      return false;
    }
    // A random token of n distinct-ish symbols approaches log2(n) bits per character; words
    // and identifiers stay well below it.
    double max = Math.log(Math.min(token.length(), 64)) / Math.log(2);
    return shannonEntropy(token) >= entropyThreshold * max;
  }

  static double shannonEntropy(String s) {
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double entropy = 0;
    double n = s.length();
    for (int count : counts) {
      if (count > 0) {
        double p = count / n;
        entropy -= p * Math.log(p);
      }
    }
    if (other > 0) {
      double p = other / n;
      entropy -= p * Math.log(p);
    }
    return entropy / Math.log(2);
  }

  /**
   * A rule, and literals of which every match holds at least one (lower case, compared with the
   * lower-cased text): a text holding none of them is not searched. No literals: always searched.
   */
  private record Rule(String kind, Pattern pattern, List<String> hints) {}

  /**
   * Builds a {@link SecretRedactor}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final List<Rule> rules = new ArrayList<>();
    private double entropyThreshold = 0.80;

    private Builder() {
      rule(
          "private-key",
          "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?"
              + "-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----",
          "-----begin ");
      rule(
          "aws-access-key",
          "\\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\\b",
          "akia",
          "asia",
          "abia",
          "acca");
      rule(
          "aws-secret-key",
          "(?i)aws_?secret_?(?:access_?)?key[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+=]{40})",
          "secret");
      rule(
          "github-token",
          "\\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255})\\b",
          "ghp_",
          "gho_",
          "ghu_",
          "ghs_",
          "ghr_");
      rule("github-token", "\\b(github_pat_[A-Za-z0-9_]{50,255})\\b", "github_pat_");
      rule("anthropic-key", "\\b(sk-ant-[A-Za-z0-9_\\-]{20,})", "sk-ant-");
      rule("openai-key", "\\b(sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\\-]{20,})", "sk-");
      rule("google-api-key", "\\b(AIza[0-9A-Za-z_\\-]{35})", "aiza");
      rule("slack-token", "\\b((?:xox[abeoprs]|xapp)-[A-Za-z0-9\\-]{10,})", "xox", "xapp-");
      rule("stripe-key", "\\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,})", "_live_", "_test_");
      rule(
          "jwt",
          "\\b(eyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,})",
          "eyj");
      rule("bearer-token", "(?i)\\bbearer\\s+([A-Za-z0-9._~+/\\-]{16,}=*)", "bearer");
      rule("url-password", "\\b[A-Za-z][A-Za-z0-9+.\\-]*://[^\\s:/?#@]*:([^\\s/?#@]+)@", "://");
      // The name may end a longer one (DB_PASSWORD, clientSecret); PWD=/path is the shell's
      // working directory; a quoted value may hold spaces.
      rule(
          "credential",
          "(?i)(?:(?<![A-Za-z0-9])|(?-i:(?<=[a-z0-9])(?=[A-Z])))"
              + "(?:password|passwd|pwd(?!=/)|secret|client_secret|api[_-]?key|access[_-]?token"
              + "|auth[_-]?token|private[_-]?key)[\"']?\\s*[:=]\\s*[\"']?"
              + "((?<=\")[^\"\\r\\n]{8,}(?=\")|(?<=')[^'\\r\\n]{8,}(?=')|[^\\s\"',;]{8,})",
          "password",
          "passwd",
          "pwd",
          "secret",
          "api",
          "token",
          "private");
      rule(
          "connection-string-key",
          "(?i)\\b(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/=]{20,})",
          "accountkey",
          "sharedaccesskey");
    }

    /**
     * Adds a rule. If the pattern has a capturing group, only the first group is redacted (so that
     * {@code password=} stays readable); otherwise the whole match is.
     *
     * @param kind the name the marker shows, such as {@code internal-token}
     * @param regex the pattern, in {@link Pattern} syntax
     * @return this builder
     * @throws java.util.regex.PatternSyntaxException if the pattern is invalid
     */
    public Builder rule(String kind, String regex) {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(regex, "regex");
      if (kind.isBlank()) {
        throw new IllegalArgumentException("kind must not be blank");
      }
      rules.add(new Rule(kind, Pattern.compile(regex), List.of()));
      return this;
    }

    private void rule(String kind, String regex, String... hints) {
      rules.add(new Rule(kind, Pattern.compile(regex), List.of(hints)));
    }

    /**
     * Sets how random a token must look to the entropy detector, as a fraction of the largest
     * entropy a token of its length can have. The default 0.80 redacts generated keys and leaves
     * identifiers alone.
     *
     * @param fraction between 0 (exclusive) and 1 (inclusive)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder entropyThreshold(double fraction) {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException(
            "entropy threshold must be in (0, 1], but was " + fraction);
      }
      this.entropyThreshold = fraction;
      return this;
    }

    /**
     * Turns the entropy detector off, leaving only the pattern rules.
     *
     * @return this builder
     */
    public Builder withoutEntropyDetector() {
      this.entropyThreshold = 0;
      return this;
    }

    /**
     * Builds the redactor.
     *
     * @return the redactor
     */
    public SecretRedactor build() {
      return new SecretRedactor(this);
    }
  }
}
