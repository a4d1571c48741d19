package dev.agentops.examples;

import dev.agentops.llm.Description;
import java.util.List;

/**
 * What the next agent needs to continue a piece of work, and nothing else (Factor I: hand off a
 * compressed summary, never the transcript).
 *
 * @param goal the goal of the work
 * @param decisions the decisions taken, each with its rationale
 * @param findings what was found to be true
 * @param deadEnds what was tried and did not work, so nobody tries it again
 * @param openQuestions what is still unknown
 * @param nextStep the single next action
 */
@Description("What the next agent needs to continue the work, and nothing else.")
public record SessionHandoff(
    @Description("The goal of the work, in one sentence.") String goal,
    @Description("Decisions taken, each with the reason it was taken.") List<Decision> decisions,
    @Description("Facts established during the session.") List<String> findings,
    @Description("Approaches tried that did not work, and why.") List<String> deadEnds,
    @Description("Questions still open.") List<String> openQuestions,
    @Description("The single next action, as an imperative sentence.") String nextStep) {

  /**
   * A decision with its rationale (Factor VII: record decisions with rationale, not just outcomes).
   *
   * @param decision what was decided
   * @param rationale why
   */
  public record Decision(String decision, String rationale) {}
}
