/**
 * AgentOps validation: Factor V (no agent grades its own work) and Factor VI (validated
 * progress is locked and never slides back).
 *
 * @since 0.1.0
 */
module dev.agentops.validation {
  requires transitive dev.agentops.core;
  requires static transitive org.jspecify;

  exports dev.agentops.validation;
}
