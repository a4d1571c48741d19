package dev.agentops.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentops.core.Fixtures;
import dev.agentops.ratchet.ChainEntry;
import dev.agentops.ratchet.ChainLog;
import dev.agentops.store.GitStore;
import dev.agentops.store.RecordCodec;
import dev.agentops.store.RecordKey;
import dev.agentops.store.Store;
import dev.agentops.store.StoredRecord;
import dev.agentops.work.WorkItem;
import dev.agentops.work.WorkStatus;
import dev.agentops.work.WorkTracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultImportTest {

  static final Instant NOW = Instant.parse("2026-04-10T12:00:00Z");

  @TempDir Path tmp;
  final SettableClock clock = new SettableClock(NOW);
  Store store;
  KnowledgeFlywheel flywheel;
  WorkTracker tracker;

  @BeforeEach
  void open() {
    store = GitStore.builder(tmp.resolve("repo")).create(true).clock(clock).build();
    flywheel = KnowledgeFlywheel.builder(store).clock(clock).writer("test").build();
    tracker = WorkTracker.builder(store).clock(clock).build();
  }

  @AfterEach
  void close() {
    flywheel.close();
    store.close();
  }

  VaultImport importer() {
    return VaultImport.builder(store, flywheel).work(tracker).clock(clock).build();
  }

  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  static String allText(Learning l) {
    return String.join("\n", l.title(), l.what(), l.why(), l.context(), l.tags().toString());
  }

  @Nested
  class TheReferenceVault {

    Path vault;

    @BeforeEach
    void vault() {
      vault = Fixtures.require("agentops-vault/.agents");
    }

    @Test
    void importsEveryKindAndReportsTheRest() {
      VaultImport.Report report = importer().run(vault);
      System.out.println(report);
      report.skipped().forEach(o -> System.out.println("  skipped " + o));

      // learnings/: one file; retros/: 7 patterns and anti-patterns; knowledge/pending/: a copy
      // of the same retro, whose entries the gate merges rather than stacks.
      assertThat(report.count(VaultImport.Kind.LEARNING, VaultImport.Status.IMPORTED)).isEqualTo(8);
      assertThat(report.count(VaultImport.Kind.LEARNING, VaultImport.Status.MERGED)).isEqualTo(7);
      assertThat(report.count(VaultImport.Kind.FINDING, VaultImport.Status.IMPORTED))
          .isGreaterThan(50);
      assertThat(report.originalRoot()).contains("/Users/fullerbt/gt/12factor");
      assertThat(report.pathsNormalized()).isPositive();

      // Every learning kept is free of machine paths.
      List<Learning> kept = flywheel.learnings();
      assertThat(kept)
          .hasSize(
              report.count(VaultImport.Kind.LEARNING, VaultImport.Status.IMPORTED)
                  + report.count(VaultImport.Kind.FINDING, VaultImport.Status.IMPORTED));
      assertThat(kept).allSatisfy(l -> assertThat(allText(l)).doesNotContain("/Users/", "/home/"));
      assertThat(kept)
          .filteredOn(l -> l.kind() == LearningKind.ANTI_PATTERN)
          .extracting(Learning::title)
          .contains("Assuming Shell Compatibility");
      // A ref under the vault's repository became repository-relative.
      assertThat(kept).anyMatch(l -> l.context().contains("about README.md lines 3-6"));

      // The chain: three locked steps, each on the council report it produced; the header is not
      // a step.
      List<ChainEntry> chain = ChainLog.builder(store).build().entries();
      assertThat(chain).hasSize(3);
      assertThat(chain).extracting(ChainEntry::step).containsExactly("vibe", "vibe", "post-mortem");
      assertThat(chain.get(0).time()).isEqualTo(Instant.parse("2026-02-15T12:44:51.520759Z"));
      assertThat(chain.get(0).verdictId())
          .isEqualTo("council-2026-02-15-20260215t133000z-vibe-recent");
      assertThat(report.notImported())
          .anyMatch(n -> n.source().equals("ao/chain.jsonl:1") && n.reason().contains("header"));

      // next-work: 13 items; the 6 marked consumed are closed, the rest open and ready.
      List<WorkItem> work = tracker.all();
      assertThat(work).hasSize(13);
      Map<WorkStatus, Long> byStatus =
          work.stream().collect(Collectors.groupingBy(WorkItem::status, Collectors.counting()));
      assertThat(byStatus).containsEntry(WorkStatus.CLOSED, 6L).containsEntry(WorkStatus.OPEN, 7L);
      assertThat(work)
          .filteredOn(w -> w.status() == WorkStatus.CLOSED)
          .allSatisfy(w -> assertThat(w.verdictId()).startsWith("vault:evolve-cycle-"));
      assertThat(tracker.ready()).hasSize(7);
      assertThat(work)
          .filteredOn(w -> w.title().equals("Subagents write results to files not context"))
          .singleElement()
          .satisfies(w -> assertThat(w.priority()).isEqualTo(1));

      // What is not imported is said, with the reason.
      assertThat(report.notImported())
          .anyMatch(
              n -> n.source().startsWith("plans/") && n.reason().contains("working document"));
    }

    @Test
    void thePendingQueuesFragments_areOfferedToTheGate_andDiscardedWithItsReasons() {
      VaultImport.Report report = importer().run(vault);

      List<VaultImport.Outcome> pending =
          report.outcomes().stream()
              .filter(o -> o.source().startsWith("ao/pending.jsonl:"))
              .toList();
      // Every fragment of the queue was a candidate (the same soup the gate's own test rejects),
      // and the gate kept none of them. The queue repeats fragments (the same session, kind and
      // text on several lines): each is offered once, and its repeats name where it was read.
      List<Learning> soup = VaultCandidates.pendingSoup();
      long distinct =
          soup.stream()
              .map(l -> l.source().session() + "\n" + l.kind() + "\n" + l.what().strip())
              .distinct()
              .count();
      assertThat(distinct).as("the fixture's queue repeats fragments").isLessThan(soup.size());
      assertThat(pending).hasSize(soup.size());
      assertThat(pending)
          .allSatisfy(o -> {
            assertThat(o.kind()).isEqualTo(VaultImport.Kind.LEARNING);
            assertThat(o.status()).as(o.source()).isEqualTo(VaultImport.Status.SKIPPED);
            assertThat(o.detail())
                .matches(
                    "(?s)discarded by the quality gate: .*|repeats ao/pending.jsonl:\\d+#\\d+");
          });
      assertThat(pending)
          .filteredOn(o -> o.detail().startsWith("discarded"))
          .hasSize((int) distinct)
          .extracting(VaultImport.Outcome::id)
          .doesNotHaveDuplicates();
      assertThat(flywheel.learnings())
          .noneMatch(l ->
              l.source().artifact() != null
                  && l.source().artifact().startsWith("ao/pending.jsonl"));
      // The second line's first knowledge fragment begins "till functional but slower |".
      VaultImport.Outcome first =
          pending.stream()
              .filter(o -> o.source().equals("ao/pending.jsonl:2#1"))
              .findFirst()
              .orElseThrow();
      assertThat(first.id()).matches("vault-p-[0-9a-f]{16}");
      assertThat(first.detail()).contains("starts inside a sentence");

      // The audit log keeps each discard with the gate's reasons, its session and where it was
      // read.
      JsonNode audit =
          store.log(KnowledgeRecords.AUDIT).stream()
              .map(e -> json(e.line()))
              .filter(n -> n.path("candidate").asText().equals(first.id()))
              .findFirst()
              .orElseThrow();
      assertThat(audit.path("decision").asText()).isEqualTo("discarded");
      assertThat(audit.path("artifact").asText()).isEqualTo("ao/pending.jsonl:2");
      assertThat(audit.path("session").asText()).isEqualTo("5f51e9f2-60c7-4a9a-bbff-d2ff22a1a697");
      assertThat(audit.path("reasons").toString()).contains("starts inside a sentence");

      // Lines that queued a session with nothing extracted from it are said, not lost.
      assertThat(report.notImported())
          .anyMatch(n -> n.source().equals("ao/pending.jsonl:1") && n.reason().contains("nothing"))
          .noneMatch(n -> n.source().equals("ao/pending.jsonl"));
    }

    @Test
    void aSecondImport_importsNothingNew() {
      VaultImport.Report first = importer().run(vault);
      int learnings = flywheel.learnings().size();
      int chain = ChainLog.builder(store).build().entries().size();
      int work = tracker.all().size();

      VaultImport.Report second = importer().run(vault);

      assertThat(second.changedAnything()).isFalse();
      assertThat(second.outcomes())
          .filteredOn(o -> o.source().startsWith("ao/pending.jsonl:"))
          .hasSize(VaultCandidates.pendingSoup().size())
          .allSatisfy(o -> {
            if (o.status() == VaultImport.Status.SKIPPED) {
              assertThat(o.detail()).as(o.source()).startsWith("repeats ao/pending.jsonl:");
            } else {
              assertThat(o.status()).isEqualTo(VaultImport.Status.ALREADY_IMPORTED);
            }
          });
      for (VaultImport.Kind k : VaultImport.Kind.values()) {
        int decidedBefore =
            first.count(k, VaultImport.Status.IMPORTED)
                + first.count(k, VaultImport.Status.MERGED)
                + (int)
                    first.skipped().stream()
                        .filter(o -> o.kind() == k && o.id() != null)
                        .filter(o -> o.detail().startsWith("discarded"))
                        .count();
        assertThat(second.count(k, VaultImport.Status.ALREADY_IMPORTED))
            .as("%s already imported", k)
            .isEqualTo(decidedBefore);
      }
      assertThat(flywheel.learnings()).hasSize(learnings);
      assertThat(ChainLog.builder(store).build().entries()).hasSize(chain);
      assertThat(tracker.all()).hasSize(work);
    }
  }

  @Nested
  class BadFiles {

    Path vault;

    @BeforeEach
    void vault() throws IOException {
      vault = tmp.resolve("vault/.agents");
      write(
          "learnings/2026-03-01-good.md",
          "---\n"
              + "type: learning\n"
              + "date: 2026-03-01\n"
              + "---\n\n"
              + "# Learning: Run Shell Checks Under bash\n\n"
              + "**Category**: tooling\n"
              + "**Confidence**: high\n\n"
              + "## What We Learned\n\n"
              + "Run every GOALS.yaml check through `bash -c` when checks count with"
              + " `count=$((count+1))`, because zsh evaluated the && chains differently and 3 of 13"
              + " checks reported wrong totals.\n");
      Files.write(
          vault.resolve("learnings/2026-03-02-latin1.md"),
          new byte[] {'#', ' ', 'C', 'a', 'f', (byte) 0xE9, '\n'});
      write("learnings/2026-03-03-no-title.md", "---\ndate: 2026-03-03\n---\njust text\n");
      write(
          "council/broken-json.md",
          "---\n"
              + "id: council-broken\n"
              + "date: '2026-03-01'\n"
              + "---\n"
              + "```json\n"
              + "{\"verdict\": \"WARN\",\n"
              + "```\n");
      write(
          "council/judge-1.md",
          "---\nid: council-judge-1\ndate: '2026-03-01'\n---\n# Judge\n\n## Verdict: WARN\n"
              + "## Confidence: HIGH\n\n## Findings\n\n### Finding 1: Retries Are Unbounded\n"
              + "- **Severity:** significant\n- **Category:** reliability\n"
              + "- **Description:** The worker retries a failed `git push` forever when the"
              + " remote at /home/ana/src/shop/.git refuses it, so 2 workers spun for 6 hours.\n"
              + "- **Recommendation:** Cap retries at 3 and escalate the 4th failure to a human.\n"
              + "- **Why:** Unbounded retries hid the outage until the nightly report.\n");
      write(
          "ao/chain.jsonl",
          "{\"id\":\"chain-1\",\"started\":\"2026-03-01T10:00:00Z\"}\n"
              + "not json\n"
              + "{\"step\":\"plan\",\"timestamp\":\"2026-03-01T11:00:00+01:00\",\"skipped\":true,\"reason\":\"a"
              + " one-line fix\"}\n"
              + "{\"step\":\"vibe\",\"timestamp\":\"yesterday\",\"locked\":true,\"output\":\"x.md\"}\n"
              + "{\"step\":\"vibe\",\"timestamp\":\"2026-03-01T12:00:00Z\",\"locked\":true,\"output\":\"/home/ana/src/shop/.agents/council/judge-1.md\"}\n");
      write(
          "rpi/next-work.jsonl",
          "{\"source_epic\":\"e1\",\"timestamp\":\"2026-03-01T10:00:00Z\",\"items\":["
              + "{\"title\":\"Cap push retries\",\"severity\":\"high\",\"type\":\"bug\"},"
              + "{\"severity\":\"low\"},"
              + "{\"title\":\"Cap push retries\",\"severity\":\"low\"}]}\n"
              + "[1, 2\n");
    }

    void write(String relative, String text) throws IOException {
      Path p = vault.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    @Test
    void thePendingQueue_keepsALessonStatedWhole_andReportsMalformedLinesByNumber()
        throws IOException {
      String lesson =
          "Cap git push retries at 3 in the merge worker, and escalate the 4th failure to a"
              + " human.\nThe worker retried a refused `git push` forever, so 2 workers spun for 6"
              + " hours before the nightly report showed the outage.";
      String fragment = "till functional but slower |\n\n\nARGUMENTS: update the page --auto";
      write(
          "ao/pending.jsonl",
          pendingLine("s-1", "[" + quote(lesson) + ", " + quote(fragment) + "]", "")
              + "not json\n"
              + "\n"
              + pendingLine("s-2", "\"one string, not an array\"", "")
              + pendingLine("s-3", "[42]", ", \"decisions\": [" + quote(fragment) + "]")
              + "{\"session_id\":\"s-4\",\"summary\":\"Session from 2026-03-01\"}\n");

      VaultImport.Report report = importer().run(vault);

      Map<String, VaultImport.Outcome> pending =
          report.outcomes().stream()
              .filter(o -> o.source().startsWith("ao/pending.jsonl"))
              .collect(Collectors.toMap(VaultImport.Outcome::source, o -> o));
      assertThat(pending.keySet())
          .containsExactlyInAnyOrder(
              "ao/pending.jsonl:1#1",
              "ao/pending.jsonl:1#2",
              "ao/pending.jsonl:2",
              "ao/pending.jsonl:4",
              "ao/pending.jsonl:5#1",
              "ao/pending.jsonl:5#2");
      assertThat(pending.get("ao/pending.jsonl:1#1").status())
          .as(pending.get("ao/pending.jsonl:1#1").detail())
          .isEqualTo(VaultImport.Status.IMPORTED);
      assertThat(pending.get("ao/pending.jsonl:1#2").detail())
          .startsWith("discarded by the quality gate: ");
      assertThat(pending.get("ao/pending.jsonl:2").detail()).startsWith("not JSON");
      assertThat(pending.get("ao/pending.jsonl:4").detail())
          .isEqualTo("the line's 'knowledge' must be an array of texts, but was STRING");
      assertThat(pending.get("ao/pending.jsonl:5#1").detail())
          .isEqualTo("entry 1 of the line is not a text, or is blank");
      // a decision is a candidate too, after the line's malformed entry
      assertThat(pending.get("ao/pending.jsonl:5#2").detail())
          .startsWith("discarded by the quality gate: ");
      assertThat(report.notImported())
          .anyMatch(n -> n.source().equals("ao/pending.jsonl:6") && n.reason().contains("nothing"));

      Learning kept = flywheel.get(pending.get("ao/pending.jsonl:1#1").id()).orElseThrow();
      assertThat(kept.title())
          .isEqualTo(
              "Cap git push retries at 3 in the merge worker, and escalate the 4th failure to a");
      assertThat(kept.what()).isEqualTo(lesson);
      assertThat(kept.kind()).isEqualTo(LearningKind.LEARNING);
      assertThat(kept.source()).isEqualTo(new LearningSource("s-1", null, "ao/pending.jsonl:1"));
      assertThat(kept.created()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));

      VaultImport.Report again = importer().run(vault);
      assertThat(again.changedAnything()).isFalse();
      assertThat(again.count(VaultImport.Kind.LEARNING, VaultImport.Status.ALREADY_IMPORTED))
          .isEqualTo(report.count(VaultImport.Kind.LEARNING, VaultImport.Status.IMPORTED) + 2);
    }

    static final String PUSH_RETRIES =
        "Cap git push retries at 3 in the merge worker, and escalate the 4th failure to a human.\n"
            + "The worker retried a refused `git push` forever, so 2 workers spun for 6 hours"
            + " before the nightly report showed the outage.";
    static final String INDEX_DIRECTORIES =
        "Give every Lucene index in the tests its own directory, and delete it before each run.\n"
            + "Two test classes shared one index directory, so 1 in 5 CI runs failed with"
            + " `LockObtainFailedException` until the directories were split.";
    static final String RELEASE_VERIFY =
        "Run `mvn -o verify` on every module before tagging a release, and stop if one fails.\n"
            + "The 2.3 release shipped a broken agentops-store jar because only the changed module"
            + " was built, and 4 users hit a `NoSuchMethodError` within a day.";
    static final String SOUP =
        "till functional but slower |\n\n\nARGUMENTS: update the page --auto";

    Map<String, VaultImport.Outcome> pending(VaultImport.Report report) {
      return report.outcomes().stream()
          .filter(o -> o.source().startsWith("ao/pending.jsonl"))
          .collect(Collectors.toMap(VaultImport.Outcome::source, o -> o));
    }

    @Test
    void thePendingQueue_drainedFromTheTop_isKnownByContent_andNothingIsOfferedTwice()
        throws IOException {
      write(
          "ao/pending.jsonl",
          pendingLine("s-1", "[" + quote(INDEX_DIRECTORIES) + "]", "")
              + pendingLine("s-2", "[" + quote(PUSH_RETRIES) + ", " + quote(SOUP) + "]", ""));
      Map<String, VaultImport.Outcome> before = pending(importer().run(vault));
      assertThat(before.keySet())
          .containsExactlyInAnyOrder(
              "ao/pending.jsonl:1#1", "ao/pending.jsonl:2#1", "ao/pending.jsonl:2#2");
      for (String kept : List.of("ao/pending.jsonl:1#1", "ao/pending.jsonl:2#1")) {
        assertThat(before.get(kept).status())
            .as(before.get(kept).detail())
            .isEqualTo(VaultImport.Status.IMPORTED);
      }
      assertThat(before.get("ao/pending.jsonl:2#2").detail()).startsWith("discarded");

      // The plugin drains the first line and queues another session: the second line moves up.
      write(
          "ao/pending.jsonl",
          pendingLine("s-2", "[" + quote(PUSH_RETRIES) + ", " + quote(SOUP) + "]", "")
              + pendingLine("s-3", "[" + quote(RELEASE_VERIFY) + "]", ""));
      VaultImport.Report again = importer().run(vault);
      Map<String, VaultImport.Outcome> after = pending(again);

      assertThat(after.keySet())
          .containsExactlyInAnyOrder(
              "ao/pending.jsonl:1#1", "ao/pending.jsonl:1#2", "ao/pending.jsonl:2#1");
      // the fragments that moved up are known by what they say, not by their old line
      for (String[] moved :
          new String[][] {
            {"ao/pending.jsonl:1#1", "ao/pending.jsonl:2#1"},
            {"ao/pending.jsonl:1#2", "ao/pending.jsonl:2#2"}
          }) {
        VaultImport.Outcome o = after.get(moved[0]);
        assertThat(o.status()).as(moved[0]).isEqualTo(VaultImport.Status.ALREADY_IMPORTED);
        assertThat(o.id()).as(moved[0]).isEqualTo(before.get(moved[1]).id());
      }
      // the new fragment on the line a decided one had is offered, under an id of its own
      VaultImport.Outcome fresh = after.get("ao/pending.jsonl:2#1");
      assertThat(fresh.status()).as(fresh.detail()).isEqualTo(VaultImport.Status.IMPORTED);
      assertThat(fresh.id())
          .isNotIn(before.values().stream().map(VaultImport.Outcome::id).toList());
      Learning kept = flywheel.get(fresh.id()).orElseThrow();
      assertThat(kept.what()).isEqualTo(RELEASE_VERIFY);
      assertThat(kept.source()).isEqualTo(new LearningSource("s-3", null, "ao/pending.jsonl:2"));

      // the gate decided on each fragment once: one audit line per candidate
      List<String> audited =
          store.log(KnowledgeRecords.AUDIT).stream()
              .map(e -> json(e.line()).path("candidate").asText())
              .filter(c -> c.startsWith("vault-p-"))
              .toList();
      assertThat(audited)
          .containsExactlyInAnyOrder(
              before.get("ao/pending.jsonl:1#1").id(),
              before.get("ao/pending.jsonl:2#1").id(),
              before.get("ao/pending.jsonl:2#2").id(),
              fresh.id());
    }

    @Test
    void aFragmentTheQueueRepeats_isOfferedOnce_andItsRepeatsSayWhereItWasRead()
        throws IOException {
      write(
          "ao/pending.jsonl",
          pendingLine("s-1", "[" + quote(PUSH_RETRIES) + "]", "")
              + pendingLine("s-1", "[" + quote(PUSH_RETRIES + "\n") + "]", "")
              // the same text in another session is another candidate
              + pendingLine("s-2", "[" + quote(PUSH_RETRIES) + "]", ""));

      Map<String, VaultImport.Outcome> first = pending(importer().run(vault));

      assertThat(first.get("ao/pending.jsonl:1#1").status()).isEqualTo(VaultImport.Status.IMPORTED);
      VaultImport.Outcome repeat = first.get("ao/pending.jsonl:2#1");
      assertThat(repeat.status()).isEqualTo(VaultImport.Status.SKIPPED);
      assertThat(repeat.detail()).isEqualTo("repeats ao/pending.jsonl:1#1");
      assertThat(repeat.id()).isEqualTo(first.get("ao/pending.jsonl:1#1").id());
      VaultImport.Outcome other = first.get("ao/pending.jsonl:3#1");
      assertThat(other.id()).isNotEqualTo(repeat.id());
      assertThat(other.status()).isNotEqualTo(VaultImport.Status.SKIPPED);
      assertThat(other.detail()).doesNotStartWith("repeats");

      Map<String, VaultImport.Outcome> second = pending(importer().run(vault));
      assertThat(second.get("ao/pending.jsonl:1#1").status())
          .isEqualTo(VaultImport.Status.ALREADY_IMPORTED);
      assertThat(second.get("ao/pending.jsonl:2#1").detail())
          .isEqualTo("repeats ao/pending.jsonl:1#1");
      assertThat(second.get("ao/pending.jsonl:3#1").status())
          .isEqualTo(VaultImport.Status.ALREADY_IMPORTED);
    }

    @Test
    void aTitleCutAt80Chars_neverSplitsAnEmoji_andRoundTripsThroughTheStoresCodec()
        throws IOException {
      String head =
          "Pin the JDK 17 toolchain in the Maven enforcer rule, and fail a build on JDK 21";
      assertThat(head).hasSize(79);
      String lesson =
          head
              + "\uD83D\uDEA8 at once.\n"
              + "A worker built with JDK 21 wrote class files of version 65 that the JDK 17 CI"
              + " runner rejected, and 3 hours went to bisecting the wrong commit.";
      assertThat(Character.isHighSurrogate(lesson.charAt(79)))
          .as("the emoji straddles 80")
          .isTrue();
      write("ao/pending.jsonl", pendingLine("s-1", "[" + quote(lesson) + "]", ""));

      VaultImport.Outcome o = pending(importer().run(vault)).get("ao/pending.jsonl:1#1");

      assertThat(o.status()).as(o.detail()).isEqualTo(VaultImport.Status.IMPORTED);
      Learning kept = flywheel.get(o.id()).orElseThrow();
      assertThat(kept.title()).isEqualTo(head);
      assertThat(kept.what()).isEqualTo(lesson);
      RecordCodec<Learning> codec = KnowledgeRecords.codec();
      Learning back =
          codec.decode(
              new StoredRecord(
                  RecordKey.of(KnowledgeRecords.LEARNINGS, kept.id()),
                  1,
                  codec.format(),
                  codec.encode(kept, null)));
      assertThat(back).isEqualTo(kept);
    }

    String pendingLine(String session, String knowledge, String more) {
      return "{\"session_id\":\""
          + session
          + "\",\"queued_at\":\"2026-03-01T06:00:00-05:00\",\"knowledge\":"
          + knowledge
          + more
          + "}\n";
    }

    String quote(String s) {
      return JSON.valueToTree(s).toString();
    }

    @Test
    void areReportedWithTheReason_andTheRestIsImported() {
      VaultImport.Report report = importer().run(vault);
      System.out.println(report);

      Map<String, String> skipped =
          report.skipped().stream()
              .collect(Collectors.toMap(VaultImport.Outcome::source, VaultImport.Outcome::detail));
      assertThat(skipped)
          .containsEntry("learnings/2026-03-02-latin1.md", "the file is not valid UTF-8")
          .containsEntry(
              "learnings/2026-03-03-no-title.md", "not read: it has no '# ' title heading")
          .containsKey("ao/chain.jsonl:2")
          .containsEntry(
              "ao/chain.jsonl:4",
              "the timestamp 'yesterday' is not an ISO-8601 time with an offset")
          .containsEntry("rpi/next-work.jsonl:1#2", "the item has no title")
          .containsEntry("rpi/next-work.jsonl:1#3", "repeats the item of rpi/next-work.jsonl:1#1")
          .containsKey("rpi/next-work.jsonl:2");
      assertThat(skipped.get("council/broken-json.md")).startsWith("not read: its JSON verdict");

      assertThat(report.count(VaultImport.Kind.LEARNING, VaultImport.Status.IMPORTED)).isEqualTo(1);
      assertThat(report.count(VaultImport.Kind.FINDING, VaultImport.Status.IMPORTED)).isEqualTo(1);
      assertThat(report.count(VaultImport.Kind.CHAIN, VaultImport.Status.IMPORTED)).isEqualTo(2);
      assertThat(report.count(VaultImport.Kind.WORK, VaultImport.Status.IMPORTED)).isEqualTo(1);

      // The root was found from the paths: the council's remote path became relative, and the
      // chain's output names the council report's id as its verdict.
      assertThat(report.originalRoot()).contains("/home/ana/src/shop");
      Learning finding =
          flywheel.learnings().stream()
              .filter(l -> l.kind() == LearningKind.FINDING)
              .findFirst()
              .orElseThrow();
      assertThat(finding.title()).isEqualTo("Retries Are Unbounded");
      assertThat(finding.what()).contains("the remote at .git refuses it").doesNotContain("/home/");
      assertThat(finding.tags()).contains("reliability", "council");
      assertThat(finding.confidence()).isEqualTo(0.9);
      List<ChainEntry> chain = ChainLog.builder(store).build().entries();
      assertThat(chain)
          .extracting(ChainEntry::kind)
          .containsExactly(ChainEntry.Kind.SKIPPED, ChainEntry.Kind.LOCKED);
      assertThat(chain.get(0).reason()).isEqualTo("a one-line fix");
      assertThat(chain.get(1).output()).isEqualTo(".agents/council/judge-1.md");
      assertThat(chain.get(1).verdictId()).isEqualTo("council-judge-1");
    }

    @Test
    void anExplicitRoot_winsOverTheDetectedOne() {
      VaultImport.Report report =
          VaultImport.builder(store, flywheel).originalRoot("/home/ana").build().run(vault);

      assertThat(report.originalRoot()).contains("/home/ana");
      assertThat(report.notImported())
          .anyMatch(n ->
              n.source().equals("rpi/next-work.jsonl") && n.reason().contains("no WorkTracker"));
      assertThat(ChainLog.builder(store).build().entries().get(1).output())
          .isEqualTo("src/shop/.agents/council/judge-1.md");
    }

    @Test
    void aMissingVault_isACallerMistake() {
      assertThatThrownBy(() -> importer().run(tmp.resolve("nowhere")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a directory");
      assertThatThrownBy(() -> VaultImport.builder(store, flywheel).originalRoot("relative/dir"))
          .hasMessageContaining("must be an absolute path, but was 'relative/dir'");
    }
  }
}
