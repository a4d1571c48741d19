/**
 * AgentOps knowledge: the flywheel of Factors VII (extract learnings from every session), VIII
 * (compound knowledge across sessions) and XII (harvest failures as wisdom).
 *
 * @since 0.1.0
 */
module dev.agentops.knowledge {
  requires transitive dev.agentops.core;
  requires org.apache.lucene.core;
  requires static transitive org.jspecify;

  exports dev.agentops.knowledge;
}
