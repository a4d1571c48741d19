package dev.agentops.context;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.TokenUsage;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link LanguageModel} that checks every request against a {@link ContextBudget}'s window
 * <em>before</em> calling the model it wraps, and refuses one that does not fit with a {@link
 * ContextBudgetExceededException}: nothing is sent and no tokens are spent.
 *
 * <p>After each call it records the usage the provider reported and, when the budget counts with a
 * {@link ModelTokenCounter}, feeds the provider's prompt count back into its calibration, so that
 * estimates for Claude, Gemini and open-weight models converge on what the provider really counts;
 * the budget then recounts its items at the new factor, and its listeners hear any level that
 * crosses, before the call returns.
 *
 * <p>Thread-safe if the wrapped model is.
 *
 * <pre>{@code
 * LanguageModel safe = BudgetedLanguageModel.of(claude, budget);
 * safe.chat(budget.toRequest().user(question).build()); // refused before sending if too large
 * }</pre>
 *
 * @since 0.1.0
 */
public final class BudgetedLanguageModel implements LanguageModel {

  private final LanguageModel delegate;
  private final ContextBudget budget;
  private final Object lock = new Object();
  private TokenUsage total = TokenUsage.NONE;
  private long calls;
  private long refused;

  private BudgetedLanguageModel(LanguageModel delegate, ContextBudget budget) {
    this.delegate = delegate;
    this.budget = budget;
  }

  /**
   * Wraps a model.
   *
   * @param model the model to call
   * @param budget the budget whose window and counter check requests
   * @return the budgeted model
   */
  public static BudgetedLanguageModel of(LanguageModel model, ContextBudget budget) {
    return new BudgetedLanguageModel(
        Objects.requireNonNull(model, "model"), Objects.requireNonNull(budget, "budget"));
  }

  /**
   * Checks the request, then calls the model.
   *
   * @param request the request
   * @return the reply
   * @throws ContextBudgetExceededException if the request would not fit the window; nothing was
   *     sent
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    guard(request);
    return record(request, delegate.chat(request));
  }

  /**
   * Checks the request, then streams the model's reply.
   *
   * @param request the request
   * @param onText receives each piece of text
   * @return the whole reply
   * @throws ContextBudgetExceededException if the request would not fit the window; nothing was
   *     sent
   */
  @Override
  public ChatResponse stream(ChatRequest request, Consumer<String> onText) {
    guard(request);
    return record(request, delegate.stream(request, onText));
  }

  private void guard(ChatRequest request) {
    RequestCheck check = budget.check(request);
    if (!check.fits()) {
      synchronized (lock) {
        refused++;
      }
      throw new ContextBudgetExceededException(budget.profile().modelId(), check);
    }
  }

  private ChatResponse record(ChatRequest request, ChatResponse response) {
    TokenUsage usage = response.usage();
    if (usage.isReported() && budget.counter() instanceof ModelTokenCounter counter) {
      counter.calibrate(counter.rawPromptTokens(request), usage.promptTokens());
      budget.recount();
    }
    synchronized (lock) {
      total = total.plus(usage);
      calls++;
    }
    return response;
  }

  /**
   * Returns the usage summed over every call made.
   *
   * @return the total usage
   */
  public TokenUsage totalUsage() {
    synchronized (lock) {
      return total;
    }
  }

  /**
   * Returns how many calls reached the model.
   *
   * @return the calls made
   */
  public long calls() {
    synchronized (lock) {
      return calls;
    }
  }

  /**
   * Returns how many requests were refused before sending.
   *
   * @return the refusals
   */
  public long refused() {
    synchronized (lock) {
      return refused;
    }
  }

  /**
   * Returns the budget requests are checked against.
   *
   * @return the budget
   */
  public ContextBudget budget() {
    return budget;
  }

  @Override
  public String toString() {
    return "BudgetedLanguageModel[" + delegate + ", " + budget.profile().modelId() + "]";
  }
}
