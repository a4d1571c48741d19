package dev.agentops.ratchet;

import dev.agentops.Artifact;
import dev.agentops.Provenance;
import dev.agentops.llm.TokenUsage;
import dev.agentops.validation.Verdict;
import dev.agentops.validation.VerdictStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Verdicts as a validator would have stored them, for the ratchet's tests. */
final class ScriptedVerdicts {

  private ScriptedVerdicts() {}

  /**
   * A verdict on a small diff by another agent, with no gates, judges or findings.
   *
   * @param id the verdict's id
   * @param status its status
   * @param workItem the work item the diff is for, or null
   * @param at when it was reached
   * @return the verdict, not stored
   */
  static Verdict of(String id, VerdictStatus status, @Nullable String workItem, Instant at) {
    Artifact artifact =
        Artifact.of(
            workItem == null ? "diff" : "diff for " + workItem,
            "+ cleanup();",
            Provenance.builder()
                .author("implementer-1")
                .model("gpt-4.1", "openai")
                .session("s-1")
                .workItem(workItem)
                .createdAt(at));
    return new Verdict(
        id,
        status,
        0.9,
        "scripted " + status,
        artifact.name(),
        artifact.provenance(),
        List.of(),
        List.of(),
        List.of(),
        new TokenUsage(0, 0, 0),
        at,
        Duration.ofMillis(5));
  }
}
