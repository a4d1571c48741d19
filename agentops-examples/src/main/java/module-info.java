/**
 * Runnable programs that show AgentOps at work. The module is opened to Jackson so that
 * structured output can build the example's records on the module path.
 */
@SuppressWarnings("requires-automatic")
module dev.agentops.examples {
  requires dev.agentops.core;
  requires dev.agentops.validation;
  requires dev.agentops.knowledge;
  requires com.fasterxml.jackson.databind;
  requires org.eclipse.jgit;
  requires java.compiler;
  requires static org.jspecify;

  opens dev.agentops.examples to
      com.fasterxml.jackson.databind;
  opens dev.agentops.examples.loop to
      com.fasterxml.jackson.databind;
}
