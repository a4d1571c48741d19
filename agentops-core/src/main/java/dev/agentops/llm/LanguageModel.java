package dev.agentops.llm;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A language model that answers chat requests: the one interface every AgentOps capability talks to
 * a model through, and the one an adapter implements.
 *
 * <p>Implementations shipped with AgentOps: {@link dev.agentops.llm.http.OpenAiCompatibleModel} and
 * {@link dev.agentops.llm.http.AnthropicModel}. The {@code agentops-testkit} module has a scripted
 * model for tests and a contract test base that every implementation should pass.
 *
 * <h2>Contract for implementers</h2>
 *
 * <ul>
 *   <li><b>Threading.</b> Implementations must be safe for concurrent calls from several threads;
 *       AgentOps runs councils of judges in parallel against one instance.
 *   <li><b>Nullness.</b> Arguments and results are never {@code null}.
 *   <li><b>Idempotency.</b> A call is not idempotent: each one may cost tokens. Implementations may
 *       retry transient provider failures, bounded, before answering.
 *   <li><b>Failures.</b> Operational failures (the provider refused, timed out, answered garbage)
 *       are raised as {@link LanguageModelException} or a subclass; a mistake in the request is an
 *       {@link IllegalArgumentException}. Messages never contain the prompt, the reply or a
 *       credential.
 * </ul>
 *
 * @since 0.1.0
 */
public interface LanguageModel {

  /**
   * Sends a request and blocks until the whole reply has arrived.
   *
   * @param request the request
   * @return the reply
   * @throws LanguageModelException if the model could not produce a reply
   */
  ChatResponse chat(ChatRequest request);

  /**
   * Sends a request and hands the reply's text to {@code onText} piece by piece as it arrives, then
   * returns the whole reply. Concatenating every piece gives {@link ChatResponse#text()}.
   *
   * <p>{@code onText} is called on the calling thread, in order. If it throws, the call is
   * abandoned and the exception propagates. The default implementation calls {@link
   * #chat(ChatRequest)} and delivers the whole text as one piece; adapters that can stream override
   * it.
   *
   * @param request the request
   * @param onText receives each new piece of text
   * @return the whole reply
   * @throws LanguageModelException if the model could not produce a reply
   */
  default ChatResponse stream(ChatRequest request, Consumer<String> onText) {
    Objects.requireNonNull(onText, "onText");
    ChatResponse response = chat(request);
    if (!response.text().isEmpty()) {
      onText.accept(response.text());
    }
    return response;
  }
}
