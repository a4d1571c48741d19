/**
 * Context budgets (Factor I, "context is everything") and fresh sessions (Factor III, "one agent,
 * one job"): what enters a model's window is counted before it is sent, kept well below the
 * window's limit, loaded just in time, compacted without losing the originals, and handed from one
 * session to the next as a compact {@link dev.agentops.context.Handoff} instead of a transcript.
 *
 * <p>The promise: nothing is sent to a model that would put its window past the cap, the cap is
 * checked before the call ({@link dev.agentops.context.BudgetedLanguageModel}), and compaction
 * archives what it removes ({@link dev.agentops.context.ContextArchive}).
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.context;

import org.jspecify.annotations.NullMarked;
