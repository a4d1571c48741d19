package dev.agentops.llm;

import java.util.List;

/**
 * A model did not produce a usable structured reply within the allowed attempts.
 *
 * <p>Carries the problems of the last attempt and the last reply itself, truncated, both with
 * secrets redacted, so that the failure can be diagnosed without logging the whole exchange. The
 * message names the target type, the attempts and the problems; the reply itself appears in it only
 * as far as a problem quotes it (a rejected enum value, the token a parser choked on), and then
 * redacted. {@link #provider()} names the model that replied, as its reply named it.
 *
 * @since 0.1.0
 */
public class StructuredOutputException extends LanguageModelException {

  private static final long serialVersionUID = 1L;

  /** The longest part of the last reply that is kept, in characters. */
  public static final int MAX_OUTPUT_CHARS = 2_000;

  /** How many calls were made. */
  private final int attempts;

  /** What was wrong with the last reply. */
  private final List<String> problems;

  /** The last reply, truncated and redacted. */
  private final String output;

  /**
   * Creates an exception.
   *
   * @param modelId the model that replied, as its last reply named it
   * @param target the name of the schema or type asked for
   * @param attempts how many calls were made
   * @param problems what was wrong with the last reply, already redacted
   * @param output the last reply, already truncated and redacted
   */
  public StructuredOutputException(
      String modelId, String target, int attempts, List<String> problems, String output) {
    super(
        modelId,
        "model '"
            + modelId
            + "' gave no usable JSON for '"
            + target
            + "' in "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + "; last problems: "
            + String.join("; ", problems),
        null);
    this.attempts = attempts;
    this.problems = List.copyOf(problems);
    this.output = output;
  }

  /**
   * Returns how many calls were made.
   *
   * @return the attempts
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Returns what was wrong with the last reply, one problem per entry with its JSON path, with
   * secrets redacted.
   *
   * @return the problems
   */
  public List<String> problems() {
    return problems;
  }

  /**
   * Returns the last reply, cut to {@value #MAX_OUTPUT_CHARS} characters and with secrets redacted.
   *
   * @return the output
   */
  public String output() {
    return output;
  }
}
