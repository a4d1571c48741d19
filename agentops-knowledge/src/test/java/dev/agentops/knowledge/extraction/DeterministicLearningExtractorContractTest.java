package dev.agentops.knowledge.extraction;

/** The built-in deterministic extractor passes the extractor contract. */
class DeterministicLearningExtractorContractTest extends LearningExtractorContract {

  @Override
  protected LearningExtractor extractor() {
    return DeterministicLearningExtractor.defaults();
  }
}
