/**
 * The ratchet (Factor VI, "lock progress forward"): once work passes validation it is locked, and
 * it cannot slide back.
 *
 * <ul>
 *   <li>{@link dev.agentops.ratchet.Ratchet} moves a protected git ref to a validated commit,
 *       fast-forward only, by compare-and-swap on the ref's expected old id, locally or on a
 *       remote; nothing is ever force-updated.
 *   <li>{@link dev.agentops.ratchet.MergeQueue} brings candidates that parallel workers based on an
 *       older tip onto the new tip, validates them again if its policy says so, and locks them.
 *   <li>{@link dev.agentops.ratchet.Baseline} and {@link dev.agentops.ratchet.Baselines} are the
 *       metric ratchet: a regression past tolerance fails, an improvement raises the bar, and
 *       re-baselining is an explicit act recorded with a reason.
 *   <li>{@link dev.agentops.ratchet.ChainLog} records every lock and every skip.
 *   <li>{@link dev.agentops.ratchet.BrownianRatchet} runs several attempts, validates each, locks
 *       the first or the best that passes, and hands the failures to listeners for harvesting
 *       (Factor XII).
 * </ul>
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.ratchet;

import org.jspecify.annotations.NullMarked;
