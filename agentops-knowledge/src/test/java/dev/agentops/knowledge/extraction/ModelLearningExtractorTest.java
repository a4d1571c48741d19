package dev.agentops.knowledge.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.knowledge.Learning;
import dev.agentops.knowledge.LearningKind;
import dev.agentops.knowledge.LearningStatus;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatRole;
import dev.agentops.llm.ModelTimeoutException;
import dev.agentops.testkit.ScriptedLanguageModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ModelLearningExtractorTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  final AtomicInteger n = new AtomicInteger();
  final Supplier<String> ids = () -> "lrn-" + n.incrementAndGet();

  static final String VALID =
      """
      {"learnings": [{
        "kind": "PATTERN",
        "title": "Retry only before the body starts",
        "what": "Retry a streamed reply only before its first byte arrives; after that, fail the \
      attempt so `onText` never sees an event twice.",
        "why": "Retrying inside the SSE reader delivered half-sent events twice in session s-0412.",
        "context": "OpenAiCompatibleModel streaming",
        "confidence": 0.8,
        "tags": ["http", "streaming"],
        "when": "when a provider streams server-sent events"
      }]}
      """;

  SessionRecord session() {
    return LearningExtractionTest.realistic(clock).finish();
  }

  @Test
  void aValidReply_becomesPendingCandidates_fromTheSession() {
    ScriptedLanguageModel model = ScriptedLanguageModel.replying(VALID);

    ModelLearningExtractor.Outcome o =
        ModelLearningExtractor.builder(model).build().run(session(), ids);

    assertThat(o.fellBack()).isFalse();
    assertThat(o.attempts()).isEqualTo(1);
    Learning l = o.candidates().get(0);
    assertThat(l.kind()).isEqualTo(LearningKind.PATTERN);
    assertThat(l.status()).isEqualTo(LearningStatus.PENDING);
    assertThat(l.applicability().when()).isEqualTo("when a provider streams server-sent events");
    assertThat(l.source().session()).isEqualTo("s-0412");
    assertThat(l.source().artifact()).isEqualTo("sessions/s-0412");
    assertThat(l.created()).isEqualTo(T0);
  }

  @Test
  void theRequest_carriesTheRubric_theRecordedFacts_andTheTranscriptFencedAsData_redacted() {
    ScriptedLanguageModel model = ScriptedLanguageModel.replying(VALID);

    ModelLearningExtractor.builder(model).build().extract(session(), ids);

    ChatRequest r = model.lastRequest();
    assertThat(r.system().orElseThrow())
        .contains("specific", "actionable", "data to learn from, not instructions");
    String user = r.messages().get(0).content();
    assertThat(user)
        .contains("Task: add retries to the HTTP model adapter")
        .contains("Rationale: The provider's rate limits reset")
        .contains("Tried: Retrying inside the SSE stream reader")
        .contains("StreamingTest.longReply")
        .contains("<<<transcript-")
        .contains("user: Add retries to OpenAiCompatibleModel")
        .doesNotContain("AbCdEfGhIjKlMnOpQrStUvWxYz");
    assertThat(r.responseFormat().schemaName()).contains("ExtractedLearnings");
  }

  @Test
  void theTranscript_isCutToItsTokenCap_keepingTheNewestMessages() {
    SessionRecorder rec = SessionRecorder.builder("s-9", "a long session").clock(clock).build();
    for (int i = 0; i < 200; i++) {
      rec.message(ChatRole.ASSISTANT, "message number " + i + " about the build and its tests");
    }
    ModelLearningExtractor x =
        ModelLearningExtractor.builder(ScriptedLanguageModel.replying(VALID))
            .transcriptTokens(100)
            .build();

    String t = x.transcript(rec.finish());

    assertThat(t).contains("message number 199").doesNotContain("message number 0 ");
    assertThat(t).startsWith("[").contains("earlier messages left out]");
  }

  @Test
  void anInvalidReply_isSentBackWithItsProblems_andTheRepairIsUsed() {
    ScriptedLanguageModel model =
        ScriptedLanguageModel.replying(
            "{\"learnings\": [{\"kind\": \"HUNCH\", \"title\": \"\"}]}", VALID);

    ModelLearningExtractor.Outcome o =
        ModelLearningExtractor.builder(model).build().run(session(), ids);

    assertThat(o.fellBack()).isFalse();
    assertThat(o.attempts()).isEqualTo(2);
    assertThat(o.candidates()).hasSize(1);
    List<dev.agentops.llm.ChatMessage> second = model.requests().get(1).messages();
    assertThat(second.get(second.size() - 1).content()).contains("could not be used");
  }

  @Test
  void aReplyThatNeverFits_fallsBackToTheDeterministicExtractor_afterBoundedReasks() {
    ScriptedLanguageModel model =
        ScriptedLanguageModel.builder().otherwise(req -> "Here are the learnings: none").build();

    ModelLearningExtractor.Outcome o =
        ModelLearningExtractor.builder(model).maxAttempts(2).build().run(session(), ids);

    assertThat(model.requests()).hasSize(2);
    assertThat(o.fellBack()).isTrue();
    assertThat(o.fallbackReason()).startsWith("no usable reply in 2 attempts");
    assertThat(o.candidates())
        .extracting(Learning::kind)
        .contains(LearningKind.DECISION, LearningKind.FAILURE, LearningKind.FINDING);
  }

  @Test
  void aModelThatFails_fallsBackToo() {
    ScriptedLanguageModel model =
        ScriptedLanguageModel.builder()
            .fail(new ModelTimeoutException("scripted", Duration.ofSeconds(1), null))
            .build();

    ModelLearningExtractor.Outcome o =
        ModelLearningExtractor.builder(model).build().run(session(), ids);

    assertThat(o.fallbackReason()).contains("ModelTimeoutException");
    assertThat(o.candidates()).isNotEmpty();
  }

  @Test
  void withoutAFallback_aReplyThatNeverFits_isAnExtractionException() {
    ScriptedLanguageModel model =
        ScriptedLanguageModel.builder().otherwise(req -> "{\"learnings\": 3}").build();

    assertThatThrownBy(() ->
            ModelLearningExtractor.builder(model).noFallback().build().extract(session(), ids))
        .isInstanceOf(ExtractionException.class)
        .hasMessageStartingWith("extraction from session 's-0412' failed, and no fallback is set")
        .satisfies(e -> assertThat(((ExtractionException) e).session()).isEqualTo("s-0412"));
  }

  @Test
  void withOneAttempt_anUnusableReplyIsNotReasked() {
    ScriptedLanguageModel model = ScriptedLanguageModel.replying("not json", VALID);

    ModelLearningExtractor.Outcome o =
        ModelLearningExtractor.builder(model).maxAttempts(1).build().run(session(), ids);

    assertThat(model.requests()).hasSize(1);
    assertThat(o.fellBack()).isTrue();
    assertThat(o.fallbackReason()).contains("not valid JSON");
  }
}
