package dev.agentops.hygiene;

import java.util.List;
import java.util.Objects;

/**
 * The result of redacting a text: the text with every secret replaced by a marker such as {@code
 * [REDACTED:aws-access-key]}, and where each secret was found.
 *
 * @param text the redacted text
 * @param findings what was redacted, in order of position in the original text
 * @since 0.1.0
 */
public record Redaction(String text, List<Finding> findings) {

  /**
   * Checks and copies the components.
   *
   * @param text the redacted text
   * @param findings what was redacted
   * @throws NullPointerException if a component is null
   */
  public Redaction {
    Objects.requireNonNull(text, "text");
    findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
  }

  /**
   * Tells whether anything was redacted.
   *
   * @return {@code true} if at least one secret was found
   */
  public boolean redacted() {
    return !findings.isEmpty();
  }

  /**
   * One secret found in the original text. The secret itself is not kept.
   *
   * @param kind what the secret looked like, such as {@code aws-access-key} or {@code high-entropy}
   * @param start the index of its first character in the original text
   * @param end the index after its last character in the original text
   * @since 0.1.0
   */
  public record Finding(String kind, int start, int end) {

    /**
     * Checks the span.
     *
     * @param kind what the secret looked like
     * @param start the index of its first character
     * @param end the index after its last character
     * @throws IllegalArgumentException if the span is empty or negative
     */
    public Finding {
      Objects.requireNonNull(kind, "kind");
      if (start < 0 || end <= start) {
        throw new IllegalArgumentException(
            "a finding needs 0 <= start < end, but was " + start + ".." + end);
      }
    }
  }
}
