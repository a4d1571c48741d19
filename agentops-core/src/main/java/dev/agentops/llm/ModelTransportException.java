package dev.agentops.llm;

import org.jspecify.annotations.Nullable;

/**
 * The provider could not be reached, or the connection broke, on every attempt.
 *
 * @since 0.1.0
 */
public class ModelTransportException extends LanguageModelException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param provider the provider that could not be reached
   * @param message what failed, with the number of attempts
   * @param cause the last I/O failure, or {@code null}
   */
  public ModelTransportException(String provider, String message, @Nullable Throwable cause) {
    super(provider, message, cause);
  }
}
