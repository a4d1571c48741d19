package dev.agentops.validation;

import dev.agentops.store.JsonCodec;
import dev.agentops.store.RecordDecodingException;
import dev.agentops.store.Records;
import dev.agentops.store.Store;
import dev.agentops.store.Versioned;
import dev.agentops.store.WriteResult;
import java.util.Objects;
import java.util.Optional;

/**
 * Where verdicts are kept: the {@code verdicts} collection of a {@link Store}, one JSON record per
 * verdict ({@code verdicts/<id>.json} in a git store), so the ratchet and the work tracker can look
 * a verdict up by its id and anyone can read, from git history alone, what was validated and why.
 *
 * <p>A verdict is written once and never changed: saving an id that exists is a conflict.
 * Thread-safe if the store is.
 *
 * <pre>{@code
 * Verdicts verdicts = Verdicts.of(store);
 * ExternalValidator validator =
 *     ExternalValidator.builder().council(council).verdicts(verdicts).build();
 * Verdict v = validator.validate(artifact);              // saved
 * Verdict again = verdicts.find(v.id()).orElseThrow();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Verdicts {

  /** The collection verdicts are stored in. */
  public static final String COLLECTION = "verdicts";

  private final Records<Verdict> records;

  private Verdicts(Store store) {
    this.records = Records.of(store, COLLECTION, JsonCodec.of(Verdict.class, 1), Verdict::id);
  }

  /**
   * Returns the verdicts of a store.
   *
   * @param store the store
   * @return the repository
   */
  public static Verdicts of(Store store) {
    return new Verdicts(Objects.requireNonNull(store, "store"));
  }

  /**
   * Saves a verdict.
   *
   * @param verdict the verdict
   * @return committed, or a conflict if a verdict with its id exists
   * @throws dev.agentops.store.StoreException if the store cannot write
   */
  public WriteResult save(Verdict verdict) {
    Objects.requireNonNull(verdict, "verdict");
    return records.create(verdict);
  }

  /**
   * Looks a verdict up.
   *
   * @param id its id
   * @return the verdict, if it exists
   * @throws RecordDecodingException if the stored record cannot be read as a verdict
   * @throws IllegalArgumentException if the id is not a valid record id
   */
  public Optional<Verdict> find(String id) {
    return records.get(id).map(Versioned::value);
  }

  /**
   * Reads every verdict; records that cannot be decoded are reported, not thrown.
   *
   * @return the verdicts, ordered by id, and the quarantined records
   */
  public Records.Scan<Verdict> scan() {
    return records.scan();
  }

  /**
   * Returns the typed collection underneath, for batching a verdict with other writes.
   *
   * @return the records
   */
  public Records<Verdict> records() {
    return records;
  }
}
