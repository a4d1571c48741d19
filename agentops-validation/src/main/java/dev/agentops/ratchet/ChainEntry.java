package dev.agentops.ratchet;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of the {@link ChainLog}: a step of the work was locked, or was skipped with a reason.
 *
 * <p>The fields follow the reference plugin's {@code chain.jsonl} ({@code step}, {@code timestamp},
 * {@code input}, {@code output}, {@code locked}, {@code skipped}, {@code reason}), with the verdict
 * that allowed a lock and the ref it moved.
 *
 * @param kind locked or skipped
 * @param step the step, such as {@code implement} or {@code validate}
 * @param time when it was recorded
 * @param input what the step started from: for a lock of a ref, the commit the ref was at ({@code
 *     null} if the lock created it)
 * @param output what the step produced: for a lock of a ref, the commit locked; {@code null} for a
 *     skip that produced nothing
 * @param verdictId the verdict that allowed the lock; {@code null} for a skip
 * @param reason why a step was skipped; for a lock, an optional note
 * @param ref the ref a lock moved; {@code null} for a lock of something else, or a skip
 * @param writer who recorded it: the chain log's writer
 * @since 0.1.0
 */
public record ChainEntry(
    Kind kind,
    String step,
    Instant time,
    @Nullable String input,
    @Nullable String output,
    @Nullable String verdictId,
    @Nullable String reason,
    @Nullable String ref,
    String writer) {

  /**
   * Whether a step was locked or skipped.
   *
   * @since 0.1.0
   */
  public enum Kind {
    /** The step's output was validated and locked. */
    LOCKED,
    /** The step was skipped, with a reason. */
    SKIPPED
  }

  /**
   * Checks the components: a lock names its output and its verdict, a skip its reason.
   *
   * @param kind the kind
   * @param step the step
   * @param time the time
   * @param input the input
   * @param output the output
   * @param verdictId the verdict
   * @param reason the reason
   * @param ref the ref
   * @param writer the writer
   * @throws IllegalArgumentException if a lock has no output or verdict, or a skip no reason, or a
   *     skip names a verdict
   */
  public ChainEntry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(writer, "writer");
    if (step.isBlank()) {
      throw new IllegalArgumentException("step of a chain entry must not be blank");
    }
    if (kind == Kind.LOCKED) {
      if (output == null || output.isBlank()) {
        throw new IllegalArgumentException(
            "a lock of step '" + step + "' must name its output, but none was given");
      }
      if (verdictId == null || verdictId.isBlank()) {
        throw new IllegalArgumentException(
            "a lock of step '"
                + step
                + "' must name the verdict that allowed it, but none was given");
      }
    } else {
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException(
            "a skip of step '" + step + "' needs a reason, but none was given");
      }
      if (verdictId != null) {
        throw new IllegalArgumentException(
            "a skip of step '" + step + "' has no verdict, but '" + verdictId + "' was given");
      }
    }
  }

  /**
   * Tells whether this entry is a lock.
   *
   * @return {@code true} for {@link Kind#LOCKED}
   */
  public boolean locked() {
    return kind == Kind.LOCKED;
  }
}
