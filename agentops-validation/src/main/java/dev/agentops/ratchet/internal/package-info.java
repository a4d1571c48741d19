/**
 * Implementation of the ratchet (Factor VI): compare-and-swap ref updates and pushes, in-memory
 * merges and rebases, and the JSON form of chain log lines. Not API: its shape may change in any
 * release.
 */
@NullMarked
package dev.agentops.ratchet.internal;

import org.jspecify.annotations.NullMarked;
