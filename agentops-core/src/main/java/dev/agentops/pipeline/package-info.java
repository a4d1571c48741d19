/**
 * The phase pipeline (Factors III and IV): work runs as phases, research → plan → implement →
 * validate → lock → extract by default, each in a fresh {@link dev.agentops.context.AgentSession}
 * with its own budget; a phase's artifacts are stored with their provenance, and the next phase
 * receives a {@link dev.agentops.context.Handoff} and just-in-time sources, never the previous
 * phase's transcript. The pipeline's state is stored after every phase, so a new pipeline resumes a
 * run where a crashed one left it.
 *
 * <p>Hosts implement {@link dev.agentops.pipeline.PhaseHandler} per phase and may wrap phases in
 * {@link dev.agentops.pipeline.PhaseInterceptor}s.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.pipeline;

import org.jspecify.annotations.NullMarked;
