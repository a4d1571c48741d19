package dev.agentops.examples;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.LanguageModelException;
import dev.agentops.llm.StructuredOutput;
import dev.agentops.llm.StructuredOutputException;
import dev.agentops.llm.StructuredResult;
import dev.agentops.llm.TokenUsage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The main example: an agent's session notes turned into a typed, checked handoff for the next
 * session (Factor I: hand off a compressed summary, not the transcript; Factor VII: decisions are
 * kept with their rationale).
 *
 * <p>Runs offline against {@link DemoModel} unless {@code AGENTOPS_PROVIDER} configures a real
 * provider (see {@link ExampleModels}). Run it with {@code mvn -q -pl agentops-examples -am compile
 * -Pexample}.
 */
public final class Main {

  private Main() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    int status = run(ExampleModels.fromEnvironment(), System.out);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the example against a chosen model, printing to {@code out}.
   *
   * @param choice the model
   * @param out where to print
   * @return the process exit status: 0 on success
   */
  static int run(ExampleModels.Choice choice, PrintStream out) {
    out.println("AgentOps for Java: from session notes to a checked handoff");
    out.println("model: " + choice.description());
    out.println();

    StructuredOutput<SessionHandoff> handoffs =
        StructuredOutput.forRecord(SessionHandoff.class).validator(Main::problems).build();
    ChatRequest request =
        ChatRequest.builder()
            .system(
                "You write handoffs between agent sessions. Keep only what the next agent needs:"
                    + " the goal, decisions with their rationale, findings, dead ends, open"
                    + " questions and the single next step.")
            .user(SessionNotes.TEXT)
            .temperature(0)
            .build();
    out.println(
        "Asking for a "
            + SessionHandoff.class.getSimpleName()
            + " from "
            + SessionNotes.TEXT.lines().count()
            + " lines of session notes...");

    StructuredResult<SessionHandoff> result;
    try {
      result = handoffs.generate(choice.model(), request);
    } catch (StructuredOutputException e) {
      out.println("No usable handoff after " + e.attempts() + " attempts: " + e.problems());
      return 2;
    } catch (LanguageModelException e) {
      out.println("The model could not be used: " + e.getMessage());
      return 3;
    }
    for (int i = 0; i < result.rejected().size(); i++) {
      out.println("  attempt " + (i + 1) + " rejected: " + result.rejected().get(i));
    }
    out.println("  attempt " + result.attempts() + " accepted");
    out.println();
    print(result.value(), out);
    out.println();
    TokenUsage usage = result.usage();
    out.println(
        usage.isReported()
            ? "tokens: "
                + usage.promptTokens()
                + " prompt, "
                + usage.completionTokens()
                + " completion over "
                + result.attempts()
                + " attempts"
            : "tokens: not reported by this model");
    return 0;
  }

  /** Checks beyond the schema: what makes a handoff usable by the next agent. */
  static List<String> problems(SessionHandoff h) {
    List<String> problems = new ArrayList<>();
    if (h.goal().isBlank()) {
      problems.add("$.goal: state the goal");
    }
    if (h.nextStep().isBlank()) {
      problems.add("$.nextStep: name the single next action");
    }
    for (int i = 0; i < h.decisions().size(); i++) {
      if (h.decisions().get(i).rationale().isBlank()) {
        problems.add("$.decisions[" + i + "].rationale: every decision needs its reason");
      }
    }
    return problems;
  }

  private static void print(SessionHandoff h, PrintStream out) {
    out.println("Handoff for the next session");
    out.println("  goal:       " + h.goal());
    out.println("  decisions:");
    h.decisions()
        .forEach(d -> out.println("    - " + d.decision() + " (because " + d.rationale() + ")"));
    out.println("  findings:");
    h.findings().forEach(f -> out.println("    - " + f));
    out.println("  dead ends:");
    h.deadEnds().forEach(d -> out.println("    - " + d));
    out.println("  open questions:");
    h.openQuestions().forEach(q -> out.println("    - " + q));
    out.println("  next step:  " + h.nextStep());
  }
}
