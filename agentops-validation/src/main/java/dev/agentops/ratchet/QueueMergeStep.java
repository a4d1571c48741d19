package dev.agentops.ratchet;

import dev.agentops.validation.Verdict;
import dev.agentops.validation.Verdicts;
import dev.agentops.workspace.MergeStep;
import dev.agentops.workspace.WaveRunner;
import dev.agentops.workspace.WorkerOutput;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link MergeStep} of a {@link WaveRunner} wave that brings each worker's commits onto the
 * protected ref through a {@link MergeQueue} (Factors VI and X): the worker's head commit, with the
 * verdict that validated it, becomes a {@link Candidate} named after the work item; the queue
 * merges or rebases it onto the tip, validates it again if its policy says so, and locks it by
 * compare-and-swap.
 *
 * <p>A worker whose output names no verdict, or who committed nothing, is rejected without touching
 * the ref: progress is locked only on a verdict. The verdict id is taken as the worker's output
 * gives it and recorded with the lock (and in the chain log); checking that it exists and passed is
 * the job of the function that reads it, for example one that looks it up in {@code
 * dev.agentops.validation.Verdicts} and returns null unless {@code allowsLock()}. The queue's
 * outcome becomes the wave's: a lock (or work the ref already holds) is merged; a conflict, a
 * failed revalidation or a lost race is rejected, with the reason, and the wave releases the work
 * item back to open.
 *
 * <p>Thread-safe: the wave calls it one worker at a time, and the queue serializes anyway.
 *
 * <pre>{@code
 * MergeQueue queue = MergeQueue.builder(ratchet).integration(Integration.REBASE).build();
 * WaveRunner<Patch> wave = WaveRunner.builder(workspaces, tracker,
 *     QueueMergeStep.of(queue, output -> output.value().verdictId())).build();
 * }</pre>
 *
 * @param <T> what the workers return
 * @since 0.1.0
 */
public final class QueueMergeStep<T> implements MergeStep<T> {

  private final MergeQueue queue;
  private final Function<? super WorkerOutput<T>, @Nullable String> verdictId;
  private final String step;
  private final @Nullable Verdicts verdicts;

  private QueueMergeStep(
      MergeQueue queue,
      Function<? super WorkerOutput<T>, @Nullable String> verdictId,
      String step,
      @Nullable Verdicts verdicts) {
    this.queue = queue;
    this.verdictId = verdictId;
    this.step = step;
    this.verdicts = verdicts;
  }

  /**
   * A merge step for the default step of the chain log.
   *
   * @param queue the queue that locks the work in
   * @param verdictId reads the id of the verdict that validated a worker's head commit from its
   *     output; returns null when the worker's work was not validated
   * @param <T> what the workers return
   * @return the merge step
   */
  public static <T> QueueMergeStep<T> of(
      MergeQueue queue, Function<? super WorkerOutput<T>, @Nullable String> verdictId) {
    return new QueueMergeStep<>(
        Objects.requireNonNull(queue, "queue"),
        Objects.requireNonNull(verdictId, "verdictId"),
        LockRequest.DEFAULT_STEP,
        null);
  }

  /**
   * Returns this merge step recording its locks as another step of the chain log.
   *
   * @param step the step, such as {@code "implement"}
   * @return the new merge step
   */
  public QueueMergeStep<T> step(String step) {
    Objects.requireNonNull(step, "step");
    if (step.isBlank()) {
      throw new IllegalArgumentException("step must not be blank");
    }
    return new QueueMergeStep<>(queue, verdictId, step, verdicts);
  }

  /**
   * Returns this merge step checking every verdict it is given against the stored verdicts: a
   * worker is rejected unless its verdict is stored and allows a lock (PASS or WARN).
   *
   * @param verdicts where the verdicts are kept
   * @return the new merge step
   */
  public QueueMergeStep<T> verifiedBy(Verdicts verdicts) {
    return new QueueMergeStep<>(
        queue, verdictId, step, Objects.requireNonNull(verdicts, "verdicts"));
  }

  /**
   * Submits the worker's head commit to the queue.
   *
   * @param output the worker's output
   * @return merged if the queue locked the work (or the ref already held it), rejected otherwise
   */
  @Override
  public dev.agentops.workspace.MergeOutcome merge(WorkerOutput<T> output) {
    Objects.requireNonNull(output, "output");
    String item = output.item().id();
    if (output.head().equals(output.base())) {
      return dev.agentops.workspace.MergeOutcome.rejected(
          "worker '" + output.worker() + "' committed nothing for work item '" + item + "'");
    }
    String verdict = verdictId.apply(output);
    if (verdict == null || verdict.isBlank()) {
      return dev.agentops.workspace.MergeOutcome.rejected(
          "worker '"
              + output.worker()
              + "' named no verdict for commit "
              + output.head()
              + " of work item '"
              + item
              + "': nothing is locked without one");
    }
    if (verdicts != null) {
      Optional<Verdict> stored = verdicts.find(verdict);
      if (stored.isEmpty() || !stored.get().allowsLock()) {
        return dev.agentops.workspace.MergeOutcome.rejected(
            "verdict '"
                + verdict
                + "' of worker '"
                + output.worker()
                + "' "
                + (stored.isEmpty()
                    ? "is not stored"
                    : "is " + stored.get().status() + ", which allows no lock"));
      }
    }
    MergeOutcome outcome = queue.submit(new Candidate(item, output.head(), verdict, step));
    if (outcome instanceof MergeOutcome.Locked locked) {
      return dev.agentops.workspace.MergeOutcome.merged(
          "locked "
              + locked.lock().commit()
              + " on "
              + locked.lock().ref()
              + " ("
              + locked.method().name().toLowerCase(Locale.ROOT).replace('_', '-')
              + (locked.revalidated() ? ", validated again" : "")
              + ")");
    }
    if (outcome instanceof MergeOutcome.AlreadyLocked already) {
      return dev.agentops.workspace.MergeOutcome.merged(
          "the ref already holds " + output.head() + " (tip " + already.tip() + ")");
    }
    if (outcome instanceof MergeOutcome.Conflicted conflicted) {
      return dev.agentops.workspace.MergeOutcome.rejected(
          "conflicts with the tip " + conflicted.tip() + " in " + conflicted.paths());
    }
    if (outcome instanceof MergeOutcome.Rejected rejected) {
      return dev.agentops.workspace.MergeOutcome.rejected(
          "validated again and refused: "
              + rejected.assessment().status()
              + (rejected.assessment().summary().isEmpty()
                  ? ""
                  : " (" + rejected.assessment().summary() + ")"));
    }
    MergeOutcome.Contended contended = (MergeOutcome.Contended) outcome;
    return dev.agentops.workspace.MergeOutcome.rejected(
        "the ref kept moving: gave up after " + contended.attempts() + " attempts");
  }

  @Override
  public String toString() {
    return "QueueMergeStep[" + queue + ", step=" + step + "]";
  }
}
