package dev.agentops.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A typed view of one collection of a {@link Store}: values in, values out, through a {@link
 * RecordCodec}, with compare-and-swap on revisions.
 *
 * <p>Thread-safe if the store is.
 *
 * <pre>{@code
 * Records<Note> notes = Records.of(store, "notes", JsonCodec.of(Note.class, 1), Note::id);
 * notes.create(new Note("n-1", "Research first"));
 * Versioned<Note> n = notes.get("n-1").orElseThrow();
 * WriteResult r = notes.update(n, new Note("n-1", "Research first, then build"));
 * }</pre>
 *
 * @param <T> the type of the values
 * @since 0.1.0
 */
public final class Records<T> {

  /** Decoded values of a collection, and every record that could not be read or decoded. */
  public record Scan<T>(List<Versioned<T>> values, List<Quarantined> quarantined) {

    /**
     * Copies the lists.
     *
     * @param values the values, ordered by id
     * @param quarantined the records skipped, with the reason
     */
    public Scan {
      values = List.copyOf(values);
      quarantined = List.copyOf(quarantined);
    }
  }

  private final Store store;
  private final String collection;
  private final RecordCodec<T> codec;
  private final Function<? super T, String> idOf;

  private Records(
      Store store, String collection, RecordCodec<T> codec, Function<? super T, String> idOf) {
    this.store = store;
    this.collection = collection;
    this.codec = codec;
    this.idOf = idOf;
  }

  /**
   * Returns a typed view of a collection.
   *
   * @param <T> the type
   * @param store the store
   * @param collection the collection's name
   * @param codec how values are written down
   * @param idOf gives a value's id
   * @return the view
   */
  public static <T> Records<T> of(
      Store store, String collection, RecordCodec<T> codec, Function<? super T, String> idOf) {
    return new Records<>(
        Objects.requireNonNull(store, "store"),
        RecordKey.checkCollection(collection),
        Objects.requireNonNull(codec, "codec"),
        Objects.requireNonNull(idOf, "idOf"));
  }

  /**
   * Returns the key a value is stored under.
   *
   * @param value the value
   * @return the key
   */
  public RecordKey keyOf(T value) {
    return RecordKey.of(collection, idOf.apply(value));
  }

  /**
   * Reads a value.
   *
   * @param id its id
   * @return the value and its record, if it exists
   * @throws RecordDecodingException if the record cannot be decoded
   */
  public Optional<Versioned<T>> get(String id) {
    return store.read(RecordKey.of(collection, id)).map(r -> new Versioned<>(codec.decode(r), r));
  }

  /**
   * Reads every value; records that cannot be read or decoded are reported, not thrown.
   *
   * @return the values and the quarantined records
   */
  public Scan<T> scan() {
    ScanResult raw = store.scan(collection);
    List<Versioned<T>> values = new ArrayList<>(raw.records().size());
    List<Quarantined> quarantined = new ArrayList<>(raw.quarantined());
    for (StoredRecord r : raw.records()) {
      try {
        values.add(new Versioned<>(codec.decode(r), r));
      } catch (RecordDecodingException e) {
        quarantined.add(new Quarantined(r.key().toString(), e.getMessage()));
      }
    }
    return new Scan<>(values, quarantined);
  }

  /**
   * Creates a value; a conflict if its id is taken.
   *
   * @param value the value
   * @return the write's result
   */
  public WriteResult create(T value) {
    return store.write(
        WriteBatch.builder()
            .put(keyOf(value), codec.format(), codec.encode(value, null), Expect.absent())
            .build());
  }

  /**
   * Replaces a value read before; a conflict if it changed since.
   *
   * @param current the value as read
   * @param next the new value, with the same id
   * @return the write's result
   * @throws IllegalArgumentException if the ids differ
   */
  public WriteResult update(Versioned<T> current, T next) {
    WriteBatch.Builder batch = WriteBatch.builder();
    addUpdate(batch, current, next);
    return store.write(batch.build());
  }

  /**
   * Adds the update of a value read before to a batch, for changes to several records that must
   * land together.
   *
   * @param batch the batch
   * @param current the value as read
   * @param next the new value, with the same id
   * @return the batch
   * @throws IllegalArgumentException if the ids differ
   */
  public WriteBatch.Builder addUpdate(WriteBatch.Builder batch, Versioned<T> current, T next) {
    RecordKey key = keyOf(next);
    if (!key.equals(current.record().key())) {
      throw new IllegalArgumentException(
          "an update must keep the id: " + current.record().key() + " became " + key);
    }
    return batch.put(
        key,
        codec.format(),
        codec.encode(next, current.record()),
        Expect.revision(current.revision()));
  }

  /**
   * Adds the creation of a value to a batch.
   *
   * @param batch the batch
   * @param value the value
   * @return the batch
   */
  public WriteBatch.Builder addCreate(WriteBatch.Builder batch, T value) {
    return batch.put(keyOf(value), codec.format(), codec.encode(value, null), Expect.absent());
  }

  /**
   * Adds a write of a value whatever its current state to a batch; fields of the stored record the
   * type does not know are kept.
   *
   * @param batch the batch
   * @param value the value
   * @return the batch
   */
  public WriteBatch.Builder addUpsert(WriteBatch.Builder batch, T value) {
    RecordKey key = keyOf(value);
    StoredRecord previous = store.read(key).orElse(null);
    return batch.put(key, codec.format(), codec.encode(value, previous), Expect.any());
  }

  /**
   * Returns the collection's name.
   *
   * @return the name
   */
  public String collection() {
    return collection;
  }

  /**
   * Returns the store.
   *
   * @return the store
   */
  public Store store() {
    return store;
  }

  @Override
  public String toString() {
    return "Records[" + collection + ", " + codec + "]";
  }
}
