package dev.agentops.context;

/**
 * What a {@link ContextItem} is, which decides where it is placed when the context is rendered into
 * a request and whether it is pinned by default.
 *
 * @since 0.1.0
 */
public enum ContextKind {
  /** Who the model is and the rules it works under. Pinned by default. */
  SYSTEM(true, true),
  /** Tool descriptions the model may call. Pinned by default. */
  TOOLS(true, true),
  /** Task instructions. Pinned by default. */
  INSTRUCTIONS(true, true),
  /** The handoff a session starts from (Factor III). Pinned by default. */
  HANDOFF(true, true),
  /** Injected learnings (Factor VIII), placed first among the supporting material. */
  KNOWLEDGE(false, true),
  /** Research findings (Factor IV). */
  RESEARCH(false, true),
  /** The content of a file. */
  FILE(false, true),
  /** A turn of the conversation: a user message or a model reply. */
  MESSAGE(false, false),
  /** The result of a tool call, kept with the message that made the call. */
  TOOL_RESULT(false, false),
  /** A summary that replaced compacted items; the originals are in the archive. */
  SUMMARY(false, false);

  private final boolean pinnedByDefault;
  private final boolean preamble;

  ContextKind(boolean pinnedByDefault, boolean preamble) {
    this.pinnedByDefault = pinnedByDefault;
    this.preamble = preamble;
  }

  /**
   * Tells whether items of this kind are pinned unless they say otherwise; pinned items are never
   * compacted.
   *
   * @return {@code true} for system text, tools, instructions and handoffs
   */
  public boolean pinnedByDefault() {
    return pinnedByDefault;
  }

  /**
   * Tells whether items of this kind are rendered into the system text, ahead of the conversation,
   * rather than as messages.
   *
   * @return {@code true} for everything but messages, tool results and summaries
   */
  public boolean preamble() {
    return preamble;
  }
}
