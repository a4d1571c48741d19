package dev.agentops.llm;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The model did not answer within the configured request timeout. Timeouts are not retried: the
 * provider may still be generating, and at its expense.
 *
 * @since 0.1.0
 */
public class ModelTimeoutException extends LanguageModelException {

  private static final long serialVersionUID = 1L;

  /** The timeout that ran out. */
  private final Duration timeout;

  /**
   * Creates an exception.
   *
   * @param provider the provider that did not answer
   * @param timeout the timeout that ran out
   * @param cause the underlying timeout, or {@code null}
   */
  public ModelTimeoutException(String provider, Duration timeout, @Nullable Throwable cause) {
    super(provider, provider + " did not answer within " + timeout, cause);
    this.timeout = timeout;
  }

  /**
   * Returns the timeout that ran out.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }
}
