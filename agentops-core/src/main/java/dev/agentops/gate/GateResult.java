package dev.agentops.gate;

import dev.agentops.hygiene.SecretRedactor;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one run of a {@link Gate} found: its status, a one-line summary, the output it produced
 * (bounded and with secrets redacted), how long it took and, for a process, its exit code.
 *
 * <p>The constructor redacts secrets from the summary and the output with {@link
 * SecretRedactor#defaults()} and keeps at most {@link #MAX_OUTPUT_CHARS} characters of output (the
 * head and the tail, with a marker saying how much was left out between them) and {@link
 * #MAX_SUMMARY_CHARS} of summary, so a result can be logged, stored in git and shown to a model as
 * it is.
 *
 * @param gate the name of the gate that produced it
 * @param status what the check found
 * @param summary what happened, in a line, such as {@code "exit code 1"}
 * @param output what the check printed; may be empty
 * @param duration how long the check took
 * @param exitCode the process's exit code, or {@code null} if the gate ran no process or the
 *     process did not exit by itself
 * @since 0.1.0
 */
public record GateResult(
    String gate,
    GateStatus status,
    String summary,
    String output,
    Duration duration,
    @Nullable Integer exitCode) {

  /** The most characters of output a result keeps: 1 Mi (1,048,576). */
  public static final int MAX_OUTPUT_CHARS = 1 << 20;

  /** The most characters of summary a result keeps. */
  public static final int MAX_SUMMARY_CHARS = 1_000;

  /**
   * Checks the components, redacts secrets from the summary and output, and bounds them.
   *
   * @param gate the gate's name
   * @param status what the check found
   * @param summary what happened, in a line
   * @param output what the check printed
   * @param duration how long it took
   * @param exitCode the exit code, or {@code null}
   * @throws IllegalArgumentException if the gate's name is blank or the duration is negative
   */
  public GateResult {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(duration, "duration");
    if (gate.isBlank()) {
      throw new IllegalArgumentException("gate of a gate result must not be blank");
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "duration of the result of gate '"
              + gate
              + "' must not be negative, but was "
              + duration);
    }
    // Redact before cutting, so that a secret is never cut in half and left recognizable.
    summary = headAndTail(SecretRedactor.defaults().redactToString(summary), MAX_SUMMARY_CHARS);
    output = headAndTail(SecretRedactor.defaults().redactToString(output), MAX_OUTPUT_CHARS);
  }

  /**
   * Returns a passing result without output.
   *
   * @param gate the gate's name
   * @param summary what happened
   * @param duration how long it took
   * @return the result
   */
  public static GateResult pass(String gate, String summary, Duration duration) {
    return new GateResult(gate, GateStatus.PASS, summary, "", duration, null);
  }

  /**
   * Returns a failing result.
   *
   * @param gate the gate's name
   * @param summary what failed, in a line
   * @param output the details
   * @param duration how long it took
   * @return the result
   */
  public static GateResult fail(String gate, String summary, String output, Duration duration) {
    return new GateResult(gate, GateStatus.FAIL, summary, output, duration, null);
  }

  /**
   * Returns the result of a gate that could not run.
   *
   * @param gate the gate's name
   * @param summary why it could not run
   * @param duration how long the attempt took
   * @return the result
   */
  public static GateResult error(String gate, String summary, Duration duration) {
    return new GateResult(gate, GateStatus.ERROR, summary, "", duration, null);
  }

  /**
   * Tells whether the gate passed.
   *
   * @return {@code true} for {@link GateStatus#PASS}
   */
  public boolean passed() {
    return status == GateStatus.PASS;
  }

  static String headAndTail(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    // The marker is at most this long, whatever number it ends up holding.
    int markerLength = marker(text.length()).length();
    int keep = Math.max(0, max - markerLength);
    int head = keep / 2;
    int tailStart = text.length() - (keep - head);
    // Cut between code points, never inside a surrogate pair.
    if (head > 0 && Character.isHighSurrogate(text.charAt(head - 1))) {
      head--;
    }
    if (tailStart < text.length() && Character.isLowSurrogate(text.charAt(tailStart))) {
      tailStart++;
    }
    return text.substring(0, head) + marker(tailStart - head) + text.substring(tailStart);
  }

  private static String marker(int omitted) {
    return "\n…[" + omitted + " characters left out]…\n";
  }
}
