/**
 * The end-to-end loop of the README's main example (Factors I to XII together): {@link
 * dev.agentops.examples.loop.LoopExample} drives work items on a real git repository through a
 * {@code PhasePipeline}, validating externally, locking with the ratchet, harvesting failures and
 * compounding learnings, until the fitness goals pass and nothing is ready.
 */
@NullMarked
package dev.agentops.examples.loop;

import org.jspecify.annotations.NullMarked;
