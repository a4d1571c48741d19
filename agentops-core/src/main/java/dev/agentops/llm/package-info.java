/**
 * The language-model adapter SPI: the one interface, {@link dev.agentops.llm.LanguageModel},
 * through which every AgentOps capability talks to a model, with its request and response types,
 * model profiles (the context window that Factor I budgets against), and structured output that
 * asks for JSON and checks it.
 *
 * <p>Everything here uses plain Java types only, so that adapters for any client library can be
 * written without AgentOps's own dependencies leaking into them.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.llm;

import org.jspecify.annotations.NullMarked;
