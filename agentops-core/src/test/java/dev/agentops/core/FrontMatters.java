package dev.agentops.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.store.internal.Envelope;

/**
 * The store's front-matter reading, for other modules' tests: as records are read (the fast reader,
 * the YAML parser for what it declines), and with the YAML parser alone, to check they agree.
 */
public final class FrontMatters {

  private FrontMatters() {}

  /** Reads a Markdown record's front matter as the store does. */
  public static ObjectNode asRead(String markdown) {
    try {
      return Envelope.frontMatter(markdown);
    } catch (Envelope.Unreadable e) {
      throw new IllegalArgumentException("front matter " + e.getMessage(), e);
    }
  }

  /** Reads a Markdown record's front matter with the YAML parser alone. */
  public static ObjectNode byYaml(String markdown) {
    try {
      return Envelope.frontMatterByYaml(markdown);
    } catch (Envelope.Unreadable e) {
      throw new IllegalArgumentException("front matter " + e.getMessage(), e);
    }
  }
}
