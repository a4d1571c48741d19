/**
 * Extraction (Factor VII: extract learnings from every session): what a session did is kept as a
 * {@link dev.agentops.knowledge.extraction.SessionRecord} (filled by a {@link
 * dev.agentops.knowledge.extraction.SessionRecorder} during the session), and a {@link
 * dev.agentops.knowledge.extraction.LearningExtractor} turns it into candidate learnings that go
 * through the flywheel's quality gate. The primary extractor asks a model for schema-checked JSON;
 * the deterministic one draws on the verdicts, failures, decisions and dead ends recorded through
 * the API, never on the transcript's text.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.knowledge.extraction;

import org.jspecify.annotations.NullMarked;
