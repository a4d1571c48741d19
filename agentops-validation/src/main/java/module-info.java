/**
 * AgentOps validation: Factor V (no agent grades its own work) and Factor VI (validated
 * progress is locked and never slides back).
 *
 * @since 0.1.0
 */
// JGit is an automatic module.
@SuppressWarnings("requires-automatic")
module dev.agentops.validation {
  requires transitive dev.agentops.core;
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.databind;
  requires org.eclipse.jgit;
  requires org.slf4j;

  exports dev.agentops.validation;
  exports dev.agentops.ratchet;
}
