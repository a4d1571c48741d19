/**
 * Implementation of the language-model adapters and structured output: wire formats, the HTTP
 * transport with its retries, JSON schema generation and checking, which Factor V's judges rely on
 * to read verdicts. Not exported.
 */
@NullMarked
package dev.agentops.llm.internal;

import org.jspecify.annotations.NullMarked;
