package dev.agentops.store.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.agentops.hygiene.RecordHygiene;
import dev.agentops.llm.internal.Json;
import dev.agentops.store.HygieneFinding;
import dev.agentops.store.RecordFormat;
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
        String location = put.key().toString();
        String cleaned =
            put.format() == RecordFormat.JSON
                ? cleanJson(hygiene, put.content(), location, findings)
                : clean(hygiene, put.content(), location, findings).text();
        long revision = revisions.get(put.key()) + 1;
        String content = Envelope.stamp(put.key(), put.format(), cleaned, revision);
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
          lines.add(cleanJson(hygiene, line, location, findings));
        }
        appends.add(new LogAppend(append.log(), append.writer(), month, lines));
        summary.add("append " + append.log() + "/" + append.writer());
      }
    }
    return new BatchPlan(changes, appends, findings, summary);
  }

  /**
   * Cleans the string values of JSON text one by one, so that escapes such as {@code \n} do not
   * hide a path or a secret from the patterns; text that is not JSON is cleaned as it is.
   */
  private static String cleanJson(
      RecordHygiene hygiene, String text, String location, List<HygieneFinding> findings) {
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(text);
    } catch (JacksonException e) {
      return clean(hygiene, text, location, findings).text();
    }
    if (tree == null || !(tree.isObject() || tree.isArray())) {
      return clean(hygiene, text, location, findings).text();
    }
    boolean[] changed = {false};
    JsonNode cleaned = cleanNode(tree, hygiene, location, findings, changed);
    return changed[0] ? cleaned.toString() : text;
  }

  private static JsonNode cleanNode(
      JsonNode node,
      RecordHygiene hygiene,
      String location,
      List<HygieneFinding> findings,
      boolean[] changed) {
    if (node.isTextual()) {
      RecordHygiene.Cleaned c = clean(hygiene, node.asText(), location, findings);
      if (!c.changes().isEmpty()) {
        changed[0] = true;
        return TextNode.valueOf(c.text());
      }
      return node;
    }
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        object.set(name, cleanNode(object.get(name), hygiene, location, findings, changed));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, cleanNode(array.get(i), hygiene, location, findings, changed));
      }
    }
    return node;
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
