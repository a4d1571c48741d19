package dev.agentops.context;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Material loaded just in time (Factor I: just-in-time, not just-in-case): a file, a search result,
 * a document. A budget asks for its size estimate first and loads it only when it can fit; once
 * loaded it is counted while present, released when the phase ends, and never written into the
 * conversation history.
 *
 * <p>Implementations must be safe to call from the thread that loads them; {@link #load()} may be
 * called more than once if the material is loaded again later.
 *
 * @since 0.1.0
 */
public interface ContextSource {

  /**
   * Returns a stable id for the material, such as a path or a URL.
   *
   * @return the id
   */
  String id();

  /**
   * Returns what kind of item the material becomes.
   *
   * @return the kind; {@link ContextKind#FILE} for files, {@link ContextKind#RESEARCH} for research
   *     material
   */
  ContextKind kind();

  /**
   * Estimates the material's size before loading it.
   *
   * @return an estimate of its tokens, never negative
   */
  int estimatedTokens();

  /**
   * Loads the material.
   *
   * @return the content
   */
  String load();

  /**
   * Returns a source backed by a supplier.
   *
   * @param id the material's id
   * @param kind what it becomes
   * @param estimatedTokens the estimate
   * @param loader loads it
   * @return the source
   */
  static ContextSource of(
      String id, ContextKind kind, int estimatedTokens, Supplier<String> loader) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(loader, "loader");
    if (estimatedTokens < 0) {
      throw new IllegalArgumentException(
          "estimatedTokens must be >= 0, but was " + estimatedTokens + " for source '" + id + "'");
    }
    return new ContextSource() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public ContextKind kind() {
        return kind;
      }

      @Override
      public int estimatedTokens() {
        return estimatedTokens;
      }

      @Override
      public String load() {
        return Objects.requireNonNull(loader.get(), "the loader of '" + id + "' returned null");
      }

      @Override
      public String toString() {
        return "ContextSource[" + id + ", " + kind + ", ~" + estimatedTokens + " tokens]";
      }
    };
  }
}
