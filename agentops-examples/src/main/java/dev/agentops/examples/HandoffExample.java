package dev.agentops.examples;

import dev.agentops.context.AgentSession;
import dev.agentops.context.BudgetStatus;
import dev.agentops.context.BudgetedLanguageModel;
import dev.agentops.context.ContextBudget;
import dev.agentops.context.Handoff;
import dev.agentops.llm.LanguageModelException;
import dev.agentops.llm.StructuredOutputException;
import dev.agentops.llm.StructuredResult;
import dev.agentops.llm.TokenUsage;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The main example: an agent's session notes turned into a typed, checked {@link Handoff}, and the
 * next session started from that handoff in a fresh, budgeted context (Factor I: hand off a
 * compressed summary, not the transcript; Factor III: one agent, one job; Factor VII: decisions are
 * kept with their rationale).
 *
 * <p>Runs offline against {@link DemoModel} unless {@code AGENTOPS_PROVIDER} configures a real
 * provider (see {@link ExampleModels}). Run it with {@code mvn -q -pl agentops-examples -am compile
 * -Pexample}.
 */
public final class HandoffExample {

  static final String SYSTEM = "You are a careful software engineer who fixes failing builds.";

  private HandoffExample() {}

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
   * @param choice the model and its profile
   * @param out where to print
   * @return the process exit status: 0 on success
   */
  static int run(ExampleModels.Choice choice, PrintStream out) {
    out.println("AgentOps for Java: from session notes to a checked handoff and a fresh session");
    out.println("model: " + choice.description());
    out.println();

    ContextBudget budget = ContextBudget.builder(choice.profile()).build();
    BudgetedLanguageModel model = BudgetedLanguageModel.of(choice.model(), budget);
    int notesTokens = budget.counter().count(SessionNotes.TEXT);
    out.println(
        "Session notes: "
            + SessionNotes.TEXT.lines().count()
            + " lines, "
            + notesTokens
            + " tokens. Asking for a handoff (every call checked against the "
            + String.format(Locale.ROOT, "%,d", choice.profile().contextWindow())
            + "-token window first)...");

    StructuredResult<Handoff> result;
    try {
      result = Handoff.fromModel(model, SessionNotes.TEXT);
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
    Handoff handoff = result.value();
    handoff.render().lines().forEach(line -> out.println("  | " + line));
    out.println();

    AgentSession next =
        AgentSession.builder(choice.model(), choice.profile())
            .system(SYSTEM)
            .handoff(handoff)
            .build();
    next.start(handoff.nextStep());
    BudgetStatus status = next.budget().status();
    out.println(
        "Next session: a fresh context holding the system text, the handoff and its task: "
            + status.usedTokens()
            + " of "
            + status.capacityTokens()
            + " tokens ("
            + String.format(Locale.ROOT, "%.1f%%", status.fraction() * 100)
            + ", "
            + status.level()
            + "), none of the previous session's messages.");
    TokenUsage usage = model.totalUsage();
    out.println(
        usage.isReported()
            ? "tokens spent: "
                + usage.promptTokens()
                + " prompt, "
                + usage.completionTokens()
                + " completion over "
                + result.attempts()
                + " calls"
            : "tokens spent: not reported by this model");
    return 0;
  }
}
