/**
 * Persistence (Factor II, "track everything in git": if it's not in git, it didn't happen). Every
 * record AgentOps keeps — work items, learnings, sessions, verdicts, chain entries, citations —
 * goes through the {@link dev.agentops.store.Store} SPI: typed collections of records keyed by id,
 * atomic batch writes with compare-and-swap on each record's revision, append-only logs, the
 * history of every record, and read-only views as of any commit.
 *
 * <p>{@link dev.agentops.store.GitStore} keeps records in a git repository with JGit, by default on
 * a dedicated branch written by direct object insertion, never touching the user's working tree;
 * {@link dev.agentops.store.InMemoryStore} has the same semantics for tests.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.store;

import org.jspecify.annotations.NullMarked;
