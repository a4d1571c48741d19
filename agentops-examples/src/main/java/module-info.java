/**
 * Runnable programs that show AgentOps at work. The module is opened to Jackson so that
 * structured output can build the example's records on the module path.
 */
module dev.agentops.examples {
  requires dev.agentops.core;
  requires static org.jspecify;

  opens dev.agentops.examples to
      com.fasterxml.jackson.databind;
}
