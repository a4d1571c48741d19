package dev.agentops.llm;

import dev.agentops.AgentOpsException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A language model could not produce a reply. Subclasses say why: the provider refused ({@link
 * ProviderErrorException}), answered something unreadable ({@link MalformedResponseException}),
 * took too long ({@link ModelTimeoutException}), could not be reached ({@link
 * ModelTransportException}), or its reply never matched the required shape ({@link
 * StructuredOutputException}).
 *
 * <p>Messages never contain the prompt, the reply or a credential.
 *
 * @since 0.1.0
 */
public class LanguageModelException extends AgentOpsException {

  private static final long serialVersionUID = 1L;

  /** The provider that failed, for example {@code "openai"} or {@code "anthropic"}. */
  private final String provider;

  /**
   * Creates an exception.
   *
   * @param provider the provider that failed
   * @param message what failed and what was seen
   * @param cause the underlying failure, or {@code null}
   */
  public LanguageModelException(String provider, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  /**
   * Returns the provider that failed.
   *
   * @return the provider's name, for example {@code "openai"} or {@code "anthropic"}; for a {@link
   *     StructuredOutputException}, the id of the model whose replies were unusable
   */
  public String provider() {
    return provider;
  }
}
