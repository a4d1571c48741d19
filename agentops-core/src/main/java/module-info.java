/**
 * AgentOps core: the LLM adapter SPI with its HTTP adapters, and the shared vocabulary every
 * other AgentOps module builds on.
 *
 * <p>Only API and SPI packages are exported; {@code ….internal} packages are implementation
 * details whose shape may change in any release.
 *
 * @since 0.1.0
 */
// JGit and jtokkit are automatic modules; jtokkit's name comes from its jar's file name.
@SuppressWarnings("requires-automatic")
module dev.agentops.core {
  requires transitive java.net.http;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jdk8;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.eclipse.jgit;
  requires org.slf4j;
  requires com.github.benmanes.caffeine;
  requires jtokkit;
  requires static transitive org.jspecify;

  exports dev.agentops;
  exports dev.agentops.context;
  exports dev.agentops.fitness;
  exports dev.agentops.gate;
  exports dev.agentops.hygiene;
  exports dev.agentops.llm;
  exports dev.agentops.llm.http;
  exports dev.agentops.pipeline;
  exports dev.agentops.store;
  exports dev.agentops.supervision;
  exports dev.agentops.work;
  exports dev.agentops.workspace;
}
