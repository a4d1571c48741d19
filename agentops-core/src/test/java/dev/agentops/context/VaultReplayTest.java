package dev.agentops.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.agentops.context.VaultFixtures.VaultFile;
import dev.agentops.llm.ChatRole;
import dev.agentops.llm.ModelProfile;
import dev.agentops.llm.TokenizerFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays real conversation material through a small budget and shows where each threshold is
 * crossed: the session summaries ({@code ao/sessions/*.md}) and council reports ({@code
 * council/*.md}) of the reference plugin's vault in {@code shared/fixtures}, counted with the real
 * {@link ModelTokenCounter}.
 *
 * <p>The files are offered in one stable order, sorted by file name, as alternating user and
 * assistant messages: each pair is one conversation turn, the unit compaction removes. They are not
 * offered as tool results: tool results join the turn before them, and the name order puts the last
 * session summary in front of ten council reports, which would make the newest turn (the exchange
 * in progress, which compaction never touches) hold more than half the window, so the replay would
 * test that protection instead of the thresholds.
 *
 * <p>The fixtures live beside the repository, not in it; the tests are skipped when they are
 * absent. The files name paths on their author's machine: only file names are printed.
 */
class VaultReplayTest {

  /** A 32k-window model counted exactly with o200k_base, so the replay is reproducible. */
  static final ModelProfile SMALL =
      ModelProfile.builder("replay", "replay-32k")
          .contextWindow(32_768)
          .maxOutputTokens(4_096)
          .tokenizerFamily(TokenizerFamily.O200K_BASE)
          .build();

  /** What happened to one offered file. */
  record Row(
      int index,
      VaultFile file,
      Admission admission,
      List<LevelChange> changes,
      List<CompactionReport> compactions) {}

  /** A whole replay: one row per file, in order, and the budget it ran through. */
  record Replay(String title, ContextBudget budget, List<Row> rows) {

    List<LevelChange> changes() {
      List<LevelChange> all = new ArrayList<>();
      rows.forEach(r -> all.addAll(r.changes()));
      return all;
    }

    List<CompactionReport> compactions() {
      List<CompactionReport> all = new ArrayList<>();
      rows.forEach(r -> all.addAll(r.compactions()));
      return all;
    }

    List<Admission.Rejected> rejections() {
      List<Admission.Rejected> all = new ArrayList<>();
      for (Row r : rows) {
        if (r.admission() instanceof Admission.Rejected rejected) {
          all.add(rejected);
        }
      }
      return all;
    }

    /** The first level each rising change reached, in the order they were first reached. */
    List<BudgetLevel> firstCrossings() {
      List<BudgetLevel> levels = new ArrayList<>();
      for (LevelChange c : changes()) {
        if (c.rising() && !levels.contains(c.to())) {
          levels.add(c.to());
        }
      }
      return levels;
    }
  }

  static List<VaultFile> files = List.of();

  @BeforeAll
  static void readVault() {
    Optional<List<VaultFile>> vault = VaultFixtures.sessionsAndCouncilReports();
    Assumptions.assumeTrue(
        vault.isPresent(),
        "the fixture vault (shared/fixtures/agentops-vault/.agents beside the repository) is"
            + " absent");
    files = vault.get();
  }

  static Replay replay(String title, CompactionTrigger trigger) {
    List<LevelChange> changes = new ArrayList<>();
    List<CompactionReport> compactions = new ArrayList<>();
    ContextBudget budget =
        ContextBudget.builder(SMALL)
            .trigger(trigger)
            .listener(
                new BudgetListener() {
                  @Override
                  public void levelChanged(LevelChange change) {
                    changes.add(change);
                  }

                  @Override
                  public void compacted(CompactionReport report) {
                    compactions.add(report);
                  }
                })
            .build();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      VaultFile f = files.get(i);
      ContextItem item =
          ContextItem.builder(ContextKind.MESSAGE, f.text())
              .id(f.id())
              .sourceId(f.id())
              .role(i % 2 == 0 ? ChatRole.USER : ChatRole.ASSISTANT)
              .build();
      Admission admission = budget.admit(item);
      rows.add(new Row(i, f, admission, List.copyOf(changes), List.copyOf(compactions)));
      changes.clear();
      compactions.clear();
    }
    Replay replay = new Replay(title, budget, rows);
    print(replay);
    return replay;
  }

  /** Prints the rows where a threshold was crossed, a compaction ran or a file was rejected. */
  static void print(Replay replay) {
    ContextBudget b = replay.budget();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%n%s: %d files, %d-token window, capacity %d, thresholds %s%n",
            replay.title(),
            replay.rows().size(),
            b.profile().contextWindow(),
            b.capacityTokens(),
            b.thresholds()));
    out.append(
        String.format(
            Locale.ROOT,
            "| %3s | %-76s | %6s | %6s | %-8s | %s%n",
            "#",
            "file",
            "tokens",
            "fill",
            "level",
            "what happened"));
    long offered = 0;
    for (Row r : replay.rows()) {
      Admission a = r.admission();
      int tokens =
          a instanceof Admission.Admitted ad
              ? ad.tokens()
              : a instanceof Admission.AdmittedAfterCompaction ac
                  ? ac.tokens()
                  : ((Admission.Rejected) a).tokens();
      offered += tokens;
      List<String> events = new ArrayList<>();
      for (CompactionReport c : r.compactions()) {
        events.add(
            String.format(
                Locale.ROOT,
                "compacted %d items, %d -> %d tokens",
                c.removedIds().size(),
                c.tokensBefore(),
                c.tokensAfter()));
      }
      for (LevelChange c : r.changes()) {
        events.add(c.from() + " -> " + c.to());
      }
      if (a instanceof Admission.Rejected rejected) {
        events.add("rejected, " + rejected.tokensOver() + " tokens over");
      }
      if (!events.isEmpty()) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %3d | %-76s | %6d | %5.1f%% | %-8s | %s%n",
                r.index(),
                r.file().id(),
                tokens,
                a.status().fraction() * 100,
                a.status().level(),
                String.join("; ", events)));
      }
    }
    BudgetStatus end = b.status();
    out.append(
        String.format(
            Locale.ROOT,
            "offered %d tokens; end: %d items, %d tokens (%.1f%%), %s; %d compactions, %d"
                + " rejections%n",
            offered,
            end.items(),
            end.usedTokens(),
            end.fraction() * 100,
            end.level(),
            replay.compactions().size(),
            replay.rejections().size()));
    System.out.print(out);
  }

  // --- invariants every replay must keep ---

  static void assertCapNeverExceeded(Replay replay) {
    long capacity = replay.budget().capacityTokens();
    for (Row r : replay.rows()) {
      assertThat(r.admission().status().usedTokens())
          .as("used tokens after offering %s", r.file().id())
          .isLessThanOrEqualTo(capacity);
      for (LevelChange c : r.changes()) {
        assertThat(c.status().usedTokens()).isLessThanOrEqualTo(capacity);
      }
    }
  }

  /** The budget's own sum agrees with an independent count of what it holds. */
  static void assertUsedMatchesAnIndependentCount(Replay replay) {
    Encoding o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    long sum = 0;
    for (ContextItem item : replay.budget().items()) {
      sum += o200k.countTokensOrdinary(item.content()) + TokenCounter.MESSAGE_OVERHEAD;
    }
    assertThat(replay.budget().status().usedTokens()).isEqualTo(sum);
  }

  static void assertEveryFileAccountedFor(Replay replay) {
    assertThat(replay.rows()).hasSize(files.size());
    List<String> inBudget =
        replay.budget().items().stream().map(i -> i.id().orElseThrow()).toList();
    for (Row r : replay.rows()) {
      String id = r.file().id();
      Admission a = r.admission();
      if (a instanceof Admission.Rejected rejected) {
        assertThat(rejected.reason()).as("reason for %s", id).contains("'" + id + "'");
        assertThat(rejected.tokensOver()).isPositive();
        assertThat(inBudget).doesNotContain(id);
        assertThat(replay.budget().archived(id)).isEmpty();
      } else {
        assertThat(a.admitted()).isTrue();
        // Admitted, so either still in the window or archived by a later compaction, unchanged.
        ContextItem held =
            inBudget.contains(id)
                ? replay.budget().items().get(inBudget.indexOf(id))
                : replay.budget().archived(id).orElseThrow(() -> new AssertionError(id + " lost"));
        assertThat(held.content()).isEqualTo(r.file().text());
      }
    }
  }

  static void assertLevelChangesChain(Replay replay) {
    BudgetLevel current = BudgetLevel.OPTIMAL;
    for (LevelChange c : replay.changes()) {
      assertThat(c.from()).isEqualTo(current);
      assertThat(c.status().level()).isEqualTo(c.to());
      current = c.to();
    }
    assertThat(replay.budget().status().level()).isEqualTo(current);
  }

  static void assertInvariants(Replay replay) {
    assertCapNeverExceeded(replay);
    assertUsedMatchesAnIndependentCount(replay);
    assertEveryFileAccountedFor(replay);
    assertLevelChangesChain(replay);
  }

  @Test
  void defaultTrigger_compactsBeforeTheFillReachesTheCompactThreshold() {
    Replay r = replay("default trigger (compact at 0.80, down to 0.60)", defaultTrigger());
    assertInvariants(r);

    assertThat(r.firstCrossings()).containsExactly(BudgetLevel.ELEVATED, BudgetLevel.WARN);
    assertThat(r.compactions()).isNotEmpty();
    assertThat(r.rejections()).isEmpty();
    double compact = r.budget().thresholds().compact();
    for (Row row : r.rows()) {
      assertThat(row.admission().status().fraction()).isLessThan(compact);
    }
    assertOriginalsArchived(r);
  }

  @Test
  void criticalTrigger_crossesEveryThresholdInOrderThenCompacts() {
    Replay r =
        replay(
            "trigger at CRITICAL (compact at 0.90, down to 0.60)",
            CompactionTrigger.atLevel(BudgetLevel.CRITICAL));
    assertInvariants(r);

    assertThat(r.firstCrossings())
        .containsExactly(BudgetLevel.ELEVATED, BudgetLevel.WARN, BudgetLevel.COMPACT);
    assertThat(r.compactions()).isNotEmpty();
    assertThat(r.rejections()).isEmpty();
    // The first compaction comes after the fill has reached COMPACT.
    int firstCompact =
        firstRowWhere(
            r, row -> row.admission().status().level().compareTo(BudgetLevel.COMPACT) >= 0);
    int firstCompaction = firstRowWhere(r, row -> !row.compactions().isEmpty());
    assertThat(firstCompact).isLessThan(firstCompaction);
    assertOriginalsArchived(r);
  }

  @Test
  void compactionDisabled_rejectsInsteadOfOverflowing() {
    Replay r = replay("compaction disabled (CompactionTrigger.never())", CompactionTrigger.never());
    assertInvariants(r);

    assertThat(r.compactions()).isEmpty();
    assertThat(r.rejections()).isNotEmpty();
    assertThat(r.firstCrossings())
        .startsWith(BudgetLevel.ELEVATED, BudgetLevel.WARN, BudgetLevel.COMPACT);
    // Nothing was removed: every admitted file is still in the window, none archived.
    long admitted = r.rows().stream().filter(row -> row.admission().admitted()).count();
    assertThat(r.budget().items()).hasSize((int) admitted);
    for (Row row : r.rows()) {
      assertThat(r.budget().archived(row.file().id())).isEmpty();
    }
    // Each rejection is exactly the overflow the item would have caused.
    for (Admission.Rejected rejected : r.rejections()) {
      long used = rejected.status().usedTokens();
      assertThat(rejected.tokensOver())
          .isEqualTo(used + rejected.tokens() - r.budget().capacityTokens());
    }
  }

  static CompactionTrigger defaultTrigger() {
    return CompactionTrigger.atLevel(BudgetLevel.COMPACT);
  }

  static void assertOriginalsArchived(Replay r) {
    List<String> inBudget = r.budget().items().stream().map(i -> i.id().orElseThrow()).toList();
    int removed = 0;
    for (CompactionReport c : r.compactions()) {
      assertThat(c.tokensAfter()).isLessThan(c.tokensBefore());
      for (String id : c.removedIds()) {
        removed++;
        ContextItem original = r.budget().archived(id).orElseThrow();
        VaultFile file = files.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
        assertThat(original.content()).isEqualTo(file.text());
        assertThat(original.sourceId()).contains(id);
        assertThat(inBudget).doesNotContain(id);
      }
    }
    assertThat(removed).isPositive();
  }

  static int firstRowWhere(Replay r, java.util.function.Predicate<Row> p) {
    return r.rows().stream().filter(p).mapToInt(Row::index).findFirst().orElse(Integer.MAX_VALUE);
  }
}
