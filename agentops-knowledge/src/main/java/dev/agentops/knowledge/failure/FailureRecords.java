package dev.agentops.knowledge.failure;

import dev.agentops.store.JsonCodec;
import dev.agentops.store.RecordCodec;
import dev.agentops.store.Records;
import dev.agentops.store.Store;
import java.util.Objects;

/**
 * Where failure records are kept: the {@value #COLLECTION} collection of a {@link Store}, one JSON
 * record per failure ({@code failures/<id>.json} in a git store), and the {@value #RULES}
 * collection, which holds the detection rule of a negative learning under the learning's id. A
 * failure record is written once and never changed.
 *
 * @since 0.1.0
 */
public final class FailureRecords {

  /** The collection failure records are kept in. */
  public static final String COLLECTION = "failures";

  /** The collection detection rules are kept in, one per negative learning, under its id. */
  public static final String RULES = "detection-rules";

  /** The schema version of failure records and detection rules this version writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  private static final RecordCodec<FailureRecord> CODEC =
      JsonCodec.of(FailureRecord.class, SCHEMA_VERSION);

  private static final RecordCodec<LearningRule> RULE_CODEC =
      JsonCodec.of(LearningRule.class, SCHEMA_VERSION);

  private FailureRecords() {}

  /**
   * Returns the codec failure records are written with.
   *
   * @return a JSON codec
   */
  public static RecordCodec<FailureRecord> codec() {
    return CODEC;
  }

  /**
   * Returns the typed view of a store's failure records.
   *
   * @param store the store
   * @return the view of the {@value #COLLECTION} collection
   */
  public static Records<FailureRecord> of(Store store) {
    return Records.of(Objects.requireNonNull(store, "store"), COLLECTION, CODEC, FailureRecord::id);
  }

  /**
   * Returns the typed view of a store's detection rules.
   *
   * @param store the store
   * @return the view of the {@value #RULES} collection
   */
  public static Records<LearningRule> rules(Store store) {
    return Records.of(
        Objects.requireNonNull(store, "store"), RULES, RULE_CODEC, LearningRule::learningId);
  }
}
