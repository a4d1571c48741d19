/**
 * Hierarchical supervision (Factor XI, "supervise hierarchically"): a {@link
 * dev.agentops.supervision.Supervisor} runs a unit of work through bounded retries, each in a fresh
 * session that carries the previous failures' feedback ({@link
 * dev.agentops.supervision.RetryPolicy}), maps failure classes to actions through a declarative
 * table ({@link dev.agentops.supervision.EscalationPolicy}), and escalates what a level cannot
 * handle one level up the hierarchy worker → supervisor → coordinator → human, never sideways. The
 * human is reached through the {@link dev.agentops.supervision.HumanGate} SPI.
 *
 * <p>Every failed attempt, escalation, resolution and outcome is appended to the {@value
 * dev.agentops.supervision.SupervisionLog#LOG} log of a {@link dev.agentops.store.Store}, so
 * failure harvesting (Factor XII) can read what was tried and why it failed; {@link
 * dev.agentops.supervision.SupervisionLog} documents the line format and reads it back.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.supervision;

import org.jspecify.annotations.NullMarked;
