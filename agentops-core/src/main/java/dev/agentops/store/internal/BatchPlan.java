package dev.agentops.store.internal;

import dev.agentops.hygiene.RecordHygiene;
import dev.agentops.store.HygieneFinding;
import dev.agentops.store.RecordKey;
import dev.agentops.store.StoredRecord;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A batch checked against a store's current state and made ready to write: expectations checked,
 * text cleaned, revisions stamped. Every store applies batches through it, so all of them agree on
 * the semantics.
 */
public final class BatchPlan {

  /** A record to write, or to delete when {@code after} is null. */
  public record RecordChange(RecordKey key, @Nullable StoredRecord after) {}

  /** Lines to append to one shard of a log. */
  public record LogAppend(String log, String writer, YearMonth month, List<String> lines) {

    /** The shard's path relative to the logs directory: {@code <log>/<writer>/<yyyy-mm>.jsonl}. */
    public String shard() {
      return log + "/" + writer + "/" + month + ".jsonl";
    }
  }

  private final List<RecordChange> changes;
  private final List<LogAppend> appends;
  private final List<HygieneFinding> hygiene;
  private final List<String> summary;

  private BatchPlan(
      List<RecordChange> changes,
      List<LogAppend> appends,
      List<HygieneFinding> hygiene,
      List<String> summary) {
    this.changes = changes;
    this.appends = appends;
    this.hygiene = hygiene;
    this.summary = summary;
  }

  /**
   * Plans a batch.
   *
   * @param currentRevision the current revision of a record, 0 if it does not exist
   * @return the plan, or the conflict if an expectation fails
   * @throws IllegalArgumentException if a record's text is malformed, too large, or refused by the
   *     hygiene
   */
  public static Object plan(
      WriteBatch batch,
      ToLongFunction<RecordKey> currentRevision,
      RecordHygiene hygiene,
      YearMonth month) {
    List<WriteResult.Mismatch> mismatches = new ArrayList<>();
    Map<RecordKey, Long> revisions = new LinkedHashMap<>();
    for (WriteBatch.Operation op : batch.operations()) {
      if (op instanceof WriteBatch.Put put) {
        long current = currentRevision.applyAsLong(put.key());
        revisions.put(put.key(), current);
        if (!put.expect().matches(current)) {
          mismatches.add(new WriteResult.Mismatch(put.key(), put.expect(), current));
        }
      } else if (op instanceof WriteBatch.Delete delete) {
        long current = currentRevision.applyAsLong(delete.key());
        revisions.put(delete.key(), current);
        if (!delete.expect().matches(current)) {
          mismatches.add(new WriteResult.Mismatch(delete.key(), delete.expect(), current));
        }
      }
    }
    if (!mismatches.isEmpty()) {
      return new WriteResult.Conflict(mismatches);
    }
    List<RecordChange> changes = new ArrayList<>();
    List<LogAppend> appends = new ArrayList<>();
    List<HygieneFinding> findings = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    for (WriteBatch.Operation op : batch.operations()) {
      if (op instanceof WriteBatch.Put put) {
        RecordHygiene.Cleaned cleaned =
            clean(hygiene, put.content(), put.key().toString(), findings);
        long revision = revisions.get(put.key()) + 1;
        String content = Envelope.stamp(put.key(), put.format(), cleaned.text(), revision);
        changes.add(
            new RecordChange(
                put.key(), new StoredRecord(put.key(), revision, put.format(), content)));
        summary.add((revision == 1 ? "create " : "update ") + put.key());
      } else if (op instanceof WriteBatch.Delete delete) {
        changes.add(new RecordChange(delete.key(), null));
        if (revisions.get(delete.key()) > 0) {
          summary.add("delete " + delete.key());
        }
      } else if (op instanceof WriteBatch.Append append) {
        List<String> lines = new ArrayList<>(append.lines().size());
        String location = "logs/" + append.log() + "/" + append.writer();
        for (String line : append.lines()) {
          lines.add(clean(hygiene, line, location, findings).text());
        }
        appends.add(new LogAppend(append.log(), append.writer(), month, lines));
        summary.add("append " + append.log() + "/" + append.writer());
      }
    }
    return new BatchPlan(changes, appends, findings, summary);
  }

  private static RecordHygiene.Cleaned clean(
      RecordHygiene hygiene, String text, String location, List<HygieneFinding> findings) {
    RecordHygiene.Cleaned cleaned;
    try {
      cleaned = hygiene.clean(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(location + " was refused: " + e.getMessage(), e);
    }
    cleaned
        .changes()
        .forEach(c -> findings.add(new HygieneFinding(location, c.kind(), c.action())));
    return cleaned;
  }

  public List<RecordChange> changes() {
    return changes;
  }

  public List<LogAppend> appends() {
    return appends;
  }

  public List<HygieneFinding> hygiene() {
    return hygiene;
  }

  /** One line per operation, such as {@code update work/bd-7}. */
  public List<String> summary() {
    return summary;
  }

  /** The new revisions: each put's, and 0 for each delete. */
  public Map<RecordKey, Long> revisions() {
    Map<RecordKey, Long> r = new LinkedHashMap<>();
    for (RecordChange c : changes) {
      r.put(c.key(), c.after() == null ? 0L : c.after().revision());
    }
    return r;
  }
}
