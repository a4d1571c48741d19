package dev.agentops.validation;

import static dev.agentops.validation.Scripted.NOW;
import static dev.agentops.validation.Scripted.artifact;
import static dev.agentops.validation.Scripted.judge;
import static dev.agentops.validation.Scripted.model;
import static dev.agentops.validation.Scripted.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.Artifact;
import dev.agentops.gate.Gate;
import dev.agentops.gate.GateResult;
import dev.agentops.gate.GateStatus;
import dev.agentops.llm.TokenUsage;
import dev.agentops.store.InMemoryStore;
import dev.agentops.testkit.ScriptedLanguageModel;
import dev.agentops.validation.ExternalValidator.Independence;
import dev.agentops.validation.SelfValidationException.Reason;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalValidatorTest {

  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** Authored by agent 'implementer-7' on anthropic's claude-sonnet-4-5. */
  final Artifact artifact = artifact("+ return a + b;");

  /** A gate that records its calls and answers as told. */
  static final class CountingGate implements Gate {
    final String name;
    final GateStatus status;
    final AtomicInteger calls = new AtomicInteger();

    CountingGate(String name, GateStatus status) {
      this.name = name;
      this.status = status;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public GateResult check(Artifact artifact) {
      calls.incrementAndGet();
      return new GateResult(
          name,
          status,
          status == GateStatus.PASS ? "ok" : "exit code 1",
          "",
          Duration.ZERO,
          status == GateStatus.ERROR ? null : status == GateStatus.PASS ? 0 : 1);
    }
  }

  static ExternalValidator.Builder validator() {
    return ExternalValidator.builder().clock(CLOCK).random(new SplittableRandom(3));
  }

  @Nested
  class SelfValidation {

    @Test
    void aJudgeWithTheAuthorsAgentIdIsRefusedBeforeAnythingRuns() {
      ScriptedLanguageModel author = model("gpt-4.1", reply("PASS", 1));
      ScriptedLanguageModel other = model("gemini-2.5-pro", reply("PASS", 1));
      CountingGate tests = new CountingGate("tests", GateStatus.PASS);
      ExternalValidator v =
          validator()
              .gate(tests)
              .council(
                  Council.builder()
                      .judge(judge("implementer-7", "openai", "gpt-4.1", author))
                      .judge(judge("judge-google", "google", "gemini-2.5-pro", other))
                      .build())
              .independence(Independence.DISTINCT_AGENT)
              .build();

      assertThatThrownBy(() -> v.validate(artifact))
          .isInstanceOfSatisfying(
              SelfValidationException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.SAME_AGENT);
                assertThat(e.authorAgentId()).isEqualTo("implementer-7");
                assertThat(e.judgeId()).contains("implementer-7");
              })
          .hasMessage(
              "judge 'implementer-7' is the author of the artifact it would validate; no agent"
                  + " validates its own work");
      assertThat(tests.calls).hasValue(0);
      assertThat(author.requests()).isEmpty();
      assertThat(other.requests()).isEmpty();
    }

    @Test
    void aSingleJudgeOnTheAuthorsModelIsRefusedByDefault() {
      ScriptedLanguageModel same = model("claude-sonnet-4-5", reply("PASS", 1));
      ExternalValidator.Builder b =
          validator().judge(judge("judge-1", "anthropic", "claude-sonnet-4-5", same));

      assertThatThrownBy(() -> b.build().validate(artifact))
          .isInstanceOfSatisfying(
              SelfValidationException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.SAME_MODEL))
          .hasMessageContaining("runs on the author's model 'claude-sonnet-4-5'");
      assertThat(same.requests()).isEmpty();

      Verdict allowed = b.independence(Independence.DISTINCT_AGENT).build().validate(artifact);
      assertThat(allowed.status()).isEqualTo(VerdictStatus.PASS);
    }

    @Test
    void theAuthorsModelMaySitInACouncilOfSeveral() {
      ExternalValidator v =
          validator()
              .council(
                  Council.builder()
                      .judge(
                          judge(
                              "judge-1",
                              "anthropic",
                              "claude-sonnet-4-5",
                              model("claude-sonnet-4-5", reply("PASS", 1))))
                      .judge(
                          judge(
                              "judge-2",
                              "anthropic",
                              "claude-sonnet-4-5",
                              model("claude-sonnet-4-5", reply("PASS", 1))))
                      .build())
              .build();

      assertThat(v.validate(artifact).status()).isEqualTo(VerdictStatus.PASS);
    }

    @Test
    void multiModelValidationNeedsAJudgeOfAnotherVendor() {
      Council sameVendor =
          Council.builder()
              .judge(
                  judge(
                      "judge-1",
                      "anthropic",
                      "claude-opus-4-1",
                      model("claude-opus-4-1", reply("PASS", 1))))
              .judge(
                  judge(
                      "judge-2",
                      "anthropic",
                      "claude-haiku-4-5",
                      model("claude-haiku-4-5", reply("PASS", 1))))
              .build();
      ExternalValidator.Builder b = validator().independence(Independence.MULTI_MODEL);

      assertThatThrownBy(() -> b.council(sameVendor).build().validate(artifact))
          .isInstanceOfSatisfying(
              SelfValidationException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.NO_OTHER_VENDOR);
                assertThat(e.judgeId()).isEmpty();
              })
          .hasMessage(
              "multi-model validation needs a judge on a model of another vendor than the"
                  + " author's 'anthropic', but every judge's model is from 'anthropic'");

      Council mixed =
          sameVendor.toBuilder().judge(judge("judge-3", "openai", reply("PASS", 0.9))).build();
      assertThat(b.council(mixed).build().validate(artifact).status())
          .isEqualTo(VerdictStatus.PASS);
    }
  }

  @Nested
  class GatesFirst {

    @Test
    void aFailingGateFailsTheVerdictAndTheJudgesAreNeverAsked() {
      ScriptedLanguageModel openai = model("gpt-4.1", reply("PASS", 1));
      ScriptedLanguageModel google = model("gemini-2.5-pro", reply("PASS", 1));
      CountingGate build = new CountingGate("build", GateStatus.PASS);
      CountingGate tests = new CountingGate("tests", GateStatus.FAIL);
      CountingGate lint = new CountingGate("lint", GateStatus.PASS);
      ExternalValidator v =
          validator()
              .gate(build)
              .gate(tests)
              .gate(lint)
              .council(
                  Council.builder()
                      .judge(judge("judge-openai", "openai", "gpt-4.1", openai))
                      .judge(judge("judge-google", "google", "gemini-2.5-pro", google))
                      .build())
              .build();

      Verdict verdict = v.validate(artifact);

      assertThat(verdict.status()).isEqualTo(VerdictStatus.FAIL);
      assertThat(verdict.confidence()).isEqualTo(1.0);
      assertThat(verdict.summary()).isEqualTo("gate 'tests' failed: exit code 1");
      assertThat(verdict.gates()).extracting(GateResult::gate).containsExactly("build", "tests");
      assertThat(lint.calls).as("gates stop at the first failure").hasValue(0);
      assertThat(openai.requests()).isEmpty();
      assertThat(google.requests()).isEmpty();
      assertThat(verdict.judges()).isEmpty();
      assertThat(verdict.tokens()).isEqualTo(TokenUsage.NONE);
    }

    @Test
    void judgesAskedAfterAFailedGateCannotOverrideIt() {
      ScriptedLanguageModel openai = model("gpt-4.1", reply("PASS", 1));
      ScriptedLanguageModel google = model("gemini-2.5-pro", reply("PASS", 1));
      CountingGate tests = new CountingGate("tests", GateStatus.FAIL);
      CountingGate lint = new CountingGate("lint", GateStatus.FAIL);
      ExternalValidator v =
          validator()
              .gate(tests)
              .gate(lint)
              .council(
                  Council.builder()
                      .judge(judge("judge-openai", "openai", "gpt-4.1", openai))
                      .judge(judge("judge-google", "google", "gemini-2.5-pro", google))
                      .build())
              .judgesAfterGateFailure(true)
              .runAllGates(true)
              .build();

      Verdict verdict = v.validate(artifact);

      assertThat(verdict.status()).isEqualTo(VerdictStatus.FAIL);
      assertThat(verdict.summary())
          .isEqualTo(
              "gate 'tests' failed: exit code 1; the council said PASS, which cannot override a"
                  + " gate");
      assertThat(verdict.gates()).hasSize(2);
      assertThat(verdict.judges()).hasSize(2);
      assertThat(openai.lastRequest().messages().get(0).content())
          .contains("- tests: FAIL (exit code 1)\n- lint: FAIL (exit code 1)\n");
      assertThat(verdict.allowsLock()).isFalse();
    }

    @Test
    void aGateThatCannotRunOrThrowsMakesAnErrorNotAPass() {
      Gate throwing =
          new Gate() {
            @Override
            public GateResult check(Artifact a) {
              throw new IllegalStateException("no JDK at /opt/jdk");
            }

            @Override
            public String name() {
              return "compile";
            }
          };
      ScriptedLanguageModel openai = model("gpt-4.1", reply("PASS", 1));

      Verdict verdict =
          validator()
              .gate(throwing)
              .judge(judge("judge-openai", "openai", "gpt-4.1", openai))
              .build()
              .validate(artifact);

      assertThat(verdict.status()).isEqualTo(VerdictStatus.ERROR);
      assertThat(verdict.summary())
          .isEqualTo(
              "gate 'compile' could not run: the gate threw IllegalStateException: no JDK at"
                  + " /opt/jdk");
      assertThat(verdict.gates().get(0).status()).isEqualTo(GateStatus.ERROR);
      assertThat(openai.requests()).isEmpty();
    }

    @Test
    void aFailureOutranksAnErrorWhenEveryGateRuns() {
      Verdict verdict =
          validator()
              .gate(new CountingGate("tools", GateStatus.ERROR))
              .gate(new CountingGate("tests", GateStatus.FAIL))
              .runAllGates(true)
              .build()
              .validate(artifact);

      assertThat(verdict.status()).isEqualTo(VerdictStatus.FAIL);
    }

    @Test
    void passingGatesHandTheirResultsToTheCouncil() {
      ScriptedLanguageModel openai = model("gpt-4.1", reply("WARN", 0.7, CouncilTest.MINOR));
      ScriptedLanguageModel google = model("gemini-2.5-pro", reply("PASS", 0.9));

      Verdict verdict =
          validator()
              .gate(new CountingGate("tests", GateStatus.PASS))
              .council(
                  Council.builder()
                      .judge(judge("judge-openai", "openai", "gpt-4.1", openai))
                      .judge(judge("judge-google", "google", "gemini-2.5-pro", google))
                      .build())
              .build()
              .validate(artifact);

      assertThat(verdict.status()).isEqualTo(VerdictStatus.WARN);
      assertThat(verdict.allowsLock()).isTrue();
      assertThat(verdict.findings()).containsExactly(CouncilTest.MINOR);
      assertThat(openai.lastRequest().messages().get(0).content()).contains("- tests: PASS (ok)");
      assertThat(verdict.tokens())
          .isEqualTo(verdict.judges().get(0).tokens().plus(verdict.judges().get(1).tokens()));
    }

    @Test
    void gatesAloneCanPass() {
      Verdict verdict =
          validator()
              .gate(new CountingGate("build", GateStatus.PASS))
              .gate(new CountingGate("tests", GateStatus.PASS))
              .build()
              .validate(artifact);

      assertThat(verdict.status()).isEqualTo(VerdictStatus.PASS);
      assertThat(verdict.confidence()).isEqualTo(1.0);
      assertThat(verdict.summary()).isEqualTo("all 2 gates passed");
    }

    @Test
    void aRealFailingTestSuiteFailsTheVerdict(@TempDir Path dir) {
      ScriptedLanguageModel openai = model("gpt-4.1", reply("PASS", 1));
      Gate tests =
          CommandGate.builder(dir, "sh", "-c", "echo 'Tests run: 4, Failures: 1'; exit 1")
              .name("tests")
              .build();

      Verdict verdict =
          validator()
              .gate(tests)
              .judge(judge("judge-openai", "openai", "gpt-4.1", openai))
              .build()
              .validate(artifact);

      assertThat(verdict.status()).isEqualTo(VerdictStatus.FAIL);
      assertThat(verdict.gates().get(0).output()).isEqualTo("Tests run: 4, Failures: 1\n");
      assertThat(openai.requests()).isEmpty();
    }
  }

  @Nested
  class Verdicts_ {

    @Test
    void carryTheArtifactsProvenanceAnIdAndTheTime() {
      Verdict verdict =
          validator()
              .judge(judge("judge-openai", "openai", reply("PASS", 0.9)))
              .build()
              .validate(artifact);

      assertThat(verdict.id()).matches("vd-20260401-090000-[0-9a-z]{6}");
      assertThat(verdict.createdAt()).isEqualTo(NOW);
      assertThat(verdict.artifact()).isEqualTo(artifact.provenance());
      assertThat(verdict.artifactName()).isEqualTo("diff for ao-3f9k");
      assertThat(verdict.duration().isNegative()).isFalse();
    }

    @Test
    void theSameSeedGivesTheSameIds() {
      List<String> first = new ArrayList<>();
      List<String> second = new ArrayList<>();
      for (List<String> ids : List.of(first, second)) {
        ExternalValidator v = validator().gate(new CountingGate("tests", GateStatus.PASS)).build();
        for (int i = 0; i < 3; i++) {
          ids.add(v.validate(artifact).id());
        }
      }

      assertThat(first).doesNotHaveDuplicates().isEqualTo(second);
    }

    @Test
    void areStoredWhenARepositoryIsGiven() {
      Verdicts verdicts = Verdicts.of(InMemoryStore.builder().clock(CLOCK).build());

      Verdict verdict =
          validator()
              .gate(new CountingGate("tests", GateStatus.PASS))
              .judge(judge("judge-openai", "openai", reply("PASS", 0.9)))
              .verdicts(verdicts)
              .build()
              .validate(artifact);

      assertThat(verdicts.find(verdict.id())).contains(verdict);
    }

    @Test
    void aValidatorNeedsAGateOrACouncil() {
      assertThatThrownBy(() -> ExternalValidator.builder().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("an external validator needs at least a gate or a council");
    }
  }
}
