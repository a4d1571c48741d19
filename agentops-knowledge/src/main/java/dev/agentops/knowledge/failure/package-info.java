/**
 * Failure harvesting (Factor XII: harvest failures as wisdom): failed attempts (FAIL verdicts,
 * exceptions, escalations, failed Brownian attempts) are stored with their context as {@link
 * dev.agentops.knowledge.failure.FailureRecord}s, turned into negative learnings that carry a
 * detection question, counted across sessions to find recurring signatures, and compiled into
 * {@link dev.agentops.gate.Gate}s so a known-bad approach is enforced, not only documented.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.knowledge.failure;

import org.jspecify.annotations.NullMarked;
