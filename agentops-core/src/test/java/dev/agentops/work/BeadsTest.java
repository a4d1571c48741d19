package dev.agentops.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.core.Fixtures;
import dev.agentops.hygiene.RecordHygiene;
import dev.agentops.store.InMemoryStore;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BeadsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static List<String> fixtureLines() throws IOException {
    Path file = Fixtures.require("beads/issues.jsonl");
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  static WorkTracker tracker() {
    return WorkTracker.builder(InMemoryStore.create()).build();
  }

  @Nested
  class TheRealTrackerOfBeads {

    @Test
    void importsEveryIssueAndReportsCounts() throws IOException {
      WorkTracker t = tracker();

      Beads.ImportReport report =
          t.importBeads(new StringReader(String.join("\n", fixtureLines())));

      assertThat(report.lines()).isEqualTo(875);
      assertThat(report.imported()).isEqualTo(875);
      assertThat(report.skipped()).isEmpty();
      assertThat(report.byStatus())
          .containsEntry(WorkStatus.CLOSED, 528)
          .containsEntry(WorkStatus.TOMBSTONE, 310)
          .containsEntry(WorkStatus.OPEN, 17)
          .containsEntry(WorkStatus.DEFERRED, 7)
          .containsEntry(WorkStatus.IN_PROGRESS, 13);
      assertThat(report.dependenciesByType())
          .containsEntry("blocks", 215)
          .containsEntry("parent-child", 213)
          .containsEntry("discovered-from", 33);
      assertThat(t.all()).hasSize(875);
    }

    @Test
    void exportsWhatItImportedFieldForField() throws IOException {
      List<String> original = fixtureLines();
      WorkTracker t =
          WorkTracker.builder(InMemoryStore.builder().hygiene(RecordHygiene.none()).build())
              .build();
      t.importBeads(new StringReader(String.join("\n", original)));
      StringWriter out = new StringWriter();

      t.exportBeads(out);

      Map<String, JsonNode> exported = new HashMap<>();
      for (String line : out.toString().split("\n")) {
        JsonNode n = JSON.readTree(line);
        exported.put(n.get("id").asText(), n);
      }
      assertThat(exported).hasSize(original.size());
      for (String line : original) {
        ObjectNode before = (ObjectNode) JSON.readTree(line);
        JsonNode after = exported.get(before.get("id").asText());
        assertThat(normalized(after))
            .as("issue %s", before.get("id"))
            .isEqualTo(normalized(before));
      }
    }

    @Test
    void theStoresHygieneKeepsItsAuthorsHomePathsOut() throws IOException {
      List<String> original = fixtureLines();
      long withHomePaths = original.stream().filter(l -> l.contains("/Users/")).count();
      WorkTracker t = tracker();
      t.importBeads(new StringReader(String.join("\n", original)));
      StringWriter out = new StringWriter();

      t.exportBeads(out);

      assertThat(withHomePaths).isPositive();
      assertThat(out.toString()).doesNotContain("/Users/").contains("~/gt/beads");
    }

    @Test
    void readyFollowsBeadsSemantics() throws IOException {
      List<String> lines = fixtureLines();
      WorkTracker t = tracker();
      t.importBeads(new StringReader(String.join("\n", lines)));

      Set<String> ours = new TreeSet<>();
      t.ready().forEach(w -> ours.add(w.id()));

      assertThat(ours).isEqualTo(independentReady(lines));
      assertThat(ours).isNotEmpty();
    }
  }

  /**
   * A second, independent reading of beads' ready work, straight from the JSON: open, and not
   * blocked by an unfinished blocker or through a blocked parent.
   */
  static Set<String> independentReady(List<String> lines) throws IOException {
    Map<String, JsonNode> issues = new HashMap<>();
    for (String line : lines) {
      if (!line.isBlank()) {
        JsonNode n = JSON.readTree(line);
        issues.put(n.get("id").asText(), n);
      }
    }
    Set<String> ready = new TreeSet<>();
    for (JsonNode n : issues.values()) {
      if (n.get("status").asText().equals("open") && !blockedRaw(n, issues, new HashSet<>())) {
        ready.add(n.get("id").asText());
      }
    }
    return ready;
  }

  static boolean blockedRaw(JsonNode n, Map<String, JsonNode> issues, Set<String> seen) {
    if (!seen.add(n.get("id").asText())) {
      return false;
    }
    for (JsonNode d : n.path("dependencies")) {
      JsonNode target = issues.get(d.path("depends_on_id").asText());
      if (target == null) {
        continue;
      }
      String status = target.get("status").asText();
      String type = d.path("type").asText();
      if (type.equals("blocks") && !status.equals("closed") && !status.equals("tombstone")) {
        return true;
      }
      if (type.equals("parent-child")
          && (status.equals("blocked") || blockedRaw(target, issues, seen))) {
        return true;
      }
    }
    return false;
  }

  /** Times compared as instants; everything else as written. */
  static JsonNode normalized(JsonNode issue) {
    ObjectNode copy = issue.deepCopy();
    for (String f : List.of("created_at", "updated_at", "closed_at", "deleted_at")) {
      if (copy.hasNonNull(f)) {
        copy.put(f, instant(copy.get(f).asText()).toString());
      }
    }
    for (JsonNode d : copy.path("dependencies")) {
      if (d.hasNonNull("created_at")) {
        ((ObjectNode) d).put("created_at", instant(d.get("created_at").asText()).toString());
      }
    }
    return copy;
  }

  static Instant instant(String t) {
    return OffsetDateTime.parse(t).toInstant();
  }

  @Nested
  class BadInput {

    @Test
    void skipsMalformedLinesWithTheirNumbersAndImportsTheRest() {
      String jsonl =
          String.join(
              "\n",
              "{\"id\":\"bd-1\",\"title\":\"ok\",\"status\":\"open\",\"priority\":2,"
                  + "\"issue_type\":\"task\",\"created_at\":\"2025-12-01T10:00:00Z\","
                  + "\"updated_at\":\"2025-12-01T10:00:00Z\"}",
              "{not json",
              "{\"id\":\"bd-2\",\"status\":\"open\",\"priority\":2}",
              "{\"id\":\"../../etc\",\"title\":\"t\",\"status\":\"open\",\"priority\":2,"
                  + "\"created_at\":\"2025-12-01T10:00:00Z\",\"updated_at\":\"2025-12-01T10:00:00Z\"}",
              "{\"id\":\"bd-3\",\"title\":\"t\",\"status\":\"open\",\"priority\":9,"
                  + "\"created_at\":\"2025-12-01T10:00:00Z\",\"updated_at\":\"2025-12-01T10:00:00Z\"}",
              "",
              "{\"id\":\"bd-1\",\"title\":\"again\",\"status\":\"open\",\"priority\":2,"
                  + "\"created_at\":\"2025-12-01T10:00:00Z\",\"updated_at\":\"2025-12-01T10:00:00Z\"}");
      WorkTracker t = tracker();

      Beads.ImportReport report = t.importBeads(new StringReader(jsonl));

      assertThat(report.imported()).isEqualTo(1);
      assertThat(report.skipped()).extracting(Beads.Skipped::line).containsExactly(2, 3, 4, 5, 7);
      assertThat(report.skipped().get(1).reason()).isEqualTo("field 'title' is required");
      assertThat(report.skipped().get(2).reason()).contains("id must be");
      assertThat(report.skipped().get(3).reason()).contains("must be 0 to 4, but was 9");
      assertThat(report.skipped().get(4).reason()).contains("repeats id 'bd-1' of line 1");
      assertThat(t.get("bd-1").orElseThrow().title()).isEqualTo("ok");
    }

    @Test
    void keepsStatusesAndFieldsItDoesNotModel() {
      WorkItem w =
          Beads.fromLine(
              "{\"id\":\"bd-h\",\"title\":\"Hooked\",\"status\":\"hooked\",\"priority\":1,"
                  + "\"issue_type\":\"molecule\",\"created_at\":\"2025-12-01T10:00:00-08:00\","
                  + "\"updated_at\":\"2025-12-01T10:00:00-08:00\",\"notes\":\"keep me\","
                  + "\"comments\":[{\"id\":1,\"text\":\"hi\"}]}");

      assertThat(w.status()).isEqualTo(WorkStatus.IN_PROGRESS);
      assertThat(w.extensions()).containsKeys("notes", "comments", "beads_status");
      assertThat(Beads.toLine(w))
          .contains("\"status\":\"hooked\"")
          .contains("\"notes\":\"keep me\"");
      assertThatThrownBy(() -> Beads.fromLine("[1]"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("JSON object");
    }
  }
}
