package dev.agentops.llm;

import org.jspecify.annotations.Nullable;

/**
 * The provider answered, but the body could not be read: not JSON, truncated, or missing a field
 * the provider's API documents.
 *
 * @since 0.1.0
 */
public class MalformedResponseException extends LanguageModelException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param provider the provider that answered
   * @param message what was wrong with the body; never the body itself
   * @param cause the parse failure, or {@code null}
   */
  public MalformedResponseException(String provider, String message, @Nullable Throwable cause) {
    super(provider, message, cause);
  }
}
