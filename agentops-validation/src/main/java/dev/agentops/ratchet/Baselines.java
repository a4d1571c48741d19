package dev.agentops.ratchet;

import dev.agentops.ratchet.internal.ChainJson;
import dev.agentops.ratchet.internal.EventJson;
import dev.agentops.store.JsonCodec;
import dev.agentops.store.LogEntry;
import dev.agentops.store.RecordKey;
import dev.agentops.store.Records;
import dev.agentops.store.Store;
import dev.agentops.store.StoreException;
import dev.agentops.store.Versioned;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The metric ratchet, kept in a {@link Store} (Factors VI and II): {@link Baseline}s as records of
 * the {@value #COLLECTION} collection, and what happened to them in the {@value #LOG} log, each
 * change and its event in one commit.
 *
 * <ul>
 *   <li>{@link #ratchet(String, Map)} checks measurements against the stored bar: a failure is
 *       recorded and the bar stays; a pass raises the bar for every metric that improved. The
 *       stored bar never goes down this way.
 *   <li>{@link #rebaseline(String, String, Map)} sets the bar explicitly, lower if need be (a
 *       metric redefined, a deliberate trade-off), and records who did it and why.
 * </ul>
 *
 * <p>Changes are compare-and-swap on the record's revision: a check that races another one is
 * checked again against the bar the other one stored. Thread-safe if the store is.
 *
 * <pre>{@code
 * Baselines baselines = Baselines.builder(store).writer("ci").build();
 * baselines.create(bar, "first measured on the release branch");
 * BaselineCheck check = baselines.ratchet("main", Map.of("coverage", 82.0, "p95-ms", 231.0));
 * if (!check.passed()) {
 *   // check.failures() says which metrics regressed past tolerance, or were not measured
 * }
 * baselines.rebaseline("main", "moved to a slower but safer serializer", Map.of("p95-ms", 260.0));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Baselines {

  /** The collection baselines are stored in. */
  public static final String COLLECTION = "baselines";

  /** The log their events are appended to. */
  public static final String LOG = "baseline-events";

  private final Store store;
  private final Records<Baseline> records;
  private final Clock clock;
  private final String writer;
  private final int maxAttempts;

  private Baselines(Builder b) {
    this.store = b.store;
    this.records = Records.of(b.store, COLLECTION, JsonCodec.of(Baseline.class, 1), Baseline::name);
    this.clock = b.clock;
    this.writer = b.writer;
    this.maxAttempts = b.maxAttempts;
  }

  /**
   * Starts a set of baselines on a store.
   *
   * @param store the store
   * @return a builder
   */
  public static Builder builder(Store store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /**
   * Reads a baseline.
   *
   * @param name its name
   * @return the baseline, if it exists
   * @throws dev.agentops.store.RecordDecodingException if the record cannot be decoded
   */
  public Optional<Baseline> get(String name) {
    Objects.requireNonNull(name, "name");
    return records.get(name).map(Versioned::value);
  }

  /**
   * Stores a new baseline.
   *
   * @param baseline the baseline
   * @param reason why this is the bar: where the values come from
   * @return the baseline
   * @throws IllegalArgumentException if the reason is blank
   * @throws IllegalStateException if a baseline of that name exists: re-baseline it instead
   * @throws StoreException if the store cannot write
   */
  public Baseline create(Baseline baseline, String reason) {
    Objects.requireNonNull(baseline, "baseline");
    checkReason(reason, "creating baseline '" + baseline.name() + "'");
    BaselineEvent event =
        new BaselineEvent(
            baseline.name(),
            BaselineEvent.Kind.CREATED,
            clock.instant(),
            writer,
            reason,
            Map.of(),
            baseline.values());
    WriteBatch.Builder batch = records.addCreate(WriteBatch.builder(), baseline);
    WriteResult result = store.write(batch.append(LOG, writer, EventJson.encode(event)).build());
    if (!result.committed()) {
      throw new IllegalStateException(
          "baseline '"
              + baseline.name()
              + "' exists already; change its bar with rebaseline(name, reason, ...)");
    }
    return baseline;
  }

  /**
   * Checks measurements against a stored baseline and ratchets it: if every metric passes, the bar
   * rises for each metric that improved and the change is stored with a {@link
   * BaselineEvent.Kind#RAISED} event; if a metric regressed past its tolerance or was not measured,
   * the bar stays and a {@link BaselineEvent.Kind#REGRESSED} event records the shortfall.
   *
   * @param name the baseline's name
   * @param measurements values by metric name
   * @return the check, against the bar as it was when the check was stored
   * @throws IllegalArgumentException if there is no such baseline, or a measurement is not finite
   * @throws StoreException if the store cannot write, or other writers kept changing the baseline
   */
  public BaselineCheck ratchet(String name, Map<String, Double> measurements) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(measurements, "measurements");
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Versioned<Baseline> current = require(name);
      Instant now = clock.instant();
      BaselineCheck check = current.value().check(measurements, now);
      if (!check.passed()) {
        Map<String, Double> before = new LinkedHashMap<>();
        Map<String, Double> after = new LinkedHashMap<>();
        for (MetricCheck m : check.failures()) {
          before.put(m.metric().name(), m.baseline());
          if (m.measured() != null) {
            after.put(m.metric().name(), m.measured());
          }
        }
        append(
            new BaselineEvent(
                name, BaselineEvent.Kind.REGRESSED, now, writer, null, before, after));
        return check;
      }
      if (check.next() == current.value()) {
        return check;
      }
      Map<String, Double> before = new LinkedHashMap<>();
      Map<String, Double> after = new LinkedHashMap<>();
      for (MetricCheck m : check.improvements()) {
        before.put(m.metric().name(), m.baseline());
        after.put(m.metric().name(), Objects.requireNonNull(m.measured()));
      }
      BaselineEvent event =
          new BaselineEvent(name, BaselineEvent.Kind.RAISED, now, writer, null, before, after);
      if (update(current, check.next(), event)) {
        return check;
      }
    }
    throw contended(name);
  }

  /**
   * Sets some of a baseline's values explicitly, lower if need be, and records why.
   *
   * @param name the baseline's name
   * @param reason why the bar changes; required
   * @param values new values by metric name; other metrics keep theirs
   * @return the baseline as stored
   * @throws IllegalArgumentException if the reason is blank, there is no such baseline, or a name
   *     is not one of its metrics
   * @throws StoreException if the store cannot write, or other writers kept changing it
   */
  public Baseline rebaseline(String name, String reason, Map<String, Double> values) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(values, "values");
    checkReason(reason, "re-baselining '" + name + "'");
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Versioned<Baseline> current = require(name);
      Instant now = clock.instant();
      Baseline next = current.value().withValues(values, now);
      Map<String, Double> before = new LinkedHashMap<>();
      Map<String, Double> old = current.value().values();
      for (String metric : values.keySet()) {
        before.put(metric, old.get(metric));
      }
      BaselineEvent event =
          new BaselineEvent(
              name, BaselineEvent.Kind.REBASELINED, now, writer, reason, before, values);
      if (update(current, next, event)) {
        return next;
      }
    }
    throw contended(name);
  }

  /**
   * Replaces a baseline's metrics and values, to add, drop or redefine metrics, and records why.
   *
   * @param reason why the bar changes; required
   * @param replacement the new baseline, with the name of the one it replaces
   * @return the baseline as stored
   * @throws IllegalArgumentException if the reason is blank, or there is no such baseline
   * @throws StoreException if the store cannot write, or other writers kept changing it
   */
  public Baseline rebaseline(String reason, Baseline replacement) {
    Objects.requireNonNull(replacement, "replacement");
    String name = replacement.name();
    checkReason(reason, "re-baselining '" + name + "'");
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Versioned<Baseline> current = require(name);
      BaselineEvent event =
          new BaselineEvent(
              name,
              BaselineEvent.Kind.REBASELINED,
              clock.instant(),
              writer,
              reason,
              current.value().values(),
              replacement.values());
      if (update(current, replacement, event)) {
        return replacement;
      }
    }
    throw contended(name);
  }

  /**
   * Reads what happened to a baseline, oldest first; lines that cannot be read are skipped.
   *
   * @param name the baseline's name
   * @return the events
   */
  public List<BaselineEvent> events(String name) {
    Objects.requireNonNull(name, "name");
    List<BaselineEvent> out = new ArrayList<>();
    for (LogEntry e : store.log(LOG)) {
      try {
        BaselineEvent event = EventJson.decode(e.line(), e.writer());
        if (event.baseline().equals(name)) {
          out.add(event);
        }
      } catch (ChainJson.Unreadable skipped) {
        // Reported by the store's scanLog; one bad line never hides the others.
      }
    }
    out.sort(Comparator.comparing(BaselineEvent::time));
    return out;
  }

  private Versioned<Baseline> require(String name) {
    return records
        .get(name)
        .orElseThrow(() ->
            new IllegalArgumentException("there is no baseline '" + name + "'; create it first"));
  }

  private boolean update(Versioned<Baseline> current, Baseline next, BaselineEvent event) {
    WriteBatch.Builder batch = records.addUpdate(WriteBatch.builder(), current, next);
    return store.write(batch.append(LOG, writer, EventJson.encode(event)).build()).committed();
  }

  private void append(BaselineEvent event) {
    store.write(WriteBatch.builder().append(LOG, writer, EventJson.encode(event)).build());
  }

  private StoreException contended(String name) {
    return new StoreException(
        RecordKey.of(COLLECTION, name).toString(),
        "baseline '"
            + name
            + "' kept changing under other writers; gave up after "
            + maxAttempts
            + " attempts",
        null);
  }

  private static void checkReason(@Nullable String reason, String what) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException(what + " needs a reason, but the reason was blank");
    }
  }

  @Override
  public String toString() {
    return "Baselines[" + writer + "]";
  }

  /**
   * Builds {@link Baselines}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final Store store;
    private Clock clock = Clock.systemUTC();
    private String writer = "agentops";
    private int maxAttempts = 20;

    private Builder(Store store) {
      this.store = store;
    }

    /**
     * Sets the clock checks and events are timed by.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets who records events: each writer has its own shard of the log.
     *
     * @param writer a valid record id; default {@code agentops}
     * @return this builder
     */
    public Builder writer(String writer) {
      this.writer = RecordKey.checkId(Objects.requireNonNull(writer, "writer"));
      return this;
    }

    /**
     * Sets how many times a change is tried while other writers keep changing the baseline.
     *
     * @param attempts at least 1; default 20
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Builds the baselines.
     *
     * @return the baselines
     */
    public Baselines build() {
      return new Baselines(this);
    }
  }
}
