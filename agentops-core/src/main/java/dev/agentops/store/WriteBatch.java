package dev.agentops.store;

import dev.agentops.store.internal.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes that succeed or fail together, as one commit: puts and deletes of records, each with what
 * it {@link Expect expects} of the record's current revision, and appends to logs.
 *
 * <p>A store applies a batch only if every expectation holds; otherwise nothing of it is written
 * and the store answers with the mismatches ({@link WriteResult.Conflict}). Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * WriteBatch batch = WriteBatch.builder()
 *     .put(RecordKey.of("work", "bd-7"), RecordFormat.JSON, json, Expect.revision(3))
 *     .append("chain", "worker-1", "{\"step\":\"lock\",\"work\":\"bd-7\"}")
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class WriteBatch {

  private static final Pattern LOG_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  /** One write. */
  public sealed interface Operation permits Put, Delete, Append {}

  /**
   * Writes a record; the store sets its revision.
   *
   * @param key the record's key
   * @param format how it is written down
   * @param content the text; a JSON object, or Markdown with front matter
   * @param expect what the record's current state must be
   * @since 0.1.0
   */
  public record Put(RecordKey key, RecordFormat format, String content, Expect expect)
      implements Operation {

    /**
     * Checks the components.
     *
     * @param key the key
     * @param format the format
     * @param content the text
     * @param expect the expectation
     */
    public Put {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(expect, "expect");
    }
  }

  /**
   * Removes a record from the current state; its history stays in git.
   *
   * @param key the record's key
   * @param expect what the record's current state must be
   * @since 0.1.0
   */
  public record Delete(RecordKey key, Expect expect) implements Operation {

    /**
     * Checks the components.
     *
     * @param key the key
     * @param expect the expectation
     */
    public Delete {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(expect, "expect");
    }
  }

  /**
   * Appends lines to a writer's shard of a log.
   *
   * @param log the log's name, such as {@code citations}
   * @param writer who appends; each writer has its own shard, so writers never conflict
   * @param lines the lines, none containing a line break
   * @since 0.1.0
   */
  public record Append(String log, String writer, List<String> lines) implements Operation {

    /**
     * Checks the components.
     *
     * @param log the log
     * @param writer the writer
     * @param lines the lines
     * @throws IllegalArgumentException if a name is not allowed, or a line has a line break or is
     *     over 1 MiB in UTF-8
     */
    public Append {
      checkLog(log);
      RecordKey.checkId(Objects.requireNonNull(writer, "writer"));
      lines = List.copyOf(lines);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
          throw new IllegalArgumentException(
              "line " + i + " appended to log '" + log + "' must not contain a line break");
        }
        if (line.length() > Envelope.MAX_RECORD_BYTES / 3
            && line.getBytes(StandardCharsets.UTF_8).length > Envelope.MAX_RECORD_BYTES) {
          throw new IllegalArgumentException(
              "line "
                  + i
                  + " appended to log '"
                  + log
                  + "' is over the limit of "
                  + Envelope.MAX_RECORD_BYTES
                  + " bytes");
        }
      }
    }
  }

  private final List<Operation> operations;

  private WriteBatch(List<Operation> operations) {
    this.operations = List.copyOf(operations);
  }

  /**
   * Starts a batch.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the writes, in the order they were added.
   *
   * @return the operations
   */
  public List<Operation> operations() {
    return operations;
  }

  /**
   * Returns the keys of the records the batch puts or deletes.
   *
   * @return the keys
   */
  public List<RecordKey> keys() {
    List<RecordKey> keys = new ArrayList<>();
    for (Operation op : operations) {
      if (op instanceof Put p) {
        keys.add(p.key());
      } else if (op instanceof Delete d) {
        keys.add(d.key());
      }
    }
    return keys;
  }

  /**
   * Checks a log name: the same rules as a collection name.
   *
   * @param log the name
   * @return the name
   * @throws IllegalArgumentException if it is not allowed
   */
  public static String checkLog(String log) {
    Objects.requireNonNull(log, "log");
    if (!LOG_NAME.matcher(log).matches()) {
      throw new IllegalArgumentException(
          "log must be 1 to 63 lower-case letters, digits or '-', starting with a letter, but was '"
              + RecordKey.abbreviate(log)
              + "'");
    }
    return log;
  }

  @Override
  public String toString() {
    return "WriteBatch[" + operations.size() + " operations]";
  }

  /**
   * Builds a {@link WriteBatch}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final List<Operation> operations = new ArrayList<>();
    private final Set<RecordKey> keys = new HashSet<>();

    private Builder() {}

    /**
     * Puts a record, whatever its current state.
     *
     * @param key the key
     * @param format the format
     * @param content the text
     * @return this builder
     */
    public Builder put(RecordKey key, RecordFormat format, String content) {
      return put(key, format, content, Expect.any());
    }

    /**
     * Puts a record if its current state is as expected.
     *
     * @param key the key
     * @param format the format
     * @param content the text
     * @param expect the expectation
     * @return this builder
     * @throws IllegalArgumentException if the batch already writes this key
     */
    public Builder put(RecordKey key, RecordFormat format, String content, Expect expect) {
      return add(new Put(key, format, content, expect), key);
    }

    /**
     * Deletes a record if its current state is as expected.
     *
     * @param key the key
     * @param expect the expectation
     * @return this builder
     * @throws IllegalArgumentException if the batch already writes this key
     */
    public Builder delete(RecordKey key, Expect expect) {
      return add(new Delete(key, expect), key);
    }

    /**
     * Appends lines to a log.
     *
     * @param log the log
     * @param writer who appends
     * @param lines the lines
     * @return this builder
     */
    public Builder append(String log, String writer, String... lines) {
      operations.add(new Append(log, writer, List.of(lines)));
      return this;
    }

    private Builder add(Operation op, RecordKey key) {
      if (!keys.add(key)) {
        throw new IllegalArgumentException("a batch may write " + key + " only once");
      }
      operations.add(op);
      return this;
    }

    /**
     * Builds the batch.
     *
     * @return the batch
     * @throws IllegalStateException if it is empty
     */
    public WriteBatch build() {
      if (operations.isEmpty()) {
        throw new IllegalStateException("a batch needs at least one operation");
      }
      return new WriteBatch(operations);
    }
  }
}
