package dev.agentops.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names a record: the collection it belongs to and its id within it.
 *
 * <p>Both parts become parts of a file path, so both are checked: a collection is 1 to 63
 * lower-case letters, digits and hyphens starting with a letter; an id is 1 to 128 letters, digits,
 * dots, underscores and hyphens starting with a letter or digit. Slashes, {@code ..} and anything
 * else that could escape a directory are refused, as is the reserved collection {@code logs}.
 *
 * @param collection the collection, such as {@code work} or {@code learnings}
 * @param id the id within the collection
 * @since 0.1.0
 */
public record RecordKey(String collection, String id) {

  private static final Pattern COLLECTION = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** The top-level directory that holds logs, and so no collection may use. */
  public static final String LOGS = "logs";

  /**
   * Checks both parts.
   *
   * @param collection the collection
   * @param id the id
   * @throws IllegalArgumentException if either part is not allowed, naming it
   */
  public RecordKey {
    checkCollection(collection);
    checkId(id);
  }

  /**
   * Creates a key.
   *
   * @param collection the collection
   * @param id the id
   * @return the key
   */
  public static RecordKey of(String collection, String id) {
    return new RecordKey(collection, id);
  }

  /**
   * Checks a collection name.
   *
   * @param collection the name
   * @return the name
   * @throws IllegalArgumentException if it is not allowed
   */
  public static String checkCollection(String collection) {
    Objects.requireNonNull(collection, "collection");
    if (!COLLECTION.matcher(collection).matches() || collection.equals(LOGS)) {
      throw new IllegalArgumentException(
          "collection must be 1 to 63 lower-case letters, digits or '-', starting with a letter,"
              + " and not '"
              + LOGS
              + "', but was '"
              + abbreviate(collection)
              + "'");
    }
    return collection;
  }

  /**
   * Checks a record id.
   *
   * @param id the id
   * @return the id
   * @throws IllegalArgumentException if it is not allowed
   */
  public static String checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches() || id.contains("..")) {
      throw new IllegalArgumentException(
          "id must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit and without '..', but was '"
              + abbreviate(id)
              + "'");
    }
    return id;
  }

  static String abbreviate(String s) {
    String printable = s.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 60 ? printable : printable.substring(0, 57) + "...";
  }

  @Override
  public String toString() {
    return collection + "/" + id;
  }
}
