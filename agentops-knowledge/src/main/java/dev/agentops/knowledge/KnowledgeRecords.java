package dev.agentops.knowledge;

import dev.agentops.store.MarkdownCodec;
import dev.agentops.store.RecordCodec;
import dev.agentops.store.Records;
import dev.agentops.store.Store;
import java.util.Objects;

/**
 * Where the flywheel keeps what it knows in a {@link Store} (Factor II): learnings as Markdown with
 * front matter in the {@value #LEARNINGS} collection, citations in the append-only {@value
 * #CITATIONS} log, and the quality gate's decisions (discards, merges, supersessions) in the
 * append-only {@value #AUDIT} log. Logs are sharded per writer, so writers never conflict.
 *
 * @since 0.1.0
 */
public final class KnowledgeRecords {

  /** The collection learnings are kept in: {@code learnings/<id>.md}. */
  public static final String LEARNINGS = "learnings";

  /** The log citations are appended to, one JSON object a line. */
  public static final String CITATIONS = "citations";

  /** The log the quality gate's decisions are appended to, one JSON object a line. */
  public static final String AUDIT = "knowledge-audit";

  /** The schema version of learning records this version writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  private static final RecordCodec<Learning> CODEC =
      MarkdownCodec.of(Learning.class, SCHEMA_VERSION, "what");

  private KnowledgeRecords() {}

  /**
   * Returns the codec learnings are written with: Markdown whose body is {@link Learning#what()},
   * every other component a front matter key.
   *
   * @return the codec
   */
  public static RecordCodec<Learning> codec() {
    return CODEC;
  }

  /**
   * Returns the typed view of a store's learnings.
   *
   * @param store the store
   * @return the view of the {@value #LEARNINGS} collection
   */
  public static Records<Learning> learnings(Store store) {
    return Records.of(Objects.requireNonNull(store, "store"), LEARNINGS, CODEC, Learning::id);
  }
}
