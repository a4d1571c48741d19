/**
 * Test support: {@link dev.agentops.testkit.ScriptedLanguageModel}, a language model whose replies
 * a test scripts, and abstract contract tests such as {@link
 * dev.agentops.testkit.LanguageModelContract} that every implementation of an AgentOps SPI should
 * pass. Hosts use it to test their own code; adapter authors extend the contracts. It is Factor V
 * (validate externally) applied to the library itself: an implementation is judged by a test suite
 * it did not write.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.testkit;

import org.jspecify.annotations.NullMarked;
