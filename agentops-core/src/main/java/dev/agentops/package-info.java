/**
 * The root of AgentOps for Java: the exception hierarchy shared by every module, and so by every
 * factor from Factor I (context) to Factor XII (harvesting failures); and the {@link
 * dev.agentops.Artifact} and its {@link dev.agentops.Provenance}, which say what an agent produced
 * and where it came from (Factor V refuses validators that wrote what they validate).
 *
 * <p>Caller mistakes raise JDK exceptions ({@link java.lang.NullPointerException}, {@link
 * java.lang.IllegalArgumentException}, {@link java.lang.IllegalStateException}); operational
 * failures raise an {@link dev.agentops.AgentOpsException} subclass that carries structured fields.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops;

import org.jspecify.annotations.NullMarked;
