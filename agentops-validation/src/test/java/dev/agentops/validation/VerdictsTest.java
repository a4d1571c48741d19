package dev.agentops.validation;

import static dev.agentops.validation.Scripted.NOW;
import static dev.agentops.validation.Scripted.artifact;
import static dev.agentops.validation.Scripted.vote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.Artifact;
import dev.agentops.gate.GateResult;
import dev.agentops.gate.GateStatus;
import dev.agentops.llm.TokenUsage;
import dev.agentops.store.GitStore;
import dev.agentops.store.InMemoryStore;
import dev.agentops.store.RecordKey;
import dev.agentops.store.Store;
import dev.agentops.store.StoredRecord;
import dev.agentops.store.WriteResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictsTest {

  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** A verdict with every kind of component filled in, nulls and extremes included. */
  static Verdict verdict(String id) {
    Artifact artifact = artifact("+ return a + b; // café ✓");
    return new Verdict(
        id,
        VerdictStatus.DISAGREE,
        0.0,
        "judges of different vendors split: PASS from [openai], FAIL from [google]; escalated",
        artifact.name(),
        artifact.provenance(),
        List.of(
            new GateResult(
                "tests",
                GateStatus.PASS,
                "exit code 0",
                "Tests run: 3\n",
                Duration.ofMillis(1234),
                0),
            new GateResult(
                "lint", GateStatus.ERROR, "could not start 'lint'", "", Duration.ZERO, null)),
        List.of(
            vote("judge-openai", "openai", VerdictStatus.PASS, 0.9),
            vote(
                "judge-google",
                "google",
                VerdictStatus.FAIL,
                0.75,
                new Finding(
                    Severity.SIGNIFICANT,
                    "correctness",
                    "overflow is not handled",
                    "Calc.java:3",
                    "use Math.addExact")),
            vote("judge-mistral", "mistral", VerdictStatus.ERROR, 0)),
        List.of(
            new Finding(
                Severity.SIGNIFICANT,
                "correctness",
                "overflow is not handled",
                "Calc.java:3",
                "use Math.addExact")),
        TokenUsage.of(300, 60),
        NOW,
        Duration.ofMillis(2500));
  }

  abstract static class RoundTrip {

    abstract Store store();

    @Test
    void aSavedVerdictIsFoundByIdAsItWas() {
      try (Store store = store()) {
        Verdicts verdicts = Verdicts.of(store);
        Verdict v = verdict("vd-20260401-090000-abc123");

        WriteResult written = verdicts.save(v);

        assertThat(written.committed()).isTrue();
        assertThat(verdicts.find(v.id())).contains(v);
        assertThat(verdicts.find("vd-none")).isEmpty();
        StoredRecord raw = store.read(RecordKey.of(Verdicts.COLLECTION, v.id())).orElseThrow();
        assertThat(raw.content())
            .containsPattern("\"authorAgentId\"\\s*:\\s*\"implementer-7\"")
            .contains(v.artifact().contentHash());
      }
    }

    @Test
    void aVerdictIsWrittenOnceAndNeverReplaced() {
      try (Store store = store()) {
        Verdicts verdicts = Verdicts.of(store);
        Verdict v = verdict("vd-1");
        verdicts.save(v);

        WriteResult again = verdicts.save(verdict("vd-1"));

        assertThat(again.committed()).isFalse();
        assertThat(verdicts.scan().values()).hasSize(1);
      }
    }
  }

  @Nested
  class InMemory extends RoundTrip {
    @Override
    Store store() {
      return InMemoryStore.builder().clock(CLOCK).build();
    }
  }

  @Nested
  class InGit extends RoundTrip {

    @TempDir Path dir;

    @Override
    Store store() {
      return GitStore.builder(dir.resolve("repo.git")).create(true).clock(CLOCK).build();
    }

    @Test
    void aVerdictIsReadBackByAnotherStoreFromGitAlone() {
      Path repo = dir.resolve("shared.git");
      Verdict v = verdict("vd-20260401-090000-zz9yx8");
      try (GitStore writer = GitStore.builder(repo).create(true).clock(CLOCK).build()) {
        Verdicts.of(writer).save(v);
      }

      try (GitStore reader = GitStore.builder(repo).clock(CLOCK).build()) {
        assertThat(Verdicts.of(reader).find(v.id())).contains(v);
        assertThat(reader.history(RecordKey.of("verdicts", v.id()))).hasSize(1);
      }
    }
  }
}
