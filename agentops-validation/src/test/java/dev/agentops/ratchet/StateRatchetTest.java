package dev.agentops.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.store.GitStore;
import dev.agentops.store.Store;
import dev.agentops.validation.Verdict;
import dev.agentops.validation.VerdictStatus;
import dev.agentops.validation.Verdicts;
import dev.agentops.work.WorkItem;
import dev.agentops.work.WorkStatus;
import dev.agentops.work.WorkTracker;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The state ratchet on a real git store: only a stored PASS verdict closes work. */
class StateRatchetTest {

  static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  @TempDir Path dir;
  Store store;
  WorkTracker tracker;
  Verdicts verdicts;
  StateRatchet states;
  WorkItem item;

  @BeforeEach
  void setUp() {
    store = GitStore.builder(dir.resolve("repo.git")).create(true).build();
    tracker = WorkTracker.builder(store).build();
    verdicts = Verdicts.of(store);
    states = StateRatchet.of(tracker, verdicts);
    item = tracker.create("Fix the flaky OrderServiceTest", b -> b);
  }

  @AfterEach
  void tearDown() throws Exception {
    store.close();
  }

  Verdict stored(String id, VerdictStatus status) {
    Verdict verdict = ScriptedVerdicts.of(id, status, item.id(), NOW);
    verdicts.save(verdict);
    return verdict;
  }

  @Test
  void aStoredPassVerdictClosesTheItemAndIsRecordedOnIt() {
    stored("v-pass", VerdictStatus.PASS);

    WorkItem closed = states.close(item.id(), "tests pass", "v-pass");

    assertThat(closed.status()).isEqualTo(WorkStatus.CLOSED);
    assertThat(tracker.get(item.id()).orElseThrow().status()).isEqualTo(WorkStatus.CLOSED);
    assertThat(tracker.get(item.id()).orElseThrow().toString()).contains("v-pass");
  }

  /** Every status a whole verdict can have but PASS (ABSTAIN is a judge's only). */
  @ParameterizedTest
  @EnumSource(
      value = VerdictStatus.class,
      names = {"PASS", "ABSTAIN"},
      mode = EnumSource.Mode.EXCLUDE)
  void noOtherVerdictClosesTheItem(VerdictStatus status) {
    stored("v-other", status);

    assertThatThrownBy(() -> states.close(item.id(), "close anyway", "v-other"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(item.id())
        .hasMessageContaining("'v-other' is " + status);
    assertThat(tracker.get(item.id()).orElseThrow().status()).isNotEqualTo(WorkStatus.CLOSED);
  }

  @Test
  void aVerdictThatWasNeverStoredClosesNothing() {
    assertThatThrownBy(() -> states.close(item.id(), "trust me", "v-missing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no verdict 'v-missing'");
    assertThat(tracker.get(item.id()).orElseThrow().status()).isNotEqualTo(WorkStatus.CLOSED);
  }

  @Test
  void aClosedItemReopensOnlyWithAReason() {
    stored("v-pass", VerdictStatus.PASS);
    states.close(item.id(), "tests pass", "v-pass");

    assertThatThrownBy(() -> states.reopen(item.id(), " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(states.reopen(item.id(), "the test failed again on CI").status())
        .isEqualTo(WorkStatus.OPEN);
  }
}
