package dev.agentops.store;

import dev.agentops.hygiene.PathNormalizer;
import dev.agentops.hygiene.RecordHygiene;
import dev.agentops.store.internal.BatchPlan;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link Store} held in memory, with the same semantics as {@link GitStore}: atomic batches,
 * compare-and-swap on revisions, hygiene, logs, history and views as of any commit. For tests and
 * for hosts that do not need durability. Every commit keeps a full snapshot, so it suits thousands
 * of records, not millions.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryStore implements Store {

  private record Snapshot(
      String id,
      Instant time,
      Map<RecordKey, StoredRecord> records,
      Map<String, List<String>> logShards) {}

  private final Clock clock;
  private final RecordHygiene hygiene;
  private final List<Snapshot> commits = new ArrayList<>();
  private final Map<String, Snapshot> byId = new HashMap<>();

  private InMemoryStore(Builder b) {
    this.clock = b.clock;
    this.hygiene = b.hygiene;
  }

  /**
   * Returns an empty store with the defaults: the system clock, secrets redacted and home paths
   * made home-relative.
   *
   * @return the store
   */
  public static InMemoryStore create() {
    return builder().build();
  }

  /**
   * Starts a store.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public synchronized WriteResult write(WriteBatch batch) {
    Objects.requireNonNull(batch, "batch");
    Snapshot tip = tip();
    Map<RecordKey, StoredRecord> records = tip == null ? Map.of() : tip.records();
    Object planned =
        BatchPlan.plan(
            batch,
            key -> {
              StoredRecord r = records.get(key);
              return r == null ? 0 : r.revision();
            },
            hygiene,
            YearMonth.now(clock.withZone(ZoneOffset.UTC)));
    if (planned instanceof WriteResult.Conflict conflict) {
      return conflict;
    }
    BatchPlan plan = (BatchPlan) planned;
    Map<RecordKey, StoredRecord> nextRecords = new HashMap<>(records);
    for (BatchPlan.RecordChange c : plan.changes()) {
      if (c.after() == null) {
        nextRecords.remove(c.key());
      } else {
        nextRecords.put(c.key(), c.after());
      }
    }
    Map<String, List<String>> nextLogs = new HashMap<>(tip == null ? Map.of() : tip.logShards());
    for (BatchPlan.LogAppend a : plan.appends()) {
      List<String> lines = new ArrayList<>(nextLogs.getOrDefault(a.shard(), List.of()));
      lines.addAll(a.lines());
      nextLogs.put(a.shard(), List.copyOf(lines));
    }
    Snapshot next =
        new Snapshot(
            "mem-" + (commits.size() + 1),
            clock.instant(),
            Collections.unmodifiableMap(nextRecords),
            Collections.unmodifiableMap(nextLogs));
    commits.add(next);
    byId.put(next.id(), next);
    return new WriteResult.Committed(next.id(), plan.revisions(), plan.hygiene());
  }

  @Override
  public Optional<StoredRecord> read(RecordKey key) {
    return view(tip()).read(key);
  }

  @Override
  public List<String> ids(String collection) {
    return view(tip()).ids(collection);
  }

  @Override
  public ScanResult scan(String collection) {
    return view(tip()).scan(collection);
  }

  @Override
  public List<String> collections() {
    return view(tip()).collections();
  }

  @Override
  public LogScan scanLog(String log) {
    return view(tip()).scanLog(log);
  }

  @Override
  public synchronized List<RecordVersion> history(RecordKey key) {
    Objects.requireNonNull(key, "key");
    List<RecordVersion> versions = new ArrayList<>();
    StoredRecord later = null;
    boolean laterExists = false;
    for (int i = commits.size() - 1; i >= 0; i--) {
      Snapshot s = commits.get(i);
      StoredRecord r = s.records().get(key);
      StoredRecord before = i == 0 ? null : commits.get(i - 1).records().get(key);
      if (!Objects.equals(r, before)) {
        versions.add(new RecordVersion(s.id(), s.time(), Optional.ofNullable(r)));
      }
    }
    return versions;
  }

  @Override
  public synchronized ReadableStore at(String commitId) {
    Snapshot s = byId.get(Objects.requireNonNull(commitId, "commitId"));
    if (s == null) {
      throw new IllegalArgumentException("commit '" + commitId + "' is not in this store");
    }
    return view(s);
  }

  @Override
  public synchronized Optional<String> head() {
    Snapshot tip = tip();
    return tip == null ? Optional.empty() : Optional.of(tip.id());
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "InMemoryStore[" + head().orElse("empty") + "]";
  }

  private synchronized Snapshot tip() {
    return commits.isEmpty() ? null : commits.get(commits.size() - 1);
  }

  private static ReadableStore view(Snapshot s) {
    Map<RecordKey, StoredRecord> records = s == null ? Map.of() : s.records();
    Map<String, List<String>> logs = s == null ? Map.of() : s.logShards();
    return new ReadableStore() {
      @Override
      public Optional<StoredRecord> read(RecordKey key) {
        return Optional.ofNullable(records.get(Objects.requireNonNull(key, "key")));
      }

      @Override
      public List<String> ids(String collection) {
        RecordKey.checkCollection(collection);
        TreeSet<String> ids = new TreeSet<>();
        records
            .keySet()
            .forEach(k -> {
              if (k.collection().equals(collection)) {
                ids.add(k.id());
              }
            });
        return List.copyOf(ids);
      }

      @Override
      public ScanResult scan(String collection) {
        List<StoredRecord> out = new ArrayList<>();
        for (String id : ids(collection)) {
          out.add(records.get(RecordKey.of(collection, id)));
        }
        return new ScanResult(out, List.of());
      }

      @Override
      public List<String> collections() {
        TreeSet<String> names = new TreeSet<>();
        records.keySet().forEach(k -> names.add(k.collection()));
        return List.copyOf(names);
      }

      @Override
      public LogScan scanLog(String log) {
        WriteBatch.checkLog(log);
        TreeMap<String, List<String>> shards = new TreeMap<>(LOG_SHARD_ORDER);
        logs.forEach((shard, lines) -> {
          if (shard.startsWith(log + "/")) {
            shards.put(shard, lines);
          }
        });
        List<LogEntry> entries = new ArrayList<>();
        shards.forEach((shard, lines) -> {
          String[] parts = shard.split("/");
          YearMonth month =
              YearMonth.parse(parts[2].substring(0, parts[2].length() - ".jsonl".length()));
          lines.forEach(line -> entries.add(new LogEntry(log, parts[1], month, line)));
        });
        return new LogScan(entries, List.of());
      }
    };
  }

  /** Shards ordered by month, then writer: {@code <log>/<writer>/<yyyy-mm>.jsonl}. */
  static final java.util.Comparator<String> LOG_SHARD_ORDER =
      java.util.Comparator.<String, String>comparing(s -> s.substring(s.lastIndexOf('/') + 1))
          .thenComparing(s -> s);

  /**
   * Builds an {@link InMemoryStore}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private Clock clock = Clock.systemUTC();
    private RecordHygiene hygiene = RecordHygiene.of(PathNormalizer.homesOnly());

    private Builder() {}

    /**
     * Sets the clock commits are timed by and log shards are chosen by.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets what records pass through before they are written.
     *
     * @param hygiene the hygiene; default secrets redacted and home paths made home-relative
     * @return this builder
     */
    public Builder hygiene(RecordHygiene hygiene) {
      this.hygiene = Objects.requireNonNull(hygiene, "hygiene");
      return this;
    }

    /**
     * Builds the store.
     *
     * @return the store
     */
    public InMemoryStore build() {
      return new InMemoryStore(this);
    }
  }
}
