/**
 * Test support, published in the core test jar: a real HTTP server on the loopback interface and
 * the OpenAI and Anthropic wire formats as providers speak them, for testing the HTTP adapters over
 * a real socket.
 */
@NullMarked
package dev.agentops.llm.loopback;

import org.jspecify.annotations.NullMarked;
