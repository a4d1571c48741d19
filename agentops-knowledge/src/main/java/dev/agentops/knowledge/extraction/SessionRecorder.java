package dev.agentops.knowledge.extraction;

import dev.agentops.Artifact;
import dev.agentops.hygiene.SecretRedactor;
import dev.agentops.knowledge.extraction.SessionRecord.ArtifactNote;
import dev.agentops.knowledge.extraction.SessionRecord.DeadEnd;
import dev.agentops.knowledge.extraction.SessionRecord.Decision;
import dev.agentops.knowledge.extraction.SessionRecord.Message;
import dev.agentops.knowledge.extraction.SessionRecord.VerdictNote;
import dev.agentops.knowledge.failure.FailureContext;
import dev.agentops.knowledge.failure.FailureOrigin;
import dev.agentops.knowledge.failure.FailureRecord;
import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRole;
import dev.agentops.store.RecordKey;
import dev.agentops.supervision.Failure;
import dev.agentops.validation.Verdict;
import dev.agentops.validation.VerdictStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Fills a {@link SessionRecord} while a session runs: the host reports messages, artifacts,
 * verdicts, failures, decisions and dead ends as they happen, and {@link #finish()} returns the
 * record.
 *
 * <p>The transcript is bounded: every message is redacted and cut to {@link
 * Builder#maxMessageChars(int)}, and once the messages kept exceed {@link
 * Builder#maxTranscriptChars(int)} the oldest are left out and counted. A FAIL verdict is also
 * recorded as a failure of the session's task. Thread-safe: the host may report from any thread.
 *
 * <pre>{@code
 * SessionRecorder rec = SessionRecorder.builder("s-0412", "add retries to the HTTP adapter")
 *     .workItem("ao-3f9k").clock(clock).build();
 * rec.message(ChatRole.USER, prompt);
 * rec.decision("Retry budget", "Retry 429 and 503 at most 3 times with jittered backoff.",
 *     "The provider's rate limits reset within 10 s; more retries only queue up.");
 * rec.deadEnd("Retrying inside the SSE stream", "Half-delivered events were duplicated", null);
 * rec.verdict(verdict);
 * SessionRecord record = rec.finish();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SessionRecorder {

  private final String id;
  private final String task;
  private final @Nullable String workItem;
  private final @Nullable String agent;
  private final Clock clock;
  private final SecretRedactor redactor;
  private final int maxTranscriptChars;
  private final int maxMessageChars;
  private final Supplier<String> failureIds;
  private final Instant startedAt;

  private final Deque<Message> transcript = new ArrayDeque<>();
  private long transcriptChars;
  private int omitted;
  private final List<ArtifactNote> artifacts = new ArrayList<>();
  private final List<VerdictNote> verdicts = new ArrayList<>();
  private final List<FailureRecord> failures = new ArrayList<>();
  private final List<Decision> decisions = new ArrayList<>();
  private final List<DeadEnd> deadEnds = new ArrayList<>();
  private @Nullable SessionRecord finished;

  private SessionRecorder(Builder b) {
    this.id = b.id;
    this.task = b.task;
    this.workItem = b.workItem;
    this.agent = b.agent;
    this.clock = b.clock;
    this.redactor = b.redactor;
    this.maxTranscriptChars = b.maxTranscriptChars;
    this.maxMessageChars = b.maxMessageChars;
    int[] n = {0};
    this.failureIds = b.failureIds != null ? b.failureIds : () -> b.id + "-f" + (++n[0]);
    this.startedAt = b.clock.instant();
  }

  /**
   * Starts recording a session.
   *
   * @param sessionId the session's id, a valid record id
   * @param task what the session is asked to do
   * @return a builder
   */
  public static Builder builder(String sessionId, String task) {
    return new Builder(sessionId, task);
  }

  /**
   * Returns the session's id.
   *
   * @return the id
   */
  public String sessionId() {
    return id;
  }

  /**
   * Records a message.
   *
   * @param role who said it
   * @param text what was said
   * @return this recorder
   */
  public synchronized SessionRecorder message(ChatRole role, String text) {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, "text");
    checkOpen();
    String kept = redactor.redactToString(text);
    if (kept.length() > maxMessageChars) {
      kept = kept.substring(0, maxMessageChars) + " [message truncated]";
    }
    transcript.addLast(new Message(role, kept));
    transcriptChars += kept.length();
    while (transcriptChars > maxTranscriptChars && transcript.size() > 1) {
      transcriptChars -= transcript.removeFirst().text().length();
      omitted++;
    }
    return this;
  }

  /**
   * Records a message.
   *
   * @param message the message
   * @return this recorder
   */
  public SessionRecorder message(ChatMessage message) {
    Objects.requireNonNull(message, "message");
    return message(message.role(), message.content());
  }

  /**
   * Records an artifact a phase produced (by reference: its name, author and content hash).
   *
   * @param phase the phase, such as {@code plan}
   * @param artifact the artifact
   * @return this recorder
   */
  public synchronized SessionRecorder artifact(String phase, Artifact artifact) {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(artifact, "artifact");
    checkOpen();
    artifacts.add(ArtifactNote.of(phase, artifact));
    return this;
  }

  /**
   * Records a verdict; a FAIL verdict is also recorded as a failure of the session's task.
   *
   * @param verdict the verdict
   * @return this recorder
   */
  public synchronized SessionRecorder verdict(Verdict verdict) {
    Objects.requireNonNull(verdict, "verdict");
    checkOpen();
    verdicts.add(VerdictNote.of(verdict));
    if (verdict.status() == VerdictStatus.FAIL) {
      failures.add(FailureRecord.fromVerdict(failureIds.get(), verdict, context(task)));
    }
    return this;
  }

  /**
   * Records a failure the host built itself.
   *
   * @param failure the failure
   * @return this recorder
   */
  public synchronized SessionRecorder failure(FailureRecord failure) {
    Objects.requireNonNull(failure, "failure");
    checkOpen();
    failures.add(failure);
    return this;
  }

  /**
   * Records a failure of an approach, with its class, signature and feedback, dated now.
   *
   * @param attempted what was attempted
   * @param failure how it failed
   * @return this recorder
   */
  public synchronized SessionRecorder failure(String attempted, Failure failure) {
    Objects.requireNonNull(failure, "failure");
    checkOpen();
    failures.add(
        FailureRecord.fromFailure(
            failureIds.get(),
            FailureOrigin.REPORTED,
            failure,
            context(attempted),
            null,
            clock.instant()));
    return this;
  }

  /**
   * Records an exception an approach raised, dated now.
   *
   * @param attempted what was attempted
   * @param error what was raised
   * @return this recorder
   */
  public synchronized SessionRecorder exception(String attempted, Throwable error) {
    Objects.requireNonNull(error, "error");
    checkOpen();
    failures.add(
        FailureRecord.fromException(failureIds.get(), error, context(attempted), clock.instant()));
    return this;
  }

  /**
   * Records a decision with its rationale.
   *
   * @param title what was decided, in a line
   * @param choice the choice
   * @param rationale why
   * @param alternatives what else was considered
   * @return this recorder
   * @throws IllegalArgumentException if the rationale is blank
   */
  public synchronized SessionRecorder decision(
      String title, String choice, String rationale, String... alternatives) {
    checkOpen();
    decisions.add(
        new Decision(
            redactor.redactToString(title),
            redactor.redactToString(choice),
            redactor.redactToString(Objects.requireNonNull(rationale, "rationale")),
            List.of(alternatives)));
    return this;
  }

  /**
   * Records a dead end.
   *
   * @param tried what was tried
   * @param why why it did not work
   * @param instead what worked instead, or {@code null}
   * @return this recorder
   */
  public synchronized SessionRecorder deadEnd(String tried, String why, @Nullable String instead) {
    checkOpen();
    deadEnds.add(
        new DeadEnd(
            redactor.redactToString(Objects.requireNonNull(tried, "tried")),
            redactor.redactToString(Objects.requireNonNull(why, "why")),
            instead == null ? null : redactor.redactToString(instead)));
    return this;
  }

  /**
   * Ends the session and returns its record; later calls return the same record, and nothing more
   * can be recorded.
   *
   * @return the record
   */
  public synchronized SessionRecord finish() {
    if (finished == null) {
      finished =
          new SessionRecord(
              id,
              task,
              workItem,
              agent,
              startedAt,
              clock.instant(),
              List.copyOf(transcript),
              omitted,
              artifacts,
              verdicts,
              failures,
              decisions,
              deadEnds,
              List.of());
    }
    return finished;
  }

  private FailureContext context(String attempted) {
    return new FailureContext(id, workItem, attempted, null);
  }

  private void checkOpen() {
    if (finished != null) {
      throw new IllegalStateException("session '" + id + "' is finished; nothing more is recorded");
    }
  }

  @Override
  public String toString() {
    return "SessionRecorder[" + id + "]";
  }

  /**
   * Builds a {@link SessionRecorder}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String id;
    private final String task;
    private @Nullable String workItem;
    private @Nullable String agent;
    private Clock clock = Clock.systemUTC();
    private SecretRedactor redactor = SecretRedactor.defaults();
    private int maxTranscriptChars = 200_000;
    private int maxMessageChars = 20_000;
    private @Nullable Supplier<String> failureIds;

    private Builder(String id, String task) {
      this.id = RecordKey.checkId(Objects.requireNonNull(id, "sessionId"));
      Objects.requireNonNull(task, "task");
      if (task.isBlank()) {
        throw new IllegalArgumentException("task of session '" + id + "' must not be blank");
      }
      this.task = task.strip();
    }

    /**
     * Sets the work item.
     *
     * @param workItem its id
     * @return this builder
     */
    public Builder workItem(String workItem) {
      this.workItem = Objects.requireNonNull(workItem, "workItem");
      return this;
    }

    /**
     * Sets the agent running the session.
     *
     * @param agent its id
     * @return this builder
     */
    public Builder agent(String agent) {
      this.agent = Objects.requireNonNull(agent, "agent");
      return this;
    }

    /**
     * Sets the clock the session is timed with.
     *
     * @param clock the clock; default the system's, in UTC
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the redactor applied to messages, decisions and dead ends.
     *
     * @param redactor the redactor; default {@link SecretRedactor#defaults()}
     * @return this builder
     */
    public Builder redactor(SecretRedactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /**
     * Sets the most characters of messages kept; the oldest are left out beyond it.
     *
     * @param chars at least 1; default 200,000
     * @return this builder
     */
    public Builder maxTranscriptChars(int chars) {
      this.maxTranscriptChars = positive("maxTranscriptChars", chars);
      return this;
    }

    /**
     * Sets the most characters kept of one message.
     *
     * @param chars at least 1; default 20,000
     * @return this builder
     */
    public Builder maxMessageChars(int chars) {
      this.maxMessageChars = positive("maxMessageChars", chars);
      return this;
    }

    /**
     * Sets the generator of the ids of the failures recorded.
     *
     * @param ids returns a new valid record id at each call; default {@code <session>-f<n>}
     * @return this builder
     */
    public Builder failureIds(Supplier<String> ids) {
      this.failureIds = Objects.requireNonNull(ids, "ids");
      return this;
    }

    /**
     * Starts recording.
     *
     * @return the recorder, its session started now
     */
    public SessionRecorder build() {
      return new SessionRecorder(this);
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be >= 1, but was " + value);
      }
      return value;
    }
  }
}
