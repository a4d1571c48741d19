package dev.agentops.knowledge.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentops.Artifact;
import dev.agentops.Provenance;
import dev.agentops.knowledge.KnowledgeRecords;
import dev.agentops.knowledge.Learning;
import dev.agentops.knowledge.LearningStatus;
import dev.agentops.knowledge.Maturity;
import dev.agentops.knowledge.failure.FailureContext;
import dev.agentops.knowledge.failure.FailureRecord;
import dev.agentops.knowledge.failure.FailureRecords;
import dev.agentops.llm.ChatRole;
import dev.agentops.llm.TokenUsage;
import dev.agentops.store.RecordCodec;
import dev.agentops.store.RecordKey;
import dev.agentops.store.StoredRecord;
import dev.agentops.supervision.Failure;
import dev.agentops.validation.Finding;
import dev.agentops.validation.JudgeVerdict;
import dev.agentops.validation.Severity;
import dev.agentops.validation.Verdict;
import dev.agentops.validation.VerdictStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LearningExtractor} must show, as a JUnit 5 test base: the clauses of
 * the SPI's javadoc, checked on a few sessions recorded through the public API (one that recorded
 * nothing, one that holds only a transcript, one that recorded decisions, a dead end, failures and
 * verdicts, and one whose host-built failure names no session).
 *
 * <pre>{@code
 * class MyExtractorContractTest extends LearningExtractorContract {
 *   @Override
 *   protected LearningExtractor extractor() {
 *     return new MyExtractor(ScriptedLanguageModel.builder().otherwise(req -> MY_REPLY).build());
 *   }
 *
 *   @Override
 *   protected Optional<LearningExtractor> failingExtractor() {
 *     return Optional.of(new MyExtractor(ScriptedLanguageModel.builder().otherwise(req -> "?").build()));
 *   }
 * }
 * }</pre>
 *
 * <p>Besides the SPI's clauses, a session that recorded decisions, a dead end, failures and
 * verdicts must yield candidates, so that an extractor that returns nothing cannot pass the rest
 * vacuously.
 *
 * <p><b>Where it lives, and why</b>: in the test jar of {@code agentops-knowledge} (depend on
 * {@code dev.agentops:agentops-knowledge} with {@code <type>test-jar</type>}, test scope and the
 * project's version, which the BOM does not manage, next to JUnit 5 and AssertJ), not in {@code
 * agentops-testkit}: the kit needs the knowledge module's types, and the knowledge module's own
 * tests depend on the testkit (for {@code ScriptedLanguageModel}), so a kit in the testkit would
 * make a cycle. The core module publishes its test support the same way. Only this class and what
 * it names are meant for extractor authors; the jar's other classes are this module's own tests.
 *
 * <p>Each test asks for a fresh extractor. Clauses that need something not every extractor has are
 * skipped when it is absent: determinism (see {@link #deterministic()}) and failure (see {@link
 * #failingExtractor()}).
 *
 * @since 0.1.0
 */
public abstract class LearningExtractorContract {

  /** When the contract's sessions start; each step of their clock is a minute later. */
  protected static final Instant STARTED = Instant.parse("2026-03-02T09:00:00Z");

  /** The shortest transcript sentence, in words, that a candidate must not copy verbatim. */
  private static final int COPY_WORDS = 6;

  /** Creates the contract; subclasses supply the extractor. */
  protected LearningExtractorContract() {}

  /**
   * Returns the extractor under test, with everything it depends on (a scripted model, say) ready
   * to answer any number of calls, from any thread. Called once per test.
   *
   * @return the extractor
   */
  protected abstract LearningExtractor extractor();

  /**
   * Tells whether the extractor returns equal candidates for equal records and ids, also when
   * called concurrently. Override to return {@code false} for one over a model that answers
   * differently each time.
   *
   * @return {@code true} by default
   */
  protected boolean deterministic() {
    return true;
  }

  /**
   * Returns an extractor of the same kind whose dependencies fail at every call (a model that never
   * gives a usable reply, without a fallback), to check that failures are {@link
   * ExtractionException}s naming the session; empty if the extractor cannot fail.
   *
   * @return the failing extractor, or empty
   */
  protected Optional<LearningExtractor> failingExtractor() {
    return Optional.empty();
  }

  // --- the sessions ---

  /**
   * A session that recorded nothing: a task, no messages.
   *
   * @return the record
   */
  protected static SessionRecord emptySession() {
    return SessionRecorder.builder("contract-empty", "look into the flaky build")
        .clock(stepping())
        .build()
        .finish();
  }

  /**
   * A session that holds only a transcript, full of sentences that read like lessons.
   *
   * @return the record
   */
  protected static SessionRecord transcriptOnlySession() {
    SessionRecorder rec =
        SessionRecorder.builder("contract-transcript", "speed up the integration tests")
            .workItem("ao-71")
            .clock(stepping())
            .build();
    transcript(rec);
    return rec.finish();
  }

  /**
   * A session that recorded through the API what extraction draws on: decisions with their
   * rationale, a dead end, a failure, an exception, a FAIL verdict with findings, an artifact, and
   * a transcript besides.
   *
   * @return the record
   */
  protected static SessionRecord recordedSession() {
    String id = "contract-recorded";
    SessionRecorder rec =
        SessionRecorder.builder(id, "add retries to the HTTP model adapter")
            .workItem("ao-3f9k")
            .agent("implementer-7")
            .clock(stepping())
            .build();
    transcript(rec);
    rec.artifact(
        "plan",
        Artifact.of(
            "plan for ao-3f9k",
            "1. Retry 429 and 503. 2. Honour Retry-After.",
            Provenance.builder()
                .author("planner-1")
                .model("test-model", "test")
                .session(id)
                .createdAt(STARTED)));
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
    rec.exception(
        "parse the `Retry-After` header as seconds",
        new NumberFormatException("For input string: \"Wed, 21 Oct 2026 07:28:00 GMT\""));
    rec.verdict(
        verdict(
            "vd-contract-1",
            id,
            new Finding(
                Severity.CRITICAL,
                "correctness",
                "The backoff in `RetryingModel` retries a 400 reply, which can never succeed",
                "RetryingModel.java:41",
                "Retry only 429, 503 and connection resets"),
            new Finding(
                Severity.SIGNIFICANT,
                "tests",
                "No test covers a `Retry-After` header that holds an HTTP date",
                null,
                null),
            Finding.of(Severity.MINOR, "style", "Rename a variable")));
    return rec.finish();
  }

  /**
   * A session whose host recorded a failure it built itself, naming no session and no work item,
   * dated before the session ended; the session has no work item either.
   *
   * @return the record
   */
  protected static SessionRecord hostFailureSession() {
    SessionRecorder rec =
        SessionRecorder.builder("contract-host-failure", "upgrade the Lucene index format")
            .clock(stepping())
            .build();
    rec.failure(
        FailureRecord.fromException(
            "contract-host-f1",
            new IllegalStateException("segments file written by Lucene 10 cannot be read by 9"),
            new FailureContext(null, null, "open the index written by the newer Lucene", null),
            STARTED));
    rec.decision(
        "Rebuild the index instead of migrating it",
        "Rebuild the Lucene index from the learnings on disk when its format is older than the"
            + " library's, rather than migrating segments in place.",
        "The index is derived data: a rebuild of 10,000 learnings takes under a minute, while an"
            + " in-place migration cannot be rolled back.");
    return rec.finish();
  }

  /**
   * Every session of the contract.
   *
   * @return the sessions
   */
  protected static List<SessionRecord> sessions() {
    return List.of(
        emptySession(), transcriptOnlySession(), recordedSession(), hostFailureSession());
  }

  private static void transcript(SessionRecorder rec) {
    rec.message(ChatRole.USER, "The integration tests take 14 minutes on CI; make them faster.");
    rec.message(
        ChatRole.ASSISTANT,
        "Let me look at the surefire reports first.\n"
            + "Always start the shared Postgres container once per module instead of once per"
            + " test class. The `@Testcontainers` reuse flag cut the run from 14 to 5 minutes on"
            + " my machine.\n"
            + "IMPORTANT: never run the migration tests in parallel with the schema tests, they"
            + " share one database.");
    rec.message(ChatRole.USER, "Good. Also check the Gradle build cache settings.");
    rec.message(
        ChatRole.ASSISTANT,
        "The build cache was disabled because someone set `org.gradle.caching=false` in"
            + " gradle.properties last year. Learned: remote caches need the same JDK on every"
            + " agent.");
  }

  private static Verdict verdict(String id, String session, Finding... findings) {
    return new Verdict(
        id,
        VerdictStatus.FAIL,
        0.9,
        "the council found a blocking problem",
        "diff for ao-3f9k",
        Provenance.builder()
            .author("implementer-7")
            .model("test-model", "test")
            .session(session)
            .workItem("ao-3f9k")
            .createdAt(STARTED)
            .content("diff")
            .build(),
        List.of(),
        List.<JudgeVerdict>of(),
        List.of(findings),
        TokenUsage.NONE,
        STARTED,
        Duration.ofSeconds(3));
  }

  /** A clock a minute later at each reading, so a session ends after it starts. */
  private static Clock stepping() {
    return new Clock() {
      private Instant next = STARTED;

      @Override
      public synchronized Instant instant() {
        Instant now = next;
        next = next.plusSeconds(60);
        return now;
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the contract's clock stays in UTC");
      }
    };
  }

  /** Hands out ids and remembers them. */
  private static final class Ids implements Supplier<String> {
    private final String prefix;
    private final List<String> given = new ArrayList<>();

    Ids(SessionRecord session) {
      this.prefix = "lrn-" + session.id() + "-";
    }

    @Override
    public synchronized String get() {
      String id = prefix + (given.size() + 1);
      given.add(id);
      return id;
    }

    synchronized List<String> given() {
      return List.copyOf(given);
    }
  }

  private List<Learning> extract(LearningExtractor extractor, SessionRecord session, Ids ids) {
    List<Learning> out = extractor.extract(session, ids);
    assertThat(out).as("the candidates of session '%s'", session.id()).isNotNull();
    return out;
  }

  // --- the clauses ---

  @Test
  void anEmptySession_yieldsAList_neverAnException() {
    SessionRecord empty = emptySession();

    List<Learning> out = extract(extractor(), empty, new Ids(empty));

    assertThat(out).doesNotContainNull();
  }

  @Test
  void everyCandidate_hasItsOwnIdFromTheSupplier() {
    LearningExtractor extractor = extractor();
    for (SessionRecord s : sessions()) {
      Ids ids = new Ids(s);
      List<Learning> out = extract(extractor, s, ids);
      assertThat(out)
          .as("ids of the candidates of '%s'", s.id())
          .extracting(Learning::id)
          .doesNotHaveDuplicates()
          .allSatisfy(id -> assertThat(ids.given()).contains(id));
    }
  }

  @Test
  void aRecordedSession_yieldsCandidates() {
    SessionRecord s = recordedSession();

    assertThat(extract(extractor(), s, new Ids(s)))
        .as("a session that recorded decisions, a dead end, failures and verdicts")
        .isNotEmpty();
  }

  @Test
  void everyCandidate_isPending_datedWhenTheSessionEnded_andNew() {
    LearningExtractor extractor = extractor();
    for (SessionRecord s : sessions()) {
      for (Learning l : extract(extractor, s, new Ids(s))) {
        assertThat(l.status())
            .as("status of %s from '%s'", l, s.id())
            .isEqualTo(LearningStatus.PENDING);
        assertThat(l.created()).as("created of %s from '%s'", l, s.id()).isEqualTo(s.endedAt());
        assertThat(l.lastCited()).as("lastCited of %s", l).isNull();
        assertThat(l.feedbackCount()).as("feedbackCount of %s", l).isZero();
        assertThat(l.maturity()).as("maturity of %s", l).isEqualTo(Maturity.PROVISIONAL);
        assertThat(l.supersedes()).as("supersedes of %s", l).isEmpty();
        assertThat(l.supersededBy()).as("supersededBy of %s", l).isNull();
      }
    }
  }

  @Test
  void everyCandidate_roundTripsThroughTheStoresCodec() {
    RecordCodec<Learning> codec = KnowledgeRecords.codec();
    LearningExtractor extractor = extractor();
    for (SessionRecord s : sessions()) {
      for (Learning l : extract(extractor, s, new Ids(s))) {
        String content = codec.encode(l, null);
        Learning back =
            codec.decode(
                new StoredRecord(
                    RecordKey.of(KnowledgeRecords.LEARNINGS, l.id()), 1, codec.format(), content));
        assertThat(back).as("%s read back from:%n%s", l, content).isEqualTo(l);
      }
    }
  }

  @Test
  void provenance_isNeverInvented() {
    LearningExtractor extractor = extractor();
    for (SessionRecord s : sessions()) {
      Set<String> workItems = new HashSet<>();
      if (s.workItem() != null) {
        workItems.add(s.workItem());
      }
      Set<String> artifacts = new HashSet<>();
      artifacts.add(SessionRecords.COLLECTION + "/" + s.id());
      s.verdicts().forEach(v -> artifacts.add(v.id()));
      s.artifacts().forEach(a -> artifacts.add(a.name()));
      for (FailureRecord f : s.failures()) {
        artifacts.add(FailureRecords.COLLECTION + "/" + f.id());
        if (f.workItem() != null) {
          workItems.add(f.workItem());
        }
      }
      for (Learning l : extract(extractor, s, new Ids(s))) {
        assertThat(l.source().session()).as("the session of %s", l).isEqualTo(s.id());
        if (l.source().workItem() != null) {
          assertThat(workItems).as("the work item of %s", l).contains(l.source().workItem());
        }
        if (l.source().artifact() != null) {
          assertThat(artifacts).as("the artifact of %s", l).contains(l.source().artifact());
        }
      }
    }
  }

  @Test
  void aTranscriptAlone_isNeverCutIntoCandidates() {
    LearningExtractor extractor = extractor();
    for (SessionRecord s : List.of(transcriptOnlySession(), recordedSession())) {
      List<String> sentences = new ArrayList<>();
      for (SessionRecord.Message m : s.transcript()) {
        for (String sentence : m.text().split("(?<=[.!?:])\\s+|\\n")) {
          String t = normalize(sentence);
          if (t.split(" ").length >= COPY_WORDS) {
            sentences.add(t);
          }
        }
      }
      assertThat(sentences).as("the contract's transcript").hasSizeGreaterThan(3);
      for (Learning l : extract(extractor, s, new Ids(s))) {
        String text = normalize(String.join(" ", l.title(), l.what(), l.why(), l.context()));
        for (String sentence : sentences) {
          assertThat(text)
              .as("%s of '%s' copies a sentence of the transcript", l, s.id())
              .doesNotContain(sentence);
        }
      }
    }
  }

  @Test
  void theSameRecordAndIds_giveTheSameCandidates() {
    assumeTrue(deterministic(), "the extractor does not declare itself deterministic");
    LearningExtractor extractor = extractor();
    for (SessionRecord s : sessions()) {
      assertThat(extract(extractor, s, new Ids(s)))
          .as("a second extraction of '%s'", s.id())
          .isEqualTo(extract(extractor, s, new Ids(s)));
    }
  }

  @Test
  void concurrentCalls_giveWhatSequentialCallsGive() throws Exception {
    assumeTrue(deterministic(), "the extractor does not declare itself deterministic");
    LearningExtractor extractor = extractor();
    List<SessionRecord> sessions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sessions.addAll(sessions());
    }
    List<List<Learning>> sequential = new ArrayList<>();
    for (SessionRecord s : sessions) {
      sequential.add(extract(extractor, s, new Ids(s)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Learning>>> futures = new ArrayList<>();
      for (SessionRecord s : sessions) {
        futures.add(pool.submit(() -> extractor.extract(s, new Ids(s))));
      }
      for (int i = 0; i < sessions.size(); i++) {
        List<Learning> concurrent;
        try {
          concurrent = futures.get(i).get(1, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
          throw new AssertionError(
              "a concurrent extraction of '"
                  + sessions.get(i).id()
                  + "' did not finish within a minute (a deadlock, or an extractor that blocks"
                  + " on another call?)",
              e);
        }
        assertThat(concurrent)
            .as("a concurrent extraction of '%s'", sessions.get(i).id())
            .isEqualTo(sequential.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailure_isAnExtractionException_namingTheSession() {
    Optional<LearningExtractor> failing = failingExtractor();
    assumeTrue(failing.isPresent(), "the extractor cannot fail");
    SessionRecord s = recordedSession();

    Throwable thrown = catchThrowable(() -> failing.get().extract(s, new Ids(s)));

    assertThat(thrown).isInstanceOf(ExtractionException.class);
    assertThat(((ExtractionException) thrown).session()).isEqualTo(s.id());
    assertThat(thrown).hasMessageContaining(s.id());
  }

  @Test
  void nullArguments_areNullPointerExceptions() {
    LearningExtractor extractor = extractor();
    SessionRecord s = recordedSession();

    assertThatThrownBy(() -> extractor.extract(null, new Ids(s)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> extractor.extract(s, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theName_isNotBlank() {
    assertThat(extractor().name()).isNotBlank();
  }

  private static String normalize(String s) {
    return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
