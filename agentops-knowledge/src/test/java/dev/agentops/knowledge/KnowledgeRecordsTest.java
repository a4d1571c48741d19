package dev.agentops.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.store.GitStore;
import dev.agentops.store.InMemoryStore;
import dev.agentops.store.RecordFormat;
import dev.agentops.store.RecordKey;
import dev.agentops.store.Records;
import dev.agentops.store.Store;
import dev.agentops.store.StoredRecord;
import dev.agentops.store.Versioned;
import dev.agentops.store.WriteBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KnowledgeRecordsTest {

  @TempDir static Path tmp;

  static Stream<Function<String, Store>> stores() {
    Clock clock = Clock.fixed(LearningTest.T0, ZoneOffset.UTC);
    return Stream.of(
        name -> InMemoryStore.builder().clock(clock).build(),
        name -> GitStore.builder(tmp.resolve(name)).create(true).clock(clock).build());
  }

  static Learning full() {
    return LearningTest.sample("lrn-20260301-k3x9")
        .why("zsh and bash differ on arithmetic in && chains: count=$((count+1)) broke")
        .context("Verifying GOALS.yaml after a wave of parallel agents")
        .confidence(0.9)
        .tags("shell", "ci")
        .applicability(Applicability.of("when checks run on a developer's macOS shell", "bash"))
        .source(new LearningSource("s-1", "bd-7", "retros/2026-02-15-epic.md"))
        .lastCited(LearningTest.T0.plusSeconds(3600))
        .utility(0.61)
        .feedback(3, 0)
        .maturity(Maturity.CANDIDATE)
        .quality(Tier.SILVER, 0.78)
        .supersedes("lrn-20260201-aaaa")
        .timeToLive(Duration.ofDays(365))
        .build();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void learning_roundTripsThroughTheStore(Function<String, Store> open) {
    try (Store store = open.apply("round-trip")) {
      Records<Learning> learnings = KnowledgeRecords.learnings(store);
      Learning l = full();
      assertThat(learnings.create(l).committed()).isTrue();

      Versioned<Learning> read = learnings.get(l.id()).orElseThrow();
      assertThat(read.value()).isEqualTo(l);

      StoredRecord raw = read.record();
      assertThat(raw.format()).isEqualTo(RecordFormat.MARKDOWN);
      assertThat(raw.content())
          .startsWith("---\n")
          .contains("kind: \"pattern\"")
          .contains("status: \"active\"")
          .contains("maturity: \"candidate\"")
          .endsWith(l.what() + "\n");
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void fieldsOtherToolsWrite_surviveAnUpdate(Function<String, Store> open) {
    try (Store store = open.apply("unknown-fields")) {
      RecordKey key = RecordKey.of(KnowledgeRecords.LEARNINGS, "lrn-vault-1");
      String foreign =
          "---\n"
              + "id: lrn-vault-1\n"
              + "kind: learning\n"
              + "title: Keep operator compression beneath the factor surface\n"
              + "created: 2026-04-04T00:00:00Z\n"
              + "category: process\n"
              + "rig: 12factor\n"
              + "---\n"
              + "Make the operator kernel explicit beneath the twelve factors.\n";
      store.write(WriteBatch.builder().put(key, RecordFormat.MARKDOWN, foreign).build());
      Records<Learning> learnings = KnowledgeRecords.learnings(store);

      Versioned<Learning> read = learnings.get("lrn-vault-1").orElseThrow();
      assertThat(read.value().utility()).isEqualTo(Learning.INITIAL_UTILITY);
      assertThat(read.value().confidence()).isEqualTo(0.5);
      assertThat(read.value().status()).isEqualTo(LearningStatus.ACTIVE);
      learnings.update(read, read.value().toBuilder().utility(0.55).build());

      Versioned<Learning> again = learnings.get("lrn-vault-1").orElseThrow();
      assertThat(again.value().utility()).isEqualTo(0.55);
      assertThat(again.record().content())
          .contains("category: \"process\"")
          .contains("rig: \"12factor\"");
      assertThat(again.revision()).isEqualTo(2);
    }
  }
}
