/**
 * Implementation of the language-model adapters and structured output: wire formats, the HTTP
 * transport with its retries, JSON schema generation and checking. Not exported.
 */
@NullMarked
package dev.agentops.llm.internal;

import org.jspecify.annotations.NullMarked;
