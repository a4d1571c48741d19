/**
 * External validation (Factor V, "validate externally"): deterministic gates, model judges,
 * councils and their verdicts. No agent grades its own work, and no model vote overrides a failing
 * deterministic gate.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.validation;

import org.jspecify.annotations.NullMarked;
