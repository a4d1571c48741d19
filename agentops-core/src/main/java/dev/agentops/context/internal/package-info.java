/**
 * Implementation of context budgets (Factor I): content hashing for the token cache, and the
 * bookkeeping behind compaction. Not exported.
 */
@NullMarked
package dev.agentops.context.internal;

import org.jspecify.annotations.NullMarked;
