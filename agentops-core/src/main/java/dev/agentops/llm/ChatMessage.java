package dev.agentops.llm;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One turn of a conversation: who said it and what was said.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the role and the length of the content,
 * never the content itself, so that prompts do not end up in logs.
 *
 * @since 0.1.0
 */
public final class ChatMessage {

  private final ChatRole role;
  private final String content;

  private ChatMessage(ChatRole role, String content) {
    this.role = Objects.requireNonNull(role, "role");
    this.content = Objects.requireNonNull(content, "content");
  }

  /**
   * Creates a message.
   *
   * @param role who said it
   * @param content what was said; may be empty, never null
   * @return the message
   */
  public static ChatMessage of(ChatRole role, String content) {
    return new ChatMessage(role, content);
  }

  /**
   * Creates a message from the user.
   *
   * @param content what the user said
   * @return the message
   */
  public static ChatMessage user(String content) {
    return new ChatMessage(ChatRole.USER, content);
  }

  /**
   * Creates a message from the model, for carrying an earlier reply.
   *
   * @param content what the model said
   * @return the message
   */
  public static ChatMessage assistant(String content) {
    return new ChatMessage(ChatRole.ASSISTANT, content);
  }

  /**
   * Returns who said this message.
   *
   * @return the role
   */
  public ChatRole role() {
    return role;
  }

  /**
   * Returns what was said.
   *
   * @return the content, possibly empty
   */
  public String content() {
    return content;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ChatMessage other && role == other.role && content.equals(other.content);
  }

  @Override
  public int hashCode() {
    return 31 * role.hashCode() + content.hashCode();
  }

  @Override
  public String toString() {
    return "ChatMessage[" + role + ", " + content.length() + " chars]";
  }
}
