package dev.agentops.context;

import dev.agentops.AgentOpsException;

/**
 * A request was refused before it was sent, because it would have put the model's window past its
 * cap. Nothing was sent and no tokens were spent.
 *
 * @since 0.1.0
 */
public class ContextBudgetExceededException extends AgentOpsException {

  private static final long serialVersionUID = 1L;

  /** The model whose window would have been exceeded. */
  private final String modelId;

  /** The counted prompt plus the output allowed. */
  private final long requestTokens;

  /** The model's window. */
  private final long contextWindow;

  /**
   * Creates an exception.
   *
   * @param modelId the model
   * @param check the check that failed
   */
  public ContextBudgetExceededException(String modelId, RequestCheck check) {
    super(
        "request for model '"
            + modelId
            + "' needs "
            + (check.promptTokens() + check.outputTokens())
            + " tokens ("
            + check.promptTokens()
            + " prompt + "
            + check.outputTokens()
            + " output), "
            + check.tokensOver()
            + " over its "
            + check.contextWindow()
            + "-token window; nothing was sent");
    this.modelId = modelId;
    this.requestTokens = check.promptTokens() + check.outputTokens();
    this.contextWindow = check.contextWindow();
  }

  /**
   * Returns the model whose window would have been exceeded.
   *
   * @return the model id
   */
  public String modelId() {
    return modelId;
  }

  /**
   * Returns the tokens the request needed: prompt plus allowed output.
   *
   * @return the tokens
   */
  public long requestTokens() {
    return requestTokens;
  }

  /**
   * Returns by how many tokens the request was over.
   *
   * @return the excess
   */
  public long tokensOver() {
    return requestTokens - contextWindow;
  }

  /**
   * Returns the model's window.
   *
   * @return the window
   */
  public long contextWindow() {
    return contextWindow;
  }
}
