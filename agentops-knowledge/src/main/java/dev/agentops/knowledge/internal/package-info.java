/**
 * Implementation of the knowledge flywheel (Factors VII, VIII and XII): the text signals the
 * quality rubric scores, the Lucene analysis and queries behind the index, and wire names. Not
 * exported.
 */
@NullMarked
package dev.agentops.knowledge.internal;

import org.jspecify.annotations.NullMarked;
