package dev.agentops.llm;

/**
 * Why the model stopped writing.
 *
 * @since 0.1.0
 */
public enum FinishReason {
  /** The model finished its reply. */
  STOP,
  /** The reply hit the output-token limit and is cut off. */
  LENGTH,
  /** The model wrote one of the request's stop sequences. */
  STOP_SEQUENCE,
  /** The provider withheld or cut the reply for its content policy. */
  CONTENT_FILTER,
  /** The model asked to call a tool. */
  TOOL_CALLS,
  /** Any reason the adapter does not know; see the provider's documentation. */
  OTHER
}
