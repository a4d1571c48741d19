package dev.agentops.context;

import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;

/**
 * Counts the tokens a text takes in a model's window. The budget counts with it before anything is
 * sent.
 *
 * <p>{@link ModelTokenCounter} is the built-in implementation, exact for OpenAI's encodings and
 * calibrated at run time for the others. Implementations must be thread-safe, must return 0 for the
 * empty string and never a negative number, and should be fast on repeated content: the budget
 * counts every item once, when it is admitted, and every request before it is sent.
 *
 * @since 0.1.0
 */
public interface TokenCounter {

  /**
   * Tokens a chat format adds around each message (role markers, separators): an estimate that
   * holds for OpenAI's format and is conservative for others.
   */
  int MESSAGE_OVERHEAD = 4;

  /** Tokens a chat format adds once per request, to prime the reply. */
  int REQUEST_OVERHEAD = 3;

  /**
   * Counts the tokens of a text.
   *
   * @param text the text
   * @return the tokens, never negative
   */
  int count(String text);

  /**
   * Counts the prompt tokens of a request: the system text and every message, each with {@link
   * #MESSAGE_OVERHEAD}, plus {@link #REQUEST_OVERHEAD}.
   *
   * @param request the request
   * @return the prompt tokens
   */
  default int countPrompt(ChatRequest request) {
    long total = REQUEST_OVERHEAD;
    if (request.system().isPresent()) {
      total += count(request.system().get()) + MESSAGE_OVERHEAD;
    }
    for (ChatMessage m : request.messages()) {
      total += count(m.content()) + MESSAGE_OVERHEAD;
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }
}
