package dev.agentops.llm;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The provider answered with an HTTP error: a non-retryable client error (bad request, bad
 * credentials, unknown model), or a retryable one (rate limit, server error) that persisted through
 * every retry.
 *
 * <p>Carries the HTTP status and the provider's own error type and message, redacted of anything
 * that looks like a credential.
 *
 * @since 0.1.0
 */
public class ProviderErrorException extends LanguageModelException {

  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final @Nullable String errorType;
  private final String providerMessage;
  private final boolean retryable;
  private final @Nullable Duration retryAfter;
  private final int attempts;

  /**
   * Creates an exception.
   *
   * @param provider the provider that answered
   * @param statusCode the HTTP status
   * @param errorType the provider's error type, such as {@code "invalid_request_error"}, or {@code
   *     null} if it sent none
   * @param providerMessage the provider's error message, already redacted; may be empty
   * @param retryable whether trying again later could succeed (429, 5xx)
   * @param retryAfter how long the provider asked the caller to wait, or {@code null}
   * @param attempts how many requests were made, the last included
   */
  public ProviderErrorException(
      String provider,
      int statusCode,
      @Nullable String errorType,
      String providerMessage,
      boolean retryable,
      @Nullable Duration retryAfter,
      int attempts) {
    super(
        provider,
        describe(provider, statusCode, errorType, providerMessage, retryable, attempts),
        null);
    this.statusCode = statusCode;
    this.errorType = errorType;
    this.providerMessage = providerMessage;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    this.attempts = attempts;
  }

  private static String describe(
      String provider,
      int statusCode,
      @Nullable String errorType,
      String providerMessage,
      boolean retryable,
      int attempts) {
    StringBuilder sb = new StringBuilder();
    sb.append(provider).append(" answered HTTP ").append(statusCode);
    if (errorType != null) {
      sb.append(" (").append(errorType).append(')');
    }
    if (!providerMessage.isEmpty()) {
      sb.append(": ").append(providerMessage);
    }
    sb.append(" [").append(retryable ? "retryable" : "not retryable");
    sb.append(", ").append(attempts).append(attempts == 1 ? " attempt]" : " attempts]");
    return sb.toString();
  }

  /**
   * Returns the HTTP status code.
   *
   * @return the status, for example 401 or 429
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Returns the provider's error type.
   *
   * @return the type, such as {@code "rate_limit_error"}, if the provider sent one
   */
  public Optional<String> errorType() {
    return Optional.ofNullable(errorType);
  }

  /**
   * Returns the provider's error message, with anything that looks like a credential redacted.
   *
   * @return the message, possibly empty
   */
  public String providerMessage() {
    return providerMessage;
  }

  /**
   * Tells whether trying again later could succeed.
   *
   * @return {@code true} for rate limits and server errors
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * Returns how many requests were made before this error was raised.
   *
   * @return at least 1
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Returns how long the provider asked callers to wait before trying again.
   *
   * @return the wait from the {@code Retry-After} header, if there was one
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
