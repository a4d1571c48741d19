/**
 * Language-model adapters that speak a provider's HTTP API directly over {@link
 * java.net.http.HttpClient}: {@link dev.agentops.llm.http.OpenAiCompatibleModel} for the Chat
 * Completions API (OpenAI, Ollama, vLLM, llama.cpp, LM Studio) and {@link
 * dev.agentops.llm.http.AnthropicModel} for the Messages API. Every factor reaches a model through
 * them; Factor V's councils use them to ask models of different vendors.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.llm.http;

import org.jspecify.annotations.NullMarked;
