package dev.agentops.knowledge.extraction;

import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.testkit.ScriptedLanguageModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/**
 * The model extractor passes the extractor contract over a scripted model (the subject is the
 * extractor, not an adapter): when the model answers, and when it never does and the fallback
 * extracts.
 */
class ModelLearningExtractorContractTest extends LearningExtractorContract {

  /** Two lessons stated whole, in words of their own, for a session that recorded anything. */
  static final String LESSONS =
      """
      {"learnings": [{
        "kind": "DECISION",
        "title": "Bound provider retries to rate-limit replies",
        "what": "Retry a provider call only on HTTP 429 and 503, at most 3 times with jittered \
      backoff, and honour `Retry-After` in both its forms.",
        "why": "Further retries queued behind the provider's limit and hid outages.",
        "context": "an HTTP model adapter",
        "confidence": 0.8,
        "tags": ["http", "retries"],
        "when": "when a provider rate-limits"
      }, {
        "kind": "ANTI_PATTERN",
        "title": "Do not retry inside a stream reader",
        "what": "Do not reconnect inside a server-sent-events reader once bytes have arrived; \
      fail the attempt so that no event is delivered twice.",
        "why": "A reconnect redelivered half-sent events.",
        "context": "",
        "confidence": 0.7,
        "tags": ["streaming"],
        "when": ""
      }]}
      """;

  /** What the scripted model answers: nothing for a session that recorded nothing. */
  static String reply(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    String user = messages.get(messages.size() - 1).content();
    boolean recorded =
        user.contains("Decisions recorded:")
            || user.contains("Dead ends recorded:")
            || user.contains("Failures recorded:")
            || user.contains("Verdicts:");
    return recorded ? LESSONS : "{\"learnings\": []}";
  }

  @Override
  protected LearningExtractor extractor() {
    return ModelLearningExtractor.builder(
            ScriptedLanguageModel.builder()
                .otherwise(ModelLearningExtractorContractTest::reply)
                .build())
        .build();
  }

  @Override
  protected Optional<LearningExtractor> failingExtractor() {
    return Optional.of(
        ModelLearningExtractor.builder(
                ScriptedLanguageModel.builder().otherwise(request -> "not JSON").build())
            .noFallback()
            .build());
  }

  /** A model that never gives a usable reply: the deterministic fallback extracts instead. */
  @Nested
  class FallingBack extends LearningExtractorContract {

    @Override
    protected LearningExtractor extractor() {
      return ModelLearningExtractor.builder(
              ScriptedLanguageModel.builder().otherwise(request -> "{\"learnings\": 3}").build())
          .maxAttempts(1)
          .build();
    }
  }
}
