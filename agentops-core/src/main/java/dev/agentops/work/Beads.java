package dev.agentops.work;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.llm.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes beads' {@code issues.jsonl}: one JSON issue per line, with {@code id}, {@code
 * title}, {@code description}, {@code status}, {@code priority}, {@code issue_type}, {@code
 * assignee}, {@code labels}, {@code dependencies} ({@code depends_on_id}, {@code type}, {@code
 * created_at}, {@code created_by}), timestamps and {@code close_reason}.
 *
 * <p>Fields AgentOps models map both ways; every other field ({@code notes}, {@code comments},
 * {@code deleted_at}, …) is kept in {@link WorkItem#extensions()} and written back as it was.
 * Statuses beads has and AgentOps does not ({@code hooked}, {@code pinned}) read as in progress,
 * and are written back as they were while the item stays in progress.
 *
 * @since 0.1.0
 */
public final class Beads {

  /** A line that was not imported, and why. */
  public record Skipped(int line, String reason) {}

  /**
   * What an import did.
   *
   * @param lines the non-blank lines read
   * @param imported the items written
   * @param byStatus the imported items by status
   * @param dependenciesByType the imported dependencies by type
   * @param skipped the lines not imported, with the reason
   */
  public record ImportReport(
      int lines,
      int imported,
      Map<WorkStatus, Integer> byStatus,
      Map<String, Integer> dependenciesByType,
      List<Skipped> skipped) {

    /**
     * Copies the collections.
     *
     * @param lines lines read
     * @param imported items written
     * @param byStatus by status
     * @param dependenciesByType by dependency type
     * @param skipped lines skipped
     */
    public ImportReport {
      byStatus = Map.copyOf(byStatus);
      dependenciesByType = Map.copyOf(dependenciesByType);
      skipped = List.copyOf(skipped);
    }
  }

  /** The extension that keeps a beads status AgentOps reads as in progress. */
  static final String BEADS_STATUS = "beads_status";

  private static final Set<String> MODELED =
      Set.of(
          "id",
          "title",
          "description",
          "acceptance_criteria",
          "status",
          "priority",
          "issue_type",
          "assignee",
          "labels",
          "dependencies",
          "created_at",
          "updated_at",
          "closed_at",
          "close_reason",
          "attempts",
          "verdict_id");

  private Beads() {}

  /**
   * Parses one line of {@code issues.jsonl}.
   *
   * @param line the issue as a JSON object
   * @return the work item
   * @throws IllegalArgumentException if the line is not JSON, or naming the field that is
   *     missing or malformed
   */
  public static WorkItem fromLine(String line) {
    Objects.requireNonNull(line, "line");
    try {
      return fromJson(Json.MAPPER.readTree(line));
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not valid JSON: " + Json.describeWithoutQuotes(e), e);
    }
  }

  /**
   * Writes a work item as one line of {@code issues.jsonl}.
   *
   * @param item the item
   * @return the issue as a JSON object, on one line
   */
  public static String toLine(WorkItem item) {
    return toJson(item).toString();
  }

  static WorkItem fromJson(JsonNode issue) {
    if (!(issue instanceof ObjectNode o)) {
      throw new IllegalArgumentException("an issue must be a JSON object");
    }
    String id = text(o, "id", true);
    String title = text(o, "title", true);
    Instant created = time(o, "created_at", true);
    WorkItem.Builder b = WorkItem.builder(id, title, created);
    b.description(orEmpty(text(o, "description", false)));
    b.acceptanceCriteria(orEmpty(text(o, "acceptance_criteria", false)));
    String status = text(o, "status", true);
    try {
      b.status(WorkStatus.fromWireName(status));
    } catch (IllegalArgumentException unknown) {
      b.status(WorkStatus.IN_PROGRESS).extension(BEADS_STATUS, status);
    }
    JsonNode priority = o.get("priority");
    if (priority == null || !priority.canConvertToInt()) {
      throw new IllegalArgumentException("field 'priority' must be a whole number 0 to 4");
    }
    b.priority(priority.asInt());
    b.type(orEmpty(text(o, "issue_type", false)));
    b.assignee(text(o, "assignee", false));
    JsonNode labels = o.get("labels");
    if (labels != null && labels.isArray()) {
      labels.forEach(l -> b.labels(l.asText()));
    }
    JsonNode deps = o.get("dependencies");
    if (deps != null && deps.isArray()) {
      for (JsonNode d : deps) {
        b.dependency(
            new Dependency(
                text(d, "depends_on_id", true),
                DependencyType.of(text(d, "type", true)),
                time(d, "created_at", false),
                text(d, "created_by", false)));
      }
    }
    JsonNode attempts = o.get("attempts");
    if (attempts != null && attempts.canConvertToInt()) {
      b.attempts(attempts.asInt());
    }
    b.updatedAt(time(o, "updated_at", true));
    b.closeFields(
        time(o, "closed_at", false), text(o, "close_reason", false), text(o, "verdict_id", false));
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      if (!MODELED.contains(e.getKey())) {
        Object value = Json.MAPPER.convertValue(e.getValue(), Object.class);
        if (value != null) {
          b.extension(e.getKey(), value);
        }
      }
    }
    return b.build();
  }

  static ObjectNode toJson(WorkItem item) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", item.id());
    o.put("title", item.title());
    if (!item.description().isEmpty()) {
      o.put("description", item.description());
    }
    if (!item.acceptanceCriteria().isEmpty()) {
      o.put("acceptance_criteria", item.acceptanceCriteria());
    }
    Object kept = item.extensions().get(BEADS_STATUS);
    o.put(
        "status",
        kept != null && item.status() == WorkStatus.IN_PROGRESS
            ? kept.toString()
            : item.status().wireName());
    o.put("priority", item.priority());
    o.put("issue_type", item.type());
    if (item.assignee() != null) {
      o.put("assignee", item.assignee());
    }
    if (!item.labels().isEmpty()) {
      ArrayNode labels = o.putArray("labels");
      item.labels().forEach(labels::add);
    }
    o.put("created_at", item.createdAt().toString());
    o.put("updated_at", item.updatedAt().toString());
    if (item.closedAt() != null) {
      o.put("closed_at", item.closedAt().toString());
    }
    if (item.closeReason() != null) {
      o.put("close_reason", item.closeReason());
    }
    if (item.verdictId() != null) {
      o.put("verdict_id", item.verdictId());
    }
    if (item.attempts() > 0) {
      o.put("attempts", item.attempts());
    }
    if (!item.dependencies().isEmpty()) {
      ArrayNode deps = o.putArray("dependencies");
      for (Dependency d : item.dependencies()) {
        ObjectNode dep = deps.addObject();
        dep.put("issue_id", item.id());
        dep.put("depends_on_id", d.dependsOn());
        dep.put("type", d.type().name());
        if (d.createdAt() != null) {
          dep.put("created_at", d.createdAt().toString());
        }
        if (d.createdBy() != null) {
          dep.put("created_by", d.createdBy());
        }
      }
    }
    for (Map.Entry<String, Object> e : item.extensions().entrySet()) {
      if (!e.getKey().equals(BEADS_STATUS)) {
        o.set(e.getKey(), Json.MAPPER.valueToTree(e.getValue()));
      }
    }
    return o;
  }

  static ImportReport importJsonl(Reader jsonl, ItemSink sink) {
    Objects.requireNonNull(jsonl, "jsonl");
    int lines = 0;
    int number = 0;
    List<Skipped> skipped = new ArrayList<>();
    Map<WorkStatus, Integer> byStatus = new TreeMap<>();
    Map<String, Integer> byType = new TreeMap<>();
    List<WorkItem> parsed = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    try (BufferedReader reader = new BufferedReader(jsonl)) {
      String line;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        lines++;
        WorkItem item;
        try {
          item = fromLine(line);
        } catch (IllegalArgumentException e) {
          skipped.add(new Skipped(number, e.getMessage()));
          continue;
        }
        Integer earlier = seen.putIfAbsent(item.id(), number);
        if (earlier != null) {
          skipped.add(new Skipped(number, "repeats id '" + item.id() + "' of line " + earlier));
          continue;
        }
        parsed.add(item);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sink.write(parsed);
    for (WorkItem w : parsed) {
      byStatus.merge(w.status(), 1, Integer::sum);
      w.dependencies().forEach(d -> byType.merge(d.type().name(), 1, Integer::sum));
    }
    return new ImportReport(lines, parsed.size(), byStatus, byType, skipped);
  }

  static void exportJsonl(List<WorkItem> items, Writer out) {
    try {
      for (WorkItem w : items) {
        out.write(toLine(w));
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where imported items go. */
  interface ItemSink {
    void write(List<WorkItem> items);
  }

  private static @Nullable String text(JsonNode o, String field, boolean required) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException("field '" + field + "' is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' must be a string");
    }
    return v.asText();
  }

  private static @Nullable Instant time(JsonNode o, String field, boolean required) {
    String t = text(o, field, required);
    if (t == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(t);
      } catch (DateTimeParseException again) {
        throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 time");
      }
    }
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }
}
