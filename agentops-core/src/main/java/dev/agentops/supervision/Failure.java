package dev.agentops.supervision;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Why one attempt failed, in the three parts supervision needs: a class the {@link
 * EscalationPolicy} maps to an action, a signature that identifies the same failure across workers
 * (several workers with one signature is a systemic failure), and the feedback the next attempt's
 * session is given.
 *
 * @param failureClass what kind of failure: 1 to 63 lower-case letters, digits or {@code -},
 *     starting with a letter, such as {@code test-failure}
 * @param signature what identifies this failure wherever it happens, such as the failing test's
 *     name or a normalized error message; at most {@value #MAX_SIGNATURE_CHARS} characters
 * @param feedback what the next attempt should know; kept to its first {@value #MAX_FEEDBACK_CHARS}
 *     characters
 * @since 0.1.0
 */
public record Failure(String failureClass, String signature, String feedback) {

  /** The class of a failure an attempt raised as an exception instead of reporting it. */
  public static final String EXCEPTION = "exception";

  /** The longest a signature may be, in characters. */
  public static final int MAX_SIGNATURE_CHARS = 200;

  /** The longest feedback kept, in characters; the rest is cut off with a marker. */
  public static final int MAX_FEEDBACK_CHARS = 3_000;

  private static final Pattern CLASS = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final String CUT = " [feedback truncated]";

  /**
   * Checks the components and cuts overlong feedback.
   *
   * @param failureClass the class
   * @param signature the signature
   * @param feedback the feedback
   * @throws IllegalArgumentException if the class is malformed, or the signature or feedback is
   *     blank, or the signature is too long
   */
  public Failure {
    checkClass(failureClass);
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(feedback, "feedback");
    signature = signature.strip();
    if (signature.isEmpty() || signature.length() > MAX_SIGNATURE_CHARS) {
      throw new IllegalArgumentException(
          "signature of a '"
              + failureClass
              + "' failure must be 1 to "
              + MAX_SIGNATURE_CHARS
              + " characters, but was "
              + signature.length());
    }
    feedback = feedback.strip();
    if (feedback.isEmpty()) {
      throw new IllegalArgumentException(
          "feedback of a '" + failureClass + "' failure must not be blank");
    }
    if (feedback.length() > MAX_FEEDBACK_CHARS) {
      feedback = feedback.substring(0, MAX_FEEDBACK_CHARS - CUT.length()) + CUT;
    }
  }

  /**
   * Creates a failure whose signature is its class.
   *
   * @param failureClass the class
   * @param feedback what the next attempt should know
   * @return the failure
   */
  public static Failure of(String failureClass, String feedback) {
    return new Failure(failureClass, failureClass, feedback);
  }

  /**
   * Creates a failure.
   *
   * @param failureClass the class
   * @param signature what identifies it across workers
   * @param feedback what the next attempt should know
   * @return the failure
   */
  public static Failure of(String failureClass, String signature, String feedback) {
    return new Failure(failureClass, signature, feedback);
  }

  /**
   * Describes an exception an attempt raised: class {@value #EXCEPTION}, the exception's type as
   * the signature, its type and message as the feedback.
   *
   * @param error what was raised
   * @return the failure
   */
  public static Failure fromException(Throwable error) {
    Objects.requireNonNull(error, "error");
    String type = error.getClass().getName();
    String message = error.getMessage();
    String signature =
        type.length() <= MAX_SIGNATURE_CHARS
            ? type
            : type.substring(type.length() - MAX_SIGNATURE_CHARS);
    return new Failure(
        EXCEPTION,
        signature,
        "The attempt raised "
            + type
            + (message == null || message.isBlank() ? "" : ": " + message));
  }

  /**
   * Checks a failure class name.
   *
   * @param failureClass the name
   * @return the name
   * @throws IllegalArgumentException if it is malformed
   */
  public static String checkClass(String failureClass) {
    Objects.requireNonNull(failureClass, "failureClass");
    if (!CLASS.matcher(failureClass).matches()) {
      throw new IllegalArgumentException(
          "failureClass must be 1 to 63 lower-case letters, digits or '-', starting with a"
              + " letter, but was '"
              + (failureClass.length() > 60 ? failureClass.substring(0, 57) + "..." : failureClass)
              + "'");
    }
    return failureClass;
  }
}
