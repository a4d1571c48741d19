package dev.agentops.context;

import dev.agentops.llm.ChatRole;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One piece of what a model sees: system text, a file, a learning, a conversation turn. A {@link
 * ContextBudget} counts, places and, when needed, compacts items.
 *
 * <p>An item's id names it within a budget and in the archive; the budget assigns one when the item
 * has none. Pinned items are never compacted. Ephemeral items (just-in-time material) are counted
 * while present but are never part of the conversation history. Items that share a {@link #callId()
 * call id} (a model turn that calls a tool, and the tool's result) are only ever removed together.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the content.
 *
 * <pre>{@code
 * ContextItem file = ContextItem.builder(ContextKind.FILE, source)
 *     .sourceId("src/main/java/com/acme/OrderService.java")
 *     .priority(5)
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ContextItem {

  private static final int MAX_ID_LENGTH = 200;

  private final @Nullable String id;
  private final ContextKind kind;
  private final String content;
  private final ChatRole role;
  private final int priority;
  private final boolean pinned;
  private final @Nullable String sourceId;
  private final @Nullable String callId;
  private final boolean ephemeral;

  private ContextItem(Builder b) {
    this.id = b.id;
    this.kind = b.kind;
    this.content = b.content;
    this.role = b.role;
    this.priority = b.priority;
    this.pinned = b.pinned == null ? b.kind.pinnedByDefault() : b.pinned;
    this.sourceId = b.sourceId;
    this.callId = b.callId;
    this.ephemeral = b.ephemeral;
  }

  /**
   * Starts an item.
   *
   * @param kind what the item is
   * @param content what the model sees
   * @return a builder: no id, role {@code USER}, priority 0, pinned as the kind says
   */
  public static Builder builder(ContextKind kind, String content) {
    Objects.requireNonNull(kind, "kind");
    return new Builder(kind, Objects.requireNonNull(content, "content"));
  }

  /**
   * A pinned system item.
   *
   * @param content the system text
   * @return the item
   */
  public static ContextItem system(String content) {
    return builder(ContextKind.SYSTEM, content).build();
  }

  /**
   * A message from the user.
   *
   * @param content the message
   * @return the item
   */
  public static ContextItem user(String content) {
    return builder(ContextKind.MESSAGE, content).role(ChatRole.USER).build();
  }

  /**
   * A reply of the model.
   *
   * @param content the reply
   * @return the item
   */
  public static ContextItem assistant(String content) {
    return builder(ContextKind.MESSAGE, content).role(ChatRole.ASSISTANT).build();
  }

  /**
   * Returns a builder holding this item's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(kind, content);
    b.id = id;
    b.role = role;
    b.priority = priority;
    b.pinned = pinned;
    b.sourceId = sourceId;
    b.callId = callId;
    b.ephemeral = ephemeral;
    return b;
  }

  /**
   * Returns a copy of this item with an id.
   *
   * @param id the id
   * @return the copy
   */
  public ContextItem withId(String id) {
    return toBuilder().id(id).build();
  }

  /**
   * Returns the item's id.
   *
   * @return the id, absent until the item is given one or admitted to a budget
   */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /**
   * Returns what the item is.
   *
   * @return the kind
   */
  public ContextKind kind() {
    return kind;
  }

  /**
   * Returns what the model sees.
   *
   * @return the content
   */
  public String content() {
    return content;
  }

  /**
   * Returns who said a conversation item; {@code USER} for everything but model replies.
   *
   * @return the role
   */
  public ChatRole role() {
    return role;
  }

  /**
   * Returns how much the item matters; compaction removes lower priorities first.
   *
   * @return the priority, 0 by default
   */
  public int priority() {
    return priority;
  }

  /**
   * Tells whether the item is pinned, and so never compacted.
   *
   * @return {@code true} if pinned
   */
  public boolean pinned() {
    return pinned;
  }

  /**
   * Returns where the content came from: a file path, a learning id, a URL.
   *
   * @return the source id, if any
   */
  public Optional<String> sourceId() {
    return Optional.ofNullable(sourceId);
  }

  /**
   * Returns the id of the tool call this item makes or answers; items sharing it are removed only
   * together.
   *
   * @return the call id, if any
   */
  public Optional<String> callId() {
    return Optional.ofNullable(callId);
  }

  /**
   * Tells whether the item is ephemeral: just-in-time material counted while present, released
   * after the phase, and never written into the conversation history.
   *
   * @return {@code true} if ephemeral
   */
  public boolean ephemeral() {
    return ephemeral;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ContextItem other
        && Objects.equals(id, other.id)
        && kind == other.kind
        && content.equals(other.content)
        && role == other.role
        && priority == other.priority
        && pinned == other.pinned
        && Objects.equals(sourceId, other.sourceId)
        && Objects.equals(callId, other.callId)
        && ephemeral == other.ephemeral;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, kind, content, role, priority, pinned, sourceId, callId, ephemeral);
  }

  @Override
  public String toString() {
    return "ContextItem["
        + (id == null ? "no id" : id)
        + ", "
        + kind
        + (kind == ContextKind.MESSAGE ? " " + role : "")
        + ", "
        + content.length()
        + " chars"
        + (pinned ? ", pinned" : "")
        + (ephemeral ? ", ephemeral" : "")
        + "]";
  }

  static String checkId(String id, String name) {
    Objects.requireNonNull(id, name);
    if (id.isBlank() || id.length() > MAX_ID_LENGTH || !id.strip().equals(id)) {
      throw new IllegalArgumentException(
          name
              + " must be 1 to "
              + MAX_ID_LENGTH
              + " characters without surrounding blanks, but was '"
              + (id.length() > 40 ? id.substring(0, 40) + "…" : id)
              + "'");
    }
    return id;
  }

  /**
   * Builds a {@link ContextItem}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private @Nullable String id;
    private final ContextKind kind;
    private final String content;
    private ChatRole role = ChatRole.USER;
    private int priority;
    private @Nullable Boolean pinned;
    private @Nullable String sourceId;
    private @Nullable String callId;
    private boolean ephemeral;

    private Builder(ContextKind kind, String content) {
      this.kind = kind;
      this.content = content;
    }

    /**
     * Sets the id.
     *
     * @param id 1 to 200 characters, without surrounding blanks
     * @return this builder
     */
    public Builder id(String id) {
      this.id = checkId(id, "id");
      return this;
    }

    /**
     * Sets who said a conversation item.
     *
     * @param role the role
     * @return this builder
     */
    public Builder role(ChatRole role) {
      this.role = Objects.requireNonNull(role, "role");
      return this;
    }

    /**
     * Sets how much the item matters; compaction removes lower priorities first.
     *
     * @param priority any number; default 0
     * @return this builder
     */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /**
     * Sets whether the item is pinned; by default the kind decides.
     *
     * @param pinned {@code true} to keep the item through every compaction
     * @return this builder
     */
    public Builder pinned(boolean pinned) {
      this.pinned = pinned;
      return this;
    }

    /**
     * Sets where the content came from.
     *
     * @param sourceId a path, a learning id, a URL
     * @return this builder
     */
    public Builder sourceId(String sourceId) {
      this.sourceId = Objects.requireNonNull(sourceId, "sourceId");
      return this;
    }

    /**
     * Sets the tool call this item makes or answers.
     *
     * @param callId the call id
     * @return this builder
     */
    public Builder callId(String callId) {
      this.callId = checkId(callId, "callId");
      return this;
    }

    /**
     * Marks the item as ephemeral just-in-time material.
     *
     * @param ephemeral {@code true} if ephemeral
     * @return this builder
     */
    public Builder ephemeral(boolean ephemeral) {
      this.ephemeral = ephemeral;
      return this;
    }

    /**
     * Builds the item.
     *
     * @return the item
     */
    public ContextItem build() {
      return new ContextItem(this);
    }
  }
}
