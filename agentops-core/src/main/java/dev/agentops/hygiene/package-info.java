/**
 * Hygiene for anything AgentOps writes down or sends on (Factor II, "track everything in git"):
 * secrets are redacted before text is committed, logged or carried in an exception.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.hygiene;

import org.jspecify.annotations.NullMarked;
