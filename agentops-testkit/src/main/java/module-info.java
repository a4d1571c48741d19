/**
 * AgentOps testkit: test doubles and SPI contract tests for hosts and adapter authors.
 *
 * @since 0.1.0
 */
module dev.agentops.testkit {
  requires transitive dev.agentops.core;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires static transitive org.jspecify;

  exports dev.agentops.testkit;
}
