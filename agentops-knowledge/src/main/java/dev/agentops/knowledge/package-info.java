/**
 * The knowledge flywheel (Factors VII, VIII and XII): learnings are extracted from sessions, gated
 * for quality, indexed, injected into later sessions within a budget, strengthened by citations and
 * decayed when stale; failures become negative knowledge and enforced rules.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.knowledge;

import org.jspecify.annotations.NullMarked;
