package dev.agentops.knowledge.failure;

import dev.agentops.Provenance;
import dev.agentops.context.ContextBudget;
import dev.agentops.gate.GateResult;
import dev.agentops.llm.ModelProfile;
import dev.agentops.llm.TokenUsage;
import dev.agentops.llm.TokenizerFamily;
import dev.agentops.validation.Finding;
import dev.agentops.validation.JudgeVerdict;
import dev.agentops.validation.Verdict;
import dev.agentops.validation.VerdictStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Verdicts and budgets built with the validation and context modules' own APIs. */
public final class FailureFixtures {

  private FailureFixtures() {}

  /** The provenance of an artifact written in a session. */
  public static Provenance provenance(String session, String content, Instant at) {
    return Provenance.builder()
        .author("implementer-1")
        .model("test-model", "test")
        .session(session)
        .workItem("ao-17")
        .createdAt(at)
        .content(content)
        .build();
  }

  /** A verdict of the given status, decided by a council with the given findings. */
  public static Verdict verdict(
      String id, VerdictStatus status, String session, Instant at, Finding... findings) {
    return new Verdict(
        id,
        status,
        0.9,
        status == VerdictStatus.FAIL ? "the council found a blocking problem" : "fine",
        "diff for ao-17",
        provenance(session, "diff", at),
        List.of(),
        List.<JudgeVerdict>of(),
        List.of(findings),
        TokenUsage.NONE,
        at,
        Duration.ofSeconds(3));
  }

  /** A FAIL verdict whose deterministic gate failed. */
  public static Verdict gateFailure(String id, String session, String gate, Instant at) {
    return new Verdict(
        id,
        VerdictStatus.FAIL,
        1.0,
        "gate " + gate + " failed",
        "diff for ao-17",
        provenance(session, "diff", at),
        List.of(GateResult.fail(gate, "exit code 1", "Tests run: 12, Failures: 1", Duration.ZERO)),
        List.<JudgeVerdict>of(),
        List.of(),
        TokenUsage.NONE,
        at,
        Duration.ofSeconds(30));
  }

  /** A budget over a model of the given window. */
  public static ContextBudget budget(int window) {
    return ContextBudget.builder(
            ModelProfile.builder("test", "test-model")
                .contextWindow(window)
                .maxOutputTokens(Math.max(1, window / 8))
                .tokenizerFamily(TokenizerFamily.O200K_BASE)
                .build())
        .build();
  }
}
