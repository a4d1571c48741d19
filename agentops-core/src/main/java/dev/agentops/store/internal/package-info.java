/**
 * Implementation of the stores (Factor II): the record envelope, git tree editing, the write queue
 * that batches concurrent callers into one commit, and merging for sync. Not exported.
 */
@NullMarked
package dev.agentops.store.internal;

import org.jspecify.annotations.NullMarked;
