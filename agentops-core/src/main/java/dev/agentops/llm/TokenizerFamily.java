package dev.agentops.llm;

/**
 * Which tokenizer a model uses, and so how AgentOps counts its tokens before a call.
 *
 * <p>OpenAI's encodings are available offline and counted exactly. For the other families no exact
 * offline tokenizer exists: they are counted with {@code o200k_base} and multiplied by a per-family
 * factor that starts at {@link #initialFactor()} and is calibrated at run time from the prompt
 * tokens the provider reports.
 *
 * @since 0.1.0
 */
public enum TokenizerFamily {
  /** OpenAI's {@code o200k_base}: GPT-4o, GPT-4.1, GPT-5, o-series, gpt-oss. Exact. */
  O200K_BASE(true, 1.0),
  /** OpenAI's {@code cl100k_base}: GPT-4, GPT-3.5. Exact. */
  CL100K_BASE(true, 1.0),
  /** Anthropic's Claude models. Approximated; starts at 1.25 times {@code o200k_base}. */
  CLAUDE(false, 1.25),
  /** Google's Gemini models. Approximated; starts at 1.15 times {@code o200k_base}. */
  GEMINI(false, 1.15),
  /**
   * Open-weight models with their own tokenizers (Llama, Qwen, Mistral, Gemma, DeepSeek).
   * Approximated; starts at 1.10 times {@code o200k_base}.
   */
  OPEN_WEIGHTS(false, 1.10);

  private final boolean exact;
  private final double initialFactor;

  TokenizerFamily(boolean exact, double initialFactor) {
    this.exact = exact;
    this.initialFactor = initialFactor;
  }

  /**
   * Tells whether tokens of this family can be counted exactly offline.
   *
   * @return {@code true} for OpenAI's encodings
   */
  public boolean exact() {
    return exact;
  }

  /**
   * Returns the factor applied to an {@code o200k_base} count before any calibration.
   *
   * @return 1.0 for exact families, the starting estimate otherwise
   */
  public double initialFactor() {
    return initialFactor;
  }
}
