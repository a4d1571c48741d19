/**
 * AgentOps core: the LLM adapter SPI with its HTTP adapters, and the shared vocabulary every
 * other AgentOps module builds on.
 *
 * <p>Only API and SPI packages are exported; {@code ….internal} packages are implementation
 * details whose shape may change in any release.
 *
 * @since 0.1.0
 */
// jtokkit publishes no module name; its automatic one comes from the jar's file name.
@SuppressWarnings("requires-automatic")
module dev.agentops.core {
  requires transitive java.net.http;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jdk8;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires org.slf4j;
  requires com.github.benmanes.caffeine;
  requires jtokkit;
  requires static transitive org.jspecify;

  exports dev.agentops;
  exports dev.agentops.context;
  exports dev.agentops.hygiene;
  exports dev.agentops.llm;
  exports dev.agentops.llm.http;
}
