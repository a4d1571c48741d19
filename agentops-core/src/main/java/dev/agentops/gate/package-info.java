/**
 * Deterministic checks (Factor V, "validate externally", and Factor XII's compiled constraints):
 * the {@link dev.agentops.gate.Gate} SPI and its {@link dev.agentops.gate.GateResult}. A test
 * suite, a build, a linter or a constraint learned from past failures is a gate; a failing gate is
 * a fact that no model's vote can override.
 *
 * <p>The vocabulary lives in the core so that every module can produce gates; {@code
 * agentops-validation} runs them ahead of model judges and ships {@code CommandGate}, which runs a
 * process.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.gate;

import org.jspecify.annotations.NullMarked;
