package dev.agentops.ratchet;

import dev.agentops.ratchet.internal.ChainJson;
import dev.agentops.store.LogEntry;
import dev.agentops.store.LogScan;
import dev.agentops.store.Quarantined;
import dev.agentops.store.RecordKey;
import dev.agentops.store.Store;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The chain of locked steps (Factor VI): every lock and every skip, appended to a log of the {@link
 * Store}, so the history of what was locked, on which verdict, and what was skipped and why is in
 * git with everything else.
 *
 * <p>A {@link Ratchet} built with {@link Ratchet.Builder#chainLog(ChainLog)} records each lock that
 * moved its ref; other locks (a work item closed on a verdict, a document accepted) are recorded
 * with {@link #lock}. A skip always needs a reason.
 *
 * <p>Each writer appends to its own shard of the log, so writers on many machines never conflict;
 * {@link #entries()} reads every writer's entries, ordered by time. Thread-safe if the store is.
 *
 * <pre>{@code
 * ChainLog chain = ChainLog.builder(store).writer("worker-7").build();
 * chain.skip("research", "the change is a one-line typo fix");
 * try (Ratchet main = Ratchet.builder(repo, "refs/heads/main").chainLog(chain).build()) {
 *   main.lock(LockRequest.of(commit, verdictId).step("implement"));  // recorded
 * }
 * List<ChainEntry> history = chain.entries();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ChainLog {

  /** The name of the log unless told otherwise. */
  public static final String DEFAULT_LOG = "chain";

  /**
   * Every readable entry of the log, and every line that could not be read.
   *
   * @param entries the entries, ordered by time (lines of one time in the order they were read)
   * @param quarantined the lines skipped, with the reason
   * @since 0.1.0
   */
  public record Scan(List<ChainEntry> entries, List<Quarantined> quarantined) {

    /**
     * Copies the lists.
     *
     * @param entries the entries
     * @param quarantined the skipped lines
     */
    public Scan {
      entries = List.copyOf(entries);
      quarantined = List.copyOf(quarantined);
    }
  }

  private final Store store;
  private final String log;
  private final String writer;
  private final Clock clock;

  private ChainLog(Builder b) {
    this.store = b.store;
    this.log = b.log;
    this.writer = b.writer;
    this.clock = b.clock;
  }

  /**
   * Starts a chain log on a store.
   *
   * @param store the store
   * @return a builder
   */
  public static Builder builder(Store store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /**
   * Records a lock of a ref, as a {@link Ratchet} does after moving it.
   *
   * @param step the step the lock completes
   * @param locked the lock
   * @return the entry appended
   * @throws dev.agentops.store.StoreException if the store cannot write
   */
  public ChainEntry recordLock(String step, LockOutcome.Locked locked) {
    Objects.requireNonNull(locked, "locked");
    return append(
        new ChainEntry(
            ChainEntry.Kind.LOCKED,
            checkStep(step),
            clock.instant(),
            locked.previous(),
            locked.commit(),
            locked.verdictId(),
            null,
            locked.ref(),
            writer));
  }

  /**
   * Records a lock of something other than a ref: a work item closed on a verdict, an accepted
   * plan.
   *
   * @param step the step the lock completes
   * @param input what the step started from, or {@code null}
   * @param output what was locked
   * @param verdictId the verdict that allowed it
   * @return the entry appended
   * @throws IllegalArgumentException if the output or the verdict is blank
   * @throws dev.agentops.store.StoreException if the store cannot write
   */
  public ChainEntry lock(String step, @Nullable String input, String output, String verdictId) {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(verdictId, "verdictId");
    return append(
        new ChainEntry(
            ChainEntry.Kind.LOCKED,
            checkStep(step),
            clock.instant(),
            input,
            output,
            verdictId,
            null,
            null,
            writer));
  }

  /**
   * Records that a step was skipped.
   *
   * @param step the step skipped
   * @param reason why; required
   * @return the entry appended
   * @throws IllegalArgumentException if the reason is blank
   * @throws dev.agentops.store.StoreException if the store cannot write
   */
  public ChainEntry skip(String step, String reason) {
    Objects.requireNonNull(reason, "reason");
    return append(
        new ChainEntry(
            ChainEntry.Kind.SKIPPED,
            checkStep(step),
            clock.instant(),
            null,
            null,
            null,
            reason,
            null,
            writer));
  }

  /**
   * Reads every writer's entries, ordered by time; lines that cannot be read are skipped ({@link
   * #scan()} reports them).
   *
   * @return the entries
   */
  public List<ChainEntry> entries() {
    return scan().entries();
  }

  /**
   * Reads every writer's entries, ordered by time, and reports the lines that could not be read.
   *
   * @return the entries and the quarantined lines
   */
  public Scan scan() {
    LogScan raw = store.scanLog(log);
    List<ChainEntry> entries = new ArrayList<>(raw.entries().size());
    List<Quarantined> quarantined = new ArrayList<>(raw.quarantined());
    Map<String, Integer> lineNumbers = new HashMap<>();
    for (LogEntry e : raw.entries()) {
      String shard = RecordKey.LOGS + "/" + log + "/" + e.writer() + "/" + e.month() + ".jsonl";
      int number = lineNumbers.merge(shard, 1, Integer::sum);
      try {
        entries.add(ChainJson.decode(e.line(), e.writer()));
      } catch (ChainJson.Unreadable u) {
        quarantined.add(new Quarantined(shard + ":" + number, "the line " + u.getMessage()));
      }
    }
    entries.sort(Comparator.comparing(ChainEntry::time));
    return new Scan(entries, quarantined);
  }

  /**
   * Returns the name of the log in the store.
   *
   * @return the log's name
   */
  public String log() {
    return log;
  }

  /**
   * Returns who this chain log appends as.
   *
   * @return the writer
   */
  public String writer() {
    return writer;
  }

  private ChainEntry append(ChainEntry entry) {
    WriteResult result =
        store.write(WriteBatch.builder().append(log, writer, ChainJson.encode(entry)).build());
    if (!result.committed()) {
      throw new AssertionError("an append expects nothing, yet the store refused it: " + result);
    }
    return entry;
  }

  private static String checkStep(String step) {
    return LockRequest.checkStep(step);
  }

  @Override
  public String toString() {
    return "ChainLog[" + log + " as " + writer + "]";
  }

  /**
   * Builds a {@link ChainLog}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final Store store;
    private String log = DEFAULT_LOG;
    private String writer = "agentops";
    private Clock clock = Clock.systemUTC();

    private Builder(Store store) {
      this.store = store;
    }

    /**
     * Sets the log's name in the store.
     *
     * @param log a log name; default {@value ChainLog#DEFAULT_LOG}
     * @return this builder
     * @throws IllegalArgumentException if the name is not a valid log name
     */
    public Builder log(String log) {
      Objects.requireNonNull(log, "log");
      // Let the store's own rule decide what a log name may be.
      new WriteBatch.Append(log, writer, List.of());
      this.log = log;
      return this;
    }

    /**
     * Sets who appends: each writer has its own shard of the log.
     *
     * @param writer a name that is a valid record id; default {@code agentops}
     * @return this builder
     */
    public Builder writer(String writer) {
      this.writer = RecordKey.checkId(Objects.requireNonNull(writer, "writer"));
      return this;
    }

    /**
     * Sets the clock entries are timed by.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the chain log.
     *
     * @return the chain log
     */
    public ChainLog build() {
      return new ChainLog(this);
    }
  }
}
