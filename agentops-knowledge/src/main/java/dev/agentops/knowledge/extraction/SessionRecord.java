package dev.agentops.knowledge.extraction;

import dev.agentops.Artifact;
import dev.agentops.knowledge.failure.FailureRecord;
import dev.agentops.llm.ChatRole;
import dev.agentops.store.RecordKey;
import dev.agentops.validation.Finding;
import dev.agentops.validation.Verdict;
import dev.agentops.validation.VerdictStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one session did (Factor VII): its task, its messages (bounded, secrets redacted), the
 * artifacts of its phases, the verdicts on them, its failures, the decisions it made with their
 * rationale, the dead ends it hit, and the ids of the learnings extracted from it.
 *
 * <p>Stored as JSON in the {@value SessionRecords#COLLECTION} collection under the session's id
 * ({@link SessionRecords}); built during the session by a {@link SessionRecorder}. Immutable.
 *
 * @param id the session's id, a valid record id
 * @param task what the session was asked to do
 * @param workItem the work item it worked on, or {@code null}
 * @param agent the agent that ran it, or {@code null}
 * @param startedAt when it started
 * @param endedAt when it ended, not before it started
 * @param transcript its messages, oldest first, as the recorder kept them
 * @param omittedMessages how many of the oldest messages the recorder left out to keep within its
 *     bound
 * @param artifacts what its phases produced
 * @param verdicts what validation said about its artifacts
 * @param failures what failed, with its context
 * @param decisions what it decided, with the rationale
 * @param deadEnds what it tried that did not work, and why
 * @param learnings the ids of the learnings kept from it, once extracted
 * @since 0.1.0
 */
public record SessionRecord(
    String id,
    String task,
    @Nullable String workItem,
    @Nullable String agent,
    Instant startedAt,
    Instant endedAt,
    List<Message> transcript,
    int omittedMessages,
    List<ArtifactNote> artifacts,
    List<VerdictNote> verdicts,
    List<FailureRecord> failures,
    List<Decision> decisions,
    List<DeadEnd> deadEnds,
    List<String> learnings) {

  /**
   * Checks the components.
   *
   * @param id the id
   * @param task the task
   * @param workItem the work item
   * @param agent the agent
   * @param startedAt when started
   * @param endedAt when ended
   * @param transcript the messages
   * @param omittedMessages the messages left out
   * @param artifacts the artifacts
   * @param verdicts the verdicts
   * @param failures the failures
   * @param decisions the decisions
   * @param deadEnds the dead ends
   * @param learnings the learnings' ids
   * @throws IllegalArgumentException naming the component that is blank or out of range
   */
  public SessionRecord {
    RecordKey.checkId(Objects.requireNonNull(id, "id"));
    task = requireText("session record '" + id + "'", "task", task);
    workItem = blankToNull(workItem);
    agent = blankToNull(agent);
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    if (endedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException(
          "session record '"
              + id
              + "' must end after it starts, but ended "
              + endedAt
              + " before "
              + startedAt);
    }
    transcript = copy(transcript);
    if (omittedMessages < 0) {
      throw new IllegalArgumentException(
          "omittedMessages of session record '"
              + id
              + "' must be >= 0, but was "
              + omittedMessages);
    }
    artifacts = copy(artifacts);
    verdicts = copy(verdicts);
    failures = copy(failures);
    decisions = copy(decisions);
    deadEnds = copy(deadEnds);
    learnings = copy(learnings);
    learnings.forEach(RecordKey::checkId);
  }

  /**
   * Returns this record with the ids of the learnings kept from it.
   *
   * @param learningIds the learnings' ids
   * @return a copy
   */
  public SessionRecord withLearnings(List<String> learningIds) {
    return new SessionRecord(
        id,
        task,
        workItem,
        agent,
        startedAt,
        endedAt,
        transcript,
        omittedMessages,
        artifacts,
        verdicts,
        failures,
        decisions,
        deadEnds,
        learningIds);
  }

  /**
   * One message of the transcript.
   *
   * @param role who said it
   * @param text what was said, secrets redacted
   * @since 0.1.0
   */
  public record Message(ChatRole role, String text) {
    /**
     * Checks the components.
     *
     * @param role the role
     * @param text the text
     */
    public Message {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * An artifact a phase produced, by reference: its content stays where it is kept.
   *
   * @param phase the phase that produced it, such as {@code plan} or {@code implement}
   * @param name what it is
   * @param author the agent that wrote it
   * @param contentHash the SHA-256 of its content
   * @since 0.1.0
   */
  public record ArtifactNote(String phase, String name, String author, String contentHash) {
    /**
     * Checks the components.
     *
     * @param phase the phase
     * @param name the name
     * @param author the author
     * @param contentHash the content hash
     */
    public ArtifactNote {
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(author, "author");
      Objects.requireNonNull(contentHash, "contentHash");
    }

    /**
     * Notes an artifact.
     *
     * @param phase the phase that produced it
     * @param artifact the artifact
     * @return the note
     */
    public static ArtifactNote of(String phase, Artifact artifact) {
      return new ArtifactNote(
          phase,
          artifact.name(),
          artifact.provenance().authorAgentId(),
          artifact.provenance().contentHash());
    }
  }

  /**
   * A verdict, as far as extraction needs it: its id (the verdict itself is in the {@code verdicts}
   * collection), outcome, summary and findings.
   *
   * @param id the verdict's id
   * @param status its outcome
   * @param summary why, in a line
   * @param artifactName what was validated
   * @param findings what the judges found, most severe first
   * @since 0.1.0
   */
  public record VerdictNote(
      String id,
      VerdictStatus status,
      String summary,
      String artifactName,
      List<Finding> findings) {
    /**
     * Checks the components.
     *
     * @param id the id
     * @param status the status
     * @param summary the summary
     * @param artifactName the artifact
     * @param findings the findings
     */
    public VerdictNote {
      RecordKey.checkId(Objects.requireNonNull(id, "id"));
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(artifactName, "artifactName");
      findings = List.copyOf(findings == null ? List.of() : findings);
    }

    /**
     * Notes a verdict.
     *
     * @param verdict the verdict
     * @return the note
     */
    public static VerdictNote of(Verdict verdict) {
      return new VerdictNote(
          verdict.id(),
          verdict.status(),
          verdict.summary(),
          verdict.artifactName(),
          verdict.findings());
    }
  }

  /**
   * A decision the session made, with its rationale (Factor VII: decisions are recorded with
   * rationale, not just outcomes).
   *
   * @param title what was decided, in a line
   * @param choice the choice, in a sentence or two
   * @param rationale why; never blank
   * @param alternatives what else was considered
   * @since 0.1.0
   */
  public record Decision(String title, String choice, String rationale, List<String> alternatives) {
    /**
     * Checks the components.
     *
     * @param title the title
     * @param choice the choice
     * @param rationale the rationale
     * @param alternatives the alternatives
     * @throws IllegalArgumentException if the title, choice or rationale is blank
     */
    public Decision {
      title = requireText("a decision", "title", title);
      choice = requireText("a decision", "choice", choice);
      rationale = requireText("decision '" + title + "'", "rationale", rationale);
      alternatives = List.copyOf(alternatives == null ? List.of() : alternatives);
    }
  }

  /**
   * Something the session tried that did not work, and why (Factor VII: dead ends are documented).
   *
   * @param tried what was tried
   * @param why why it did not work; never blank
   * @param instead what worked instead, or {@code null} if nothing did
   * @since 0.1.0
   */
  public record DeadEnd(String tried, String why, @Nullable String instead) {
    /**
     * Checks the components.
     *
     * @param tried what was tried
     * @param why why it failed
     * @param instead what worked instead
     * @throws IllegalArgumentException if {@code tried} or {@code why} is blank
     */
    public DeadEnd {
      tried = requireText("a dead end", "tried", tried);
      why = requireText("a dead end", "why", why);
      instead = blankToNull(instead);
    }
  }

  private static <T> List<T> copy(@Nullable List<T> list) {
    return List.copyOf(list == null ? List.of() : list);
  }

  private static String requireText(String owner, String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " of " + owner + " must not be blank");
    }
    return value.strip();
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
