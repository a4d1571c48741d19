package dev.agentops.llm;

/**
 * Who said a {@link ChatMessage}. System text is not a role: it travels separately in {@link
 * ChatRequest#system()}, because providers treat it differently.
 *
 * @since 0.1.0
 */
public enum ChatRole {
  /** The person or program asking: the task, its inputs, feedback on earlier replies. */
  USER,
  /** The model: an earlier reply, carried so the model sees the conversation so far. */
  ASSISTANT
}
