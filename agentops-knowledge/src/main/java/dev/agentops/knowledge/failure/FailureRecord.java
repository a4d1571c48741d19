package dev.agentops.knowledge.failure;

import dev.agentops.hygiene.SecretRedactor;
import dev.agentops.ratchet.AttemptResult;
import dev.agentops.store.RecordKey;
import dev.agentops.supervision.Escalation;
import dev.agentops.supervision.FailedAttempt;
import dev.agentops.supervision.Failure;
import dev.agentops.validation.Finding;
import dev.agentops.validation.Verdict;
import dev.agentops.validation.VerdictStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A failed attempt stored with its context (Factor XII: failed attempts are data): what was
 * attempted, in which session and for which work item, how it failed (a class and a signature that
 * identifies the same failure elsewhere), the details, what to check before trying it again, and
 * where it was seen (the verdict's id, the exception's type, the escalation, the Brownian attempt).
 *
 * <p>Stored as JSON in the {@value FailureRecords#COLLECTION} collection ({@link FailureRecords}).
 * The compact constructor redacts secrets from every text and bounds it, so a record can be
 * committed and shown to a model as it is. Build records from their sources with the static
 * factories ({@link #fromVerdict}, {@link #fromException}, {@link #fromEscalation}, {@link
 * #fromSupervisedAttempt}, {@link #fromBrownianAttempt}), or directly for a failure the host
 * reports itself.
 *
 * @param id the record's id, a valid record id
 * @param origin where the failure was seen
 * @param session the session the attempt ran in, or {@code null} if unknown
 * @param workItem the work item it was for, or {@code null} if unknown
 * @param attempted what was attempted, as a phrase ("bump Lucene without reindexing"); at most
 *     {@value #MAX_TEXT_CHARS} characters
 * @param failureClass what kind of failure, as supervision names them ({@code test-failure}, {@code
 *     exception}, {@code verdict-fail}): 1 to 63 lower-case letters, digits or {@code -}
 * @param signature what identifies the failure wherever it happens (a failing gate or test, an
 *     exception type, a normalized message); at most {@value Failure#MAX_SIGNATURE_CHARS}
 *     characters
 * @param detail what happened; at most {@value #MAX_DETAIL_CHARS} characters
 * @param check what to check before the approach is tried again: the "check Y" of the detection
 *     question "before you do X, check Y?"; at most {@value #MAX_TEXT_CHARS} characters
 * @param reference the verdict id, exception type, escalation reason or attempt index the failure
 *     came from, or {@code null}
 * @param at when it failed
 * @param rule how to recognize the approach in an artifact, or {@code null} if not known
 * @since 0.1.0
 */
public record FailureRecord(
    String id,
    FailureOrigin origin,
    @Nullable String session,
    @Nullable String workItem,
    String attempted,
    String failureClass,
    String signature,
    String detail,
    String check,
    @Nullable String reference,
    Instant at,
    @Nullable DetectionRule rule) {

  /** The longest {@link #attempted()} and {@link #check()} kept, in characters. */
  public static final int MAX_TEXT_CHARS = 500;

  /** The longest {@link #detail()} kept, in characters. */
  public static final int MAX_DETAIL_CHARS = 3_000;

  /** The failure class of a FAIL verdict decided by its judges. */
  public static final String VERDICT_FAIL = "verdict-fail";

  /** The failure class of a FAIL verdict decided by a deterministic gate. */
  public static final String GATE_FAILURE = "gate-failure";

  /**
   * Checks the components, redacts secrets from the texts and bounds them.
   *
   * @param id the id
   * @param origin the origin
   * @param session the session
   * @param workItem the work item
   * @param attempted what was attempted
   * @param failureClass the class
   * @param signature the signature
   * @param detail what happened
   * @param check what to check next time
   * @param reference where it came from
   * @param at when
   * @param rule the detection rule
   * @throws IllegalArgumentException naming the field that is blank or malformed
   */
  public FailureRecord {
    RecordKey.checkId(Objects.requireNonNull(id, "id"));
    Objects.requireNonNull(origin, "origin");
    session = blankToNull(session);
    workItem = blankToNull(workItem);
    attempted = text(id, "attempted", attempted, MAX_TEXT_CHARS);
    Failure.checkClass(failureClass);
    signature = text(id, "signature", signature, Failure.MAX_SIGNATURE_CHARS);
    detail = text(id, "detail", detail, MAX_DETAIL_CHARS);
    check = text(id, "check", check, MAX_TEXT_CHARS);
    reference = blankToNull(reference);
    if (reference != null) {
      reference = cut(SecretRedactor.defaults().redactToString(reference), 200);
    }
    Objects.requireNonNull(at, "at");
  }

  /**
   * Returns the key that identifies this failure across sessions: its class and its signature,
   * normalized by {@link FailureSignatures#normalize(String)}.
   *
   * @return such as {@code test-failure:FooTest#n fails with timeout after #ms}
   */
  public String signatureKey() {
    return failureClass + ":" + FailureSignatures.normalize(signature);
  }

  /**
   * Returns the detection question: "Before you &lt;attempted&gt;, check &lt;check&gt;?".
   *
   * @return the question
   */
  public String question() {
    String a = attempted.endsWith(".") ? attempted.substring(0, attempted.length() - 1) : attempted;
    String c =
        check.endsWith(".") || check.endsWith("?") ? check.substring(0, check.length() - 1) : check;
    return "Before you " + lowerFirst(a) + ", check " + c + "?";
  }

  /**
   * Records a FAIL verdict: class {@value #GATE_FAILURE} with the first failing gate as the
   * signature if a deterministic gate failed, else {@value #VERDICT_FAIL} with the most severe
   * finding's category and description.
   *
   * @param id the record's id
   * @param verdict the verdict, with status FAIL
   * @param context what was attempted
   * @return the record, dated when the verdict was reached
   * @throws IllegalArgumentException if the verdict is not a FAIL
   */
  public static FailureRecord fromVerdict(String id, Verdict verdict, FailureContext context) {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(context, "context");
    if (verdict.status() != VerdictStatus.FAIL) {
      throw new IllegalArgumentException(
          "only a FAIL verdict is a failure, but verdict '"
              + verdict.id()
              + "' is "
              + verdict.status());
    }
    String failureClass;
    String signature;
    String check;
    StringBuilder detail = new StringBuilder(verdict.summary());
    var failedGate = verdict.gates().stream().filter(g -> !g.passed()).findFirst();
    Finding worst = verdict.findings().isEmpty() ? null : verdict.findings().get(0);
    if (failedGate.isPresent()) {
      failureClass = GATE_FAILURE;
      signature = "gate " + failedGate.get().gate() + " " + failedGate.get().status();
      check = "whether the " + failedGate.get().gate() + " gate passes first";
      detail
          .append("\nGate ")
          .append(failedGate.get().gate())
          .append(": ")
          .append(failedGate.get().summary());
    } else if (worst != null) {
      failureClass = VERDICT_FAIL;
      signature = worst.category() + ": " + worst.description();
      check =
          "whether this still holds: "
              + worst.description()
              + (worst.recommendation() == null
                  ? ""
                  : " (recommended: " + worst.recommendation() + ")");
    } else {
      failureClass = VERDICT_FAIL;
      signature = verdict.summary().isBlank() ? "verdict FAIL" : verdict.summary();
      check =
          "why validation failed last time: "
              + (verdict.summary().isBlank() ? "no summary was given" : verdict.summary());
    }
    for (Finding f : verdict.findings()) {
      detail
          .append("\n- ")
          .append(f.severity())
          .append(' ')
          .append(f.category())
          .append(": ")
          .append(f.description());
    }
    String session = context.session() != null ? context.session() : verdict.artifact().sessionId();
    String workItem =
        context.workItem() != null ? context.workItem() : verdict.artifact().workItemId();
    return new FailureRecord(
        id,
        FailureOrigin.VERDICT,
        session,
        workItem,
        context.attempted(),
        failureClass,
        signature,
        detail.toString(),
        check,
        verdict.id(),
        verdict.createdAt(),
        context.rule());
  }

  /**
   * Records an exception an attempt raised: class {@value Failure#EXCEPTION}, the exception's type
   * as the signature, its type and message (never its stack) as the detail.
   *
   * @param id the record's id
   * @param error what was raised
   * @param context what was attempted
   * @param at when
   * @return the record
   */
  public static FailureRecord fromException(
      String id, Throwable error, FailureContext context, Instant at) {
    Failure f = Failure.fromException(Objects.requireNonNull(error, "error"));
    return from(
        id,
        FailureOrigin.EXCEPTION,
        f,
        context,
        error.getClass().getName(),
        at,
        "whether it can still raise " + error.getClass().getSimpleName());
  }

  /**
   * Records a supervision failure of a given origin, with its class, signature and feedback.
   *
   * @param id the record's id
   * @param origin where it was seen
   * @param failure the failure
   * @param context what was attempted
   * @param reference where it came from, or {@code null}
   * @param at when
   * @return the record
   */
  public static FailureRecord fromFailure(
      String id,
      FailureOrigin origin,
      Failure failure,
      FailureContext context,
      @Nullable String reference,
      Instant at) {
    Objects.requireNonNull(failure, "failure");
    return from(id, origin, failure, context, reference, at, defaultCheck(failure));
  }

  /**
   * Records an escalation: its last failure's class and signature, the unit's goal as what was
   * attempted, and why it was handed up.
   *
   * @param id the record's id
   * @param escalation the escalation
   * @param session the session of the last attempt, or {@code null} if unknown
   * @return the record, dated when the unit was handed up
   */
  public static FailureRecord fromEscalation(
      String id, Escalation escalation, @Nullable String session) {
    Objects.requireNonNull(escalation, "escalation");
    Failure last =
        escalation.failures().isEmpty()
            ? Failure.of(
                "escalated",
                escalation.reason().wireName(),
                escalation.note().isBlank() ? escalation.reason().wireName() : escalation.note())
            : escalation.failures().get(escalation.failures().size() - 1);
    FailureContext context =
        new FailureContext(session, escalation.unit().id(), escalation.unit().goal(), null);
    Failure withReason =
        new Failure(
            last.failureClass(),
            last.signature(),
            "Escalated from "
                + escalation.from().wireName()
                + " to "
                + escalation.to().wireName()
                + " ("
                + escalation.reason().wireName()
                + ") after "
                + escalation.failures().size()
                + " failed attempts. "
                + last.feedback());
    return from(
        id,
        FailureOrigin.ESCALATION,
        withReason,
        context,
        escalation.reason().wireName(),
        escalation.at(),
        defaultCheck(last));
  }

  /**
   * Records a supervised attempt that failed, as the supervision log keeps it.
   *
   * @param id the record's id
   * @param attempt the failed attempt
   * @return the record
   */
  public static FailureRecord fromSupervisedAttempt(String id, FailedAttempt attempt) {
    Objects.requireNonNull(attempt, "attempt");
    FailureContext context =
        new FailureContext(attempt.session(), attempt.unit(), attempt.goal(), null);
    return fromFailure(
        id,
        FailureOrigin.SUPERVISED_ATTEMPT,
        attempt.failure(),
        context,
        "round " + attempt.round() + " attempt " + attempt.attempt() + " by " + attempt.worker(),
        attempt.at());
  }

  /**
   * Records a failed attempt of a Brownian ratchet: a crash or an unvalidated attempt as its
   * exception, a failed validation with the assessment's status and summary.
   *
   * @param id the record's id
   * @param attempt the attempt, which must have failed
   * @param context what was attempted
   * @param at when
   * @return the record
   * @throws IllegalArgumentException if the attempt did not fail
   */
  public static FailureRecord fromBrownianAttempt(
      String id, AttemptResult<?> attempt, FailureContext context, Instant at) {
    Objects.requireNonNull(attempt, "attempt");
    if (!attempt.failed()) {
      throw new IllegalArgumentException(
          "only a failed attempt is a failure, but attempt "
              + attempt.index()
              + " was "
              + attempt.status());
    }
    String reference =
        "attempt " + attempt.index() + " " + attempt.status().name().toLowerCase(Locale.ROOT);
    Failure failure;
    if (attempt.error() != null) {
      Failure e = Failure.fromException(attempt.error());
      String cls = attempt.status() == AttemptResult.Status.UNVALIDATED ? "unvalidated" : "crashed";
      failure = new Failure(cls, e.signature(), e.feedback());
    } else {
      var a = attempt.assessment();
      String summary = a == null || a.summary().isBlank() ? "validation did not pass" : a.summary();
      failure =
          new Failure(
              "attempt-failed",
              cut(
                  (a == null ? "FAIL" : a.status().name()) + ": " + summary,
                  Failure.MAX_SIGNATURE_CHARS),
              summary
                  + (a != null && a.verdictId() != null ? " (verdict " + a.verdictId() + ")" : ""));
      if (a != null && a.verdictId() != null) {
        reference = a.verdictId();
      }
    }
    return from(
        id, FailureOrigin.BROWNIAN_ATTEMPT, failure, context, reference, at, defaultCheck(failure));
  }

  private static FailureRecord from(
      String id,
      FailureOrigin origin,
      Failure failure,
      FailureContext context,
      @Nullable String reference,
      Instant at,
      String check) {
    Objects.requireNonNull(context, "context");
    return new FailureRecord(
        id,
        origin,
        context.session(),
        context.workItem(),
        context.attempted(),
        failure.failureClass(),
        failure.signature(),
        failure.feedback(),
        check,
        reference,
        at,
        context.rule());
  }

  private static String defaultCheck(Failure failure) {
    return "whether the cause of "
        + failure.failureClass()
        + " '"
        + failure.signature()
        + "' is fixed";
  }

  private static String text(String id, String field, @Nullable String value, int max) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          field + " of failure record '" + id + "' must not be blank");
    }
    // Redact before cutting, so a secret is never cut in half and left recognizable.
    return cut(SecretRedactor.defaults().redactToString(value.strip()), max);
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String lowerFirst(String s) {
    if (s.length() > 1
        && Character.isUpperCase(s.charAt(0))
        && Character.isUpperCase(s.charAt(1))) {
      return s;
    }
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
