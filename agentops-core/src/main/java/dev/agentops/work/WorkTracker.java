package dev.agentops.work;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.llm.internal.Json;
import dev.agentops.store.BatchWriter;
import dev.agentops.store.JsonCodec;
import dev.agentops.store.RecordKey;
import dev.agentops.store.Records;
import dev.agentops.store.Store;
import dev.agentops.store.StoreException;
import dev.agentops.store.Versioned;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.io.Reader;
import java.io.Writer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Work items kept in a {@link Store}: created with short hash ids, claimed atomically, closed only
 * on a verdict, reopened only with a recorded reason.
 *
 * <h2>Readiness</h2>
 *
 * <p>An item is ready when it is open, it has been attempted fewer times than the maximum (3 by
 * default), and nothing blocks it: no {@code blocks} dependency on an item that is not finished,
 * and no parent (through {@code parent-child}) that is blocked, whether by its status or by its own
 * blockers. A parent is never blocked by its children; deferred items are never ready. This is
 * beads' definition of ready work.
 *
 * <h2>Claims</h2>
 *
 * <p>{@link #claim(String, String)} moves a ready item to in progress, with the worker as assignee
 * and one more attempt, by compare-and-swap on the item's revision: of any number of concurrent
 * claimants on one store, exactly one wins.
 *
 * <h2>The state ratchet</h2>
 *
 * <p>Closing needs the id of the verdict that allowed it; a closed item reopens only through {@link
 * #reopen(String, String)} with a reason. Both are recorded in the {@code work-events} log next to
 * the item's change, in the same commit. {@link #update(String, UnaryOperator)} refuses to close or
 * reopen.
 *
 * <p>Thread-safe if the store is.
 *
 * @since 0.1.0
 */
public final class WorkTracker {

  /** The collection work items are stored in. */
  public static final String COLLECTION = "work";

  /** The log that records closes and reopens. */
  public static final String EVENTS = "work-events";

  private static final int CAS_ATTEMPTS = 64;
  private static final int IMPORT_BATCH = 500;
  private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

  private final Store store;
  private final Records<WorkItem> items;
  private final String prefix;
  private final Clock clock;
  private final RandomGenerator random;
  private final int maxAttempts;
  private final String eventWriter;
  private final BatchWriter writer;

  private WorkTracker(Builder b) {
    this.store = b.store;
    this.items = Records.of(b.store, COLLECTION, JsonCodec.of(WorkItem.class, 1), WorkItem::id);
    this.prefix = b.prefix;
    this.clock = b.clock;
    this.random = b.random;
    this.maxAttempts = b.maxAttempts;
    this.eventWriter = b.eventWriter;
    this.writer = b.batchWriter != null ? b.batchWriter : b.store::write;
  }

  /**
   * Starts a tracker on a store.
   *
   * @param store the store
   * @return a builder
   */
  public static Builder builder(Store store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /** The outcome of a claim. */
  public sealed interface Claim permits Claimed, NotClaimed {

    /**
     * Tells whether the worker now holds the item.
     *
     * @return {@code true} for {@link Claimed}
     */
    boolean claimed();
  }

  /**
   * The worker holds the item.
   *
   * @param item the item, in progress and assigned to the worker
   * @since 0.1.0
   */
  public record Claimed(WorkItem item) implements Claim {
    @Override
    public boolean claimed() {
      return true;
    }
  }

  /**
   * The claim was refused.
   *
   * @param reason why: {@code not-found}, {@code taken}, {@code not-ready} or {@code
   *     attempts-exhausted}
   * @param detail a sentence for people
   * @since 0.1.0
   */
  public record NotClaimed(String reason, String detail) implements Claim {
    @Override
    public boolean claimed() {
      return false;
    }
  }

  /**
   * Creates an open item with a fresh short id.
   *
   * @param title what the work is
   * @param details sets the rest: description, priority, dependencies, …
   * @return the item as stored
   */
  public WorkItem create(String title, UnaryOperator<WorkItem.Builder> details) {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(details, "details");
    for (int length = 4; length <= 12; length++) {
      for (int tries = 0; tries < 4; tries++) {
        String id = prefix + "-" + randomSuffix(length);
        WorkItem item = details.apply(WorkItem.builder(id, title, clock.instant())).build();
        if (!item.id().equals(id)) {
          throw new IllegalArgumentException("the details must not change the id");
        }
        checkNotClosingWithoutVerdict(item);
        if (writer.write(items.addCreate(WriteBatch.builder(), item).build()).committed()) {
          return item;
        }
      }
    }
    throw new StoreException(
        COLLECTION, "could not find a free id with prefix '" + prefix + "'", null);
  }

  /**
   * Creates an item found while working on another, linked to it by {@code discovered-from}.
   *
   * @param fromId the item being worked on
   * @param title what the new work is
   * @param details sets the rest
   * @return the new item
   * @throws IllegalArgumentException if {@code fromId} does not exist
   */
  public WorkItem discovered(String fromId, String title, UnaryOperator<WorkItem.Builder> details) {
    require(fromId);
    return create(title, b -> details.apply(b.dependsOn(DependencyType.DISCOVERED_FROM, fromId)));
  }

  /**
   * Reads an item.
   *
   * @param id its id
   * @return the item, if it exists
   */
  public Optional<WorkItem> get(String id) {
    return items.get(id).map(Versioned::value);
  }

  /**
   * Reads every item, tombstones included; records that cannot be decoded are skipped.
   *
   * @return the items, ordered by id
   */
  public List<WorkItem> all() {
    List<WorkItem> out = new ArrayList<>();
    items.scan().values().forEach(v -> out.add(v.value()));
    return out;
  }

  /**
   * Returns the items ready to be worked on, most urgent first (priority, then age, then id).
   *
   * @return the ready items
   */
  public List<WorkItem> ready() {
    Map<String, WorkItem> byId = new HashMap<>();
    for (WorkItem w : all()) {
      byId.put(w.id(), w);
    }
    Map<String, Boolean> blocked = new HashMap<>();
    List<WorkItem> ready = new ArrayList<>();
    for (WorkItem w : byId.values()) {
      if (readyIn(w, byId, blocked)) {
        ready.add(w);
      }
    }
    ready.sort(
        Comparator.comparingInt(WorkItem::priority)
            .thenComparing(WorkItem::createdAt)
            .thenComparing(WorkItem::id));
    return ready;
  }

  private boolean readyIn(WorkItem w, Map<String, WorkItem> byId, Map<String, Boolean> blocked) {
    return w.status() == WorkStatus.OPEN
        && w.attempts() < maxAttempts
        && !blocked(w, byId, blocked, new HashSet<>());
  }

  /** Blocked by an unfinished blocker, or through a blocked parent; cycles block nothing more. */
  private static boolean blocked(
      WorkItem w, Map<String, WorkItem> byId, Map<String, Boolean> memo, Set<String> visiting) {
    Boolean known = memo.get(w.id());
    if (known != null) {
      return known;
    }
    if (!visiting.add(w.id())) {
      return false;
    }
    boolean result = false;
    for (String b : w.dependsOn(DependencyType.BLOCKS)) {
      WorkItem blocker = byId.get(b);
      if (blocker != null && !blocker.status().finished()) {
        result = true;
        break;
      }
    }
    if (!result) {
      for (String p : w.dependsOn(DependencyType.PARENT_CHILD)) {
        WorkItem parent = byId.get(p);
        if (parent != null
            && (parent.status() == WorkStatus.BLOCKED || blocked(parent, byId, memo, visiting))) {
          result = true;
          break;
        }
      }
    }
    visiting.remove(w.id());
    memo.put(w.id(), result);
    return result;
  }

  /**
   * Claims an item for a worker: of concurrent claimants, exactly one wins.
   *
   * @param id the item
   * @param worker who claims it
   * @return claimed, or why not
   */
  public Claim claim(String id, String worker) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(worker, "worker");
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      Optional<Versioned<WorkItem>> found = items.get(id);
      if (found.isEmpty()) {
        return new NotClaimed("not-found", "work item '" + id + "' does not exist");
      }
      WorkItem item = found.get().value();
      if (item.status() == WorkStatus.IN_PROGRESS) {
        return new NotClaimed(
            "taken", "work item '" + id + "' is already held by " + item.assignee());
      }
      if (item.attempts() >= maxAttempts && item.status() == WorkStatus.OPEN) {
        return new NotClaimed(
            "attempts-exhausted",
            "work item '" + id + "' was attempted " + item.attempts() + " times; escalate it");
      }
      Map<String, WorkItem> byId = new HashMap<>();
      all().forEach(w -> byId.put(w.id(), w));
      byId.put(id, item);
      if (!readyIn(item, byId, new HashMap<>())) {
        return new NotClaimed(
            "not-ready",
            "work item '"
                + id
                + "' is "
                + item.status().wireName()
                + (item.status() == WorkStatus.OPEN ? " but blocked" : ""));
      }
      WorkItem next =
          item.toBuilder()
              .status(WorkStatus.IN_PROGRESS)
              .assignee(worker)
              .attempts(item.attempts() + 1)
              .updatedAt(clock.instant())
              .build();
      if (writer
          .write(items.addUpdate(WriteBatch.builder(), found.get(), next).build())
          .committed()) {
        return new Claimed(next);
      }
    }
    throw new StoreException(
        COLLECTION + "/" + id, "claiming work item '" + id + "' kept conflicting", null);
  }

  /**
   * Changes an item, retrying on concurrent changes. The change may not close or reopen it: use
   * {@link #close(String, String, String)} and {@link #reopen(String, String)}.
   *
   * @param id the item
   * @param change applies the change to a builder holding the current values
   * @return the item as stored
   * @throws IllegalArgumentException if the item does not exist, or the change closes or reopens it
   */
  public WorkItem update(String id, UnaryOperator<WorkItem.Builder> change) {
    Objects.requireNonNull(change, "change");
    return mutate(
        id,
        current -> {
          WorkItem next = change.apply(current.toBuilder()).updatedAt(clock.instant()).build();
          if (!next.id().equals(id)) {
            throw new IllegalArgumentException("an update must not change the id of '" + id + "'");
          }
          boolean wasClosed = current.status() == WorkStatus.CLOSED;
          boolean isClosed = next.status() == WorkStatus.CLOSED;
          if (!wasClosed && isClosed) {
            throw new IllegalArgumentException(
                "work item '" + id + "' closes only through close(id, reason, verdictId)");
          }
          if (wasClosed && !isClosed) {
            throw new IllegalArgumentException(
                "work item '" + id + "' reopens only through reopen(id, reason)");
          }
          return next;
        },
        null);
  }

  /**
   * Closes an item on the strength of a verdict (the state ratchet).
   *
   * @param id the item
   * @param reason why it is done
   * @param verdictId the id of the verdict that allowed closing it
   * @return the closed item
   * @throws IllegalArgumentException if the verdict id or reason is blank, or the item does not
   *     exist
   * @throws IllegalStateException if the item is already closed or tombstoned
   */
  public WorkItem close(String id, String reason, String verdictId) {
    requireText(reason, "reason");
    if (verdictId == null || verdictId.isBlank()) {
      throw new IllegalArgumentException(
          "closing work item '" + id + "' needs the id of the verdict that allowed it");
    }
    return mutate(
        id,
        current -> {
          if (current.status().finished()) {
            throw new IllegalStateException(
                "work item '" + id + "' is already " + current.status().wireName());
          }
          return current.toBuilder()
              .closed(clock.instant(), reason, verdictId)
              .updatedAt(clock.instant())
              .build();
        },
        item -> event("closed", id, reason, verdictId));
  }

  /**
   * Reopens a closed item; the reason is recorded.
   *
   * @param id the item
   * @param reason why it must be done again
   * @return the reopened item
   * @throws IllegalStateException if the item is not closed
   */
  public WorkItem reopen(String id, String reason) {
    requireText(reason, "reason");
    return mutate(
        id,
        current -> {
          if (current.status() != WorkStatus.CLOSED) {
            throw new IllegalStateException(
                "work item '" + id + "' is " + current.status().wireName() + ", not closed");
          }
          return current.toBuilder()
              .status(WorkStatus.OPEN)
              .notClosed()
              .assignee(null)
              .updatedAt(clock.instant())
              .build();
        },
        item -> event("reopened", id, reason, null));
  }

  private String event(String what, String id, String reason, @Nullable String verdictId) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("event", what);
    node.put("work", id);
    node.put("reason", reason);
    if (verdictId != null) {
      node.put("verdict", verdictId);
    }
    node.put("at", clock.instant().toString());
    return node.toString();
  }

  private WorkItem mutate(
      String id, UnaryOperator<WorkItem> change, @Nullable Function<WorkItem, String> eventLine) {
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      Versioned<WorkItem> current = items.get(id).orElseThrow(() -> notFound(id));
      WorkItem next = change.apply(current.value());
      WriteBatch.Builder batch = items.addUpdate(WriteBatch.builder(), current, next);
      if (eventLine != null) {
        batch.append(EVENTS, eventWriter, eventLine.apply(next));
      }
      WriteResult result = writer.write(batch.build());
      if (result.committed()) {
        return next;
      }
    }
    throw new StoreException(
        COLLECTION + "/" + id, "changing work item '" + id + "' kept conflicting", null);
  }

  private void require(String id) {
    if (get(id).isEmpty()) {
      throw notFound(id);
    }
  }

  private static IllegalArgumentException notFound(String id) {
    return new IllegalArgumentException("work item '" + id + "' does not exist");
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  private static void checkNotClosingWithoutVerdict(WorkItem item) {
    if (item.status() == WorkStatus.CLOSED && item.verdictId() == null) {
      throw new IllegalArgumentException(
          "work item '" + item.id() + "' cannot be created closed without a verdict");
    }
  }

  private String randomSuffix(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  /**
   * Imports beads' {@code issues.jsonl}: every well-formed line becomes a work item (an existing
   * item with the same id is replaced, keeping fields AgentOps does not model); malformed lines are
   * skipped and reported with their line numbers.
   *
   * @param jsonl the issues, one JSON object per line
   * @return what was imported and skipped
   * @throws java.io.UncheckedIOException if reading fails
   */
  public Beads.ImportReport importBeads(Reader jsonl) {
    return Beads.importJsonl(
        jsonl,
        parsed -> {
          for (int from = 0; from < parsed.size(); from += IMPORT_BATCH) {
            WriteBatch.Builder batch = WriteBatch.builder();
            for (WorkItem w : parsed.subList(from, Math.min(parsed.size(), from + IMPORT_BATCH))) {
              items.addUpsert(batch, w);
            }
            if (!writer.write(batch.build()).committed()) {
              throw new AssertionError("an upsert expects nothing, so it cannot conflict");
            }
          }
        });
  }

  /**
   * Exports every item, tombstones included, as beads' {@code issues.jsonl}, ordered by id.
   *
   * @param out where to write
   * @throws java.io.UncheckedIOException if writing fails
   */
  public void exportBeads(Writer out) {
    Beads.exportJsonl(all(), out);
  }

  /**
   * Returns the store the items are kept in.
   *
   * @return the store
   */
  public Store store() {
    return store;
  }

  /**
   * Returns how many attempts an item may have before it is no longer ready.
   *
   * @return the maximum
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Builds a {@link WorkTracker}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final Store store;
    private String prefix = "ao";
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    private int maxAttempts = 3;
    private String eventWriter = "tracker";
    private @Nullable BatchWriter batchWriter;

    private Builder(Store store) {
      this.store = store;
    }

    /**
     * Sets the prefix of new ids, as in {@code ao-3f9k}.
     *
     * @param prefix 1 to 16 lower-case letters or digits; default {@code ao}
     * @return this builder
     */
    public Builder prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (!prefix.matches("[a-z0-9]{1,16}")) {
        throw new IllegalArgumentException(
            "prefix must be 1 to 16 lower-case letters or digits, but was '" + prefix + "'");
      }
      this.prefix = prefix;
      return this;
    }

    /**
     * Sets the clock timestamps come from.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets where new ids come from; it must be safe for concurrent use.
     *
     * @param random the generator
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets how many attempts an item may have before it stops being ready and must be escalated
     * (Factor XI).
     *
     * @param maxAttempts at least 1; default 3
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the writer name this tracker's events are logged under.
     *
     * @param writer a valid record id; default {@code tracker}
     * @return this builder
     */
    public Builder writer(String writer) {
      this.eventWriter = RecordKey.checkId(writer);
      return this;
    }

    /**
     * Sends every write through another writer, such as {@link
     * dev.agentops.store.GitStore#through(String)}: then creations, claims and closes are checked
     * against, and published to, a remote shared with other machines, and a claim is won by exactly
     * one of them.
     *
     * @param writer the writer; default the store itself
     * @return this builder
     */
    public Builder writeThrough(BatchWriter writer) {
      this.batchWriter = Objects.requireNonNull(writer, "writer");
      return this;
    }

    /**
     * Builds the tracker.
     *
     * @return the tracker
     */
    public WorkTracker build() {
      return new WorkTracker(this);
    }
  }
}
