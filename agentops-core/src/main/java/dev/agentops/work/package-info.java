/**
 * Work tracked in the repository (Factor II, and the base of Factor X's parallel workers): {@link
 * dev.agentops.work.WorkItem}s with typed dependencies, the {@link dev.agentops.work.WorkTracker}
 * that knows which are ready, claims them atomically and closes them only with a verdict, and
 * interop with beads' {@code issues.jsonl}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.work;

import org.jspecify.annotations.NullMarked;
