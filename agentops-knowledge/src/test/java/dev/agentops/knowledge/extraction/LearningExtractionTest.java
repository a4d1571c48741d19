package dev.agentops.knowledge.extraction;

import static dev.agentops.knowledge.failure.FailureFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.Artifact;
import dev.agentops.Provenance;
import dev.agentops.knowledge.GateDecision;
import dev.agentops.knowledge.KnowledgeFlywheel;
import dev.agentops.knowledge.Learning;
import dev.agentops.knowledge.LearningKind;
import dev.agentops.knowledge.failure.DetectionRule;
import dev.agentops.knowledge.failure.FailureContext;
import dev.agentops.knowledge.failure.FailureHarvester;
import dev.agentops.knowledge.failure.FailureRecord;
import dev.agentops.knowledge.failure.FailureRecords;
import dev.agentops.llm.ChatRole;
import dev.agentops.store.GitStore;
import dev.agentops.store.Store;
import dev.agentops.supervision.Failure;
import dev.agentops.validation.Finding;
import dev.agentops.validation.Severity;
import dev.agentops.validation.VerdictStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningExtractionTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path tmp;
  final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  final AtomicInteger learningIds = new AtomicInteger();
  Store store;

  @BeforeEach
  void open() {
    store = GitStore.builder(tmp.resolve("repo")).create(true).clock(clock).build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  KnowledgeFlywheel flywheel() {
    return KnowledgeFlywheel.builder(store)
        .clock(clock)
        .writer("test")
        .ids(() -> "lrn-" + learningIds.incrementAndGet())
        .build();
  }

  /** A session as a host would record it: messages, a plan, decisions, a dead end, a failure. */
  static SessionRecorder realistic(Clock clock) {
    SessionRecorder rec =
        SessionRecorder.builder("s-0412", "add retries to the HTTP model adapter")
            .workItem("ao-3f9k")
            .agent("implementer-7")
            .clock(clock)
            .build();
    rec.message(ChatRole.USER, "Add retries to OpenAiCompatibleModel for 429 and 503 replies.");
    rec.message(
        ChatRole.ASSISTANT,
        "I will wrap the call; the API key is sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd.");
    rec.artifact(
        "plan",
        Artifact.of(
            "plan for ao-3f9k",
            "1. Retry 429 and 503. 2. Honour Retry-After.",
            Provenance.builder()
                .author("planner-1")
                .model("test-model", "test")
                .session("s-0412")
                .createdAt(T0)));
    rec.decision(
        "Retry 429 and 503 at most 3 times",
        "Retry HTTP 429 and 503 replies at most 3 times with jittered exponential backoff, and"
            + " honour the `Retry-After` header when the provider sends it.",
        "The provider's rate limits reset within 10 s; more retries only queue up behind the"
            + " limit and hide outages from the supervisor.",
        "retry every 5xx",
        "no retries, leave it to the supervisor");
    rec.deadEnd(
        "Retrying inside the SSE stream reader",
        "Half-delivered events were delivered twice to `onText` after a reconnect",
        "Retry only before the first byte of the body arrives");
    rec.failure(
        "stream replies through `HttpClient.sendAsync` with a 5 s read timeout",
        Failure.of(
            "test-failure",
            "StreamingTest.longReply timed out after 5000 ms",
            "Replies longer than 5 s were cut off; the read timeout applies to the whole body."));
    rec.verdict(
        verdict(
            "vd-20260301-1",
            VerdictStatus.WARN,
            "s-0412",
            T0,
            new Finding(
                Severity.SIGNIFICANT,
                "correctness",
                "The backoff in `RetryingModel` ignores the `Retry-After` header when it holds an"
                    + " HTTP date instead of seconds",
                "RetryingModel.java:57",
                "Parse both forms of `Retry-After` with `DateTimeFormatter.RFC_1123_DATE_TIME`"),
            Finding.of(Severity.MINOR, "style", "Rename a variable")));
    return rec;
  }

  @Nested
  class SessionRecordsInGit {

    @Test
    void aSessionRecord_roundTripsThroughTheStore_withItsFailures() {
      SessionRecord record = realistic(clock).finish();

      assertThat(SessionRecords.of(store).save(record).committed()).isTrue();

      assertThat(SessionRecords.of(store).find("s-0412").orElseThrow().value()).isEqualTo(record);
      assertThat(FailureRecords.of(store).get("s-0412-f1").orElseThrow().value())
          .isEqualTo(record.failures().get(0));
      assertThat(
              store
                  .read(dev.agentops.store.RecordKey.of("sessions", "s-0412"))
                  .orElseThrow()
                  .content())
          .contains("\"schemaVersion\" : 1")
          .doesNotContain("sk-proj-AbCdEf");
    }

    @Test
    void theTranscript_isBounded_keepingTheNewestMessages() {
      SessionRecorder rec =
          SessionRecorder.builder("s-1", "a task").clock(clock).maxTranscriptChars(25).build();
      rec.message(ChatRole.USER, "0123456789");
      rec.message(ChatRole.ASSISTANT, "abcdefghij");
      rec.message(ChatRole.USER, "ABCDEFGHIJ");

      SessionRecord r = rec.finish();

      assertThat(r.transcript())
          .extracting(SessionRecord.Message::text)
          .containsExactly("abcdefghij", "ABCDEFGHIJ");
      assertThat(r.omittedMessages()).isEqualTo(1);
      assertThatThrownBy(() -> rec.message(ChatRole.USER, "late"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'s-1' is finished");
    }

    @Test
    void aDecisionWithoutRationale_isRefusedWhereItIsRecorded() {
      SessionRecorder rec = SessionRecorder.builder("s-1", "a task").clock(clock).build();

      assertThatThrownBy(() -> rec.decision("Use Gradle", "Use Gradle for the build.", " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rationale of decision 'Use Gradle' must not be blank");
    }
  }

  @Nested
  class Deterministic {

    @Test
    void everySession_yieldsARecordWithLearningsDecisionsAndDeadEnds() {
      try (KnowledgeFlywheel f = flywheel()) {
        SessionRecord record = realistic(clock).finish();

        ExtractionReport report = LearningExtraction.builder(f, store).build().extract(record);

        SessionRecord stored = SessionRecords.of(store).find("s-0412").orElseThrow().value();
        assertThat(stored.decisions())
            .singleElement()
            .satisfies(d -> assertThat(d.rationale()).contains("rate limits reset"));
        assertThat(stored.deadEnds()).hasSize(1);
        assertThat(stored.learnings()).isNotEmpty().isEqualTo(report.kept());
        assertThat(report.fallbackReason()).isNull();
        assertThat(report.extractor()).isEqualTo("deterministic");
      }
    }

    @Test
    void theCandidatesOfARealisticSession_allPassTheGate_withProvenance() {
      try (KnowledgeFlywheel f = flywheel()) {
        ExtractionReport report =
            LearningExtraction.builder(f, store).build().extract(realistic(clock).finish());

        assertThat(report.decisions())
            .extracting(d -> d.candidate().kind())
            .containsExactly(
                LearningKind.DECISION,
                LearningKind.FAILURE,
                LearningKind.FAILURE,
                LearningKind.FINDING);
        assertThat(report.decisions())
            .allSatisfy(d -> assertThat(d.kind()).isEqualTo(GateDecision.Kind.ACCEPTED));
        List<Learning> kept = report.kept().stream().map(id -> f.get(id).orElseThrow()).toList();
        assertThat(kept)
            .allSatisfy(l -> {
              assertThat(l.source().session()).isEqualTo("s-0412");
              assertThat(l.source().workItem()).isEqualTo("ao-3f9k");
            });
        assertThat(kept.get(0).why()).contains("rate limits reset");
        assertThat(kept.get(2).what())
            .startsWith("Before you stream replies through `HttpClient.sendAsync`");
        assertThat(kept.get(3).source().artifact()).isEqualTo("vd-20260301-1");
      }
    }

    @Test
    void fragmentsRecordedThroughTheApi_areDiscardedByTheGate() {
      try (KnowledgeFlywheel f = flywheel()) {
        SessionRecorder rec = SessionRecorder.builder("s-2", "tidy the build").clock(clock).build();
        rec.decision("Shell", "till running", "Let me wait for the remaining agents");
        rec.deadEnd("**Retry loop", "see the table below:", null);
        rec.verdict(
            verdict(
                "vd-2",
                VerdictStatus.WARN,
                "s-2",
                T0,
                Finding.of(
                    Severity.CRITICAL, "tests", "and then the build broke because of the,")));

        ExtractionReport report =
            LearningExtraction.builder(f, store).build().extract(rec.finish());

        assertThat(report.decisions())
            .hasSize(3)
            .allSatisfy(d -> assertThat(d.kind()).isEqualTo(GateDecision.Kind.DISCARDED));
        assertThat(report.kept()).isEmpty();
        assertThat(f.learnings()).isEmpty();
      }
    }

    @Test
    void aFailuresRule_isStoredWithTheLearningKept_andCompilesToAGate() {
      try (KnowledgeFlywheel f = flywheel()) {
        SessionRecorder rec = realistic(clock);
        rec.failure(
            FailureRecord.fromFailure(
                "s-0412-custom",
                dev.agentops.knowledge.failure.FailureOrigin.REPORTED,
                Failure.of(
                    "build-failure",
                    "System.exit in library code",
                    "Calling System.exit from the adapter killed the test JVM."),
                FailureContext.of("s-0412", "exit the JVM from the adapter on a fatal error")
                    .withRule(DetectionRule.literal("System.exit(")),
                null,
                T0));

        ExtractionReport report =
            LearningExtraction.builder(f, store).build().extract(rec.finish());

        FailureHarvester harvester = FailureHarvester.builder(store).build();
        assertThat(harvester.gates(f.learnings()))
            .singleElement()
            .satisfies(g -> assertThat(report.kept()).contains(g.learningId()));
      }
    }

    @Test
    void anExtractorThatThrows_fallsBackToTheDeterministicOne_andSaysWhy() {
      try (KnowledgeFlywheel f = flywheel()) {
        LearningExtractor broken =
            (s, ids) -> {
              throw new IllegalStateException("boom");
            };

        ExtractionReport report =
            LearningExtraction.builder(f, store)
                .extractor(broken)
                .build()
                .extract(realistic(clock).finish());

        assertThat(report.fallbackReason()).contains("IllegalStateException");
        assertThat(report.kept()).hasSize(4);
      }
    }
  }
}
