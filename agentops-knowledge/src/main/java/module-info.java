/**
 * AgentOps knowledge: the flywheel of Factors VII (extract learnings from every session), VIII
 * (compound knowledge across sessions) and XII (harvest failures as wisdom).
 *
 * @since 0.1.0
 */
module dev.agentops.knowledge {
  requires transitive dev.agentops.core;
  requires transitive dev.agentops.validation;
  requires com.fasterxml.jackson.annotation;
  requires com.fasterxml.jackson.databind;
  requires org.apache.lucene.core;
  requires org.apache.lucene.analysis.common;
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.agentops.knowledge;
  exports dev.agentops.knowledge.extraction;
  exports dev.agentops.knowledge.failure;

  // Learnings are written through the store's codecs, which read and write them with Jackson.
  opens dev.agentops.knowledge to
      com.fasterxml.jackson.databind;
  // Session records, failure records and detection rules are stored as JSON, and the model's
  // extraction reply is bound, with Jackson.
  opens dev.agentops.knowledge.extraction to
      com.fasterxml.jackson.databind;
  opens dev.agentops.knowledge.failure to
      com.fasterxml.jackson.databind;
}
