/**
 * Isolated workers (Factor X, "isolate workers"): each worker gets its own {@link
 * dev.agentops.workspace.Workspace}, a git worktree (or a local clone where no git command-line
 * tool is installed) on its own branch, with declared write scopes, always cleaned up. A {@link
 * dev.agentops.workspace.WaveRunner} runs a wave of workers in parallel, each with one work item
 * claimed atomically, its own workspace and its own session, checks before the wave starts that no
 * two write scopes overlap, and hands each result to a {@link dev.agentops.workspace.MergeStep}.
 *
 * <p>The promise: two workers never share a working directory or a context.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.workspace;

import org.jspecify.annotations.NullMarked;
