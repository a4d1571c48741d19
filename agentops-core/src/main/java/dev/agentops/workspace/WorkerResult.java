package dev.agentops.workspace;

import java.util.List;
import java.util.Objects;

/**
 * What became of one worker of a wave.
 *
 * <p>Java 17 has no pattern {@code switch}; use {@link #kind()} or {@code instanceof}.
 *
 * @param <T> what the workers return
 * @since 0.1.0
 */
public sealed interface WorkerResult<T>
    permits WorkerResult.Completed,
        WorkerResult.NotClaimed,
        WorkerResult.Crashed,
        WorkerResult.OutOfScope {

  /** The kinds of result. */
  enum Kind {
    /** The worker finished within its scope and its output went to the merge step. */
    COMPLETED,
    /** The work item could not be claimed; the worker never started. */
    NOT_CLAIMED,
    /** Something failed on the way: the claim, the workspace, the session or the work. */
    CRASHED,
    /** The worker changed paths outside its write scope; nothing was merged. */
    OUT_OF_SCOPE
  }

  /** Where a worker crashed. */
  enum Stage {
    /** Claiming the work item. */
    CLAIM,
    /** Making or reading the workspace. */
    WORKSPACE,
    /** Opening the worker's session. */
    SESSION,
    /** The worker's own work. */
    WORK,
    /** Handing the worker to the executor. */
    SCHEDULE
  }

  /**
   * Returns the kind.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Returns the worker's id.
   *
   * @return the id
   */
  String worker();

  /**
   * Returns the work item's id.
   *
   * @return the id
   */
  String itemId();

  /**
   * Tells whether the worker's output was merged.
   *
   * @return {@code true} only for a completed worker whose merge step accepted the output
   */
  default boolean merged() {
    return false;
  }

  /**
   * The worker finished within its scope; its output went to the merge step.
   *
   * @param output what it produced
   * @param merge what the merge step did with it
   * @param <T> what the workers return
   * @since 0.1.0
   */
  record Completed<T>(WorkerOutput<T> output, MergeOutcome merge) implements WorkerResult<T> {

    /**
     * Checks the components.
     *
     * @param output the output
     * @param merge the merge outcome
     */
    public Completed {
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(merge, "merge");
    }

    @Override
    public Kind kind() {
      return Kind.COMPLETED;
    }

    @Override
    public String worker() {
      return output.worker();
    }

    @Override
    public String itemId() {
      return output.item().id();
    }

    @Override
    public boolean merged() {
      return merge.merged();
    }
  }

  /**
   * The work item could not be claimed, so the worker never started.
   *
   * @param worker the worker
   * @param itemId the item
   * @param reason the tracker's reason: {@code taken}, {@code not-ready}, {@code
   *     attempts-exhausted} or {@code not-found}
   * @param detail a sentence for people
   * @param <T> what the workers return
   * @since 0.1.0
   */
  record NotClaimed<T>(String worker, String itemId, String reason, String detail)
      implements WorkerResult<T> {

    /**
     * Checks the components.
     *
     * @param worker the worker
     * @param itemId the item
     * @param reason the reason
     * @param detail the detail
     */
    public NotClaimed {
      Objects.requireNonNull(worker, "worker");
      Objects.requireNonNull(itemId, "itemId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public Kind kind() {
      return Kind.NOT_CLAIMED;
    }
  }

  /**
   * Something failed on the way; the workspace was removed and the item released all the same.
   *
   * @param worker the worker
   * @param itemId the item
   * @param stage where it failed
   * @param error what was raised
   * @param <T> what the workers return
   * @since 0.1.0
   */
  record Crashed<T>(String worker, String itemId, Stage stage, Throwable error)
      implements WorkerResult<T> {

    /**
     * Checks the components.
     *
     * @param worker the worker
     * @param itemId the item
     * @param stage the stage
     * @param error the error
     */
    public Crashed {
      Objects.requireNonNull(worker, "worker");
      Objects.requireNonNull(itemId, "itemId");
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(error, "error");
    }

    @Override
    public Kind kind() {
      return Kind.CRASHED;
    }
  }

  /**
   * The worker changed paths outside its write scope: nothing went to the merge step, and the item
   * was released. The branch stays in the repository if it has commits, for a person to look at.
   *
   * @param worker the worker
   * @param itemId the item
   * @param paths the paths outside its scope, sorted
   * @param branch the workspace's branch
   * @param <T> what the workers return
   * @since 0.1.0
   */
  record OutOfScope<T>(String worker, String itemId, List<String> paths, String branch)
      implements WorkerResult<T> {

    /**
     * Checks the components.
     *
     * @param worker the worker
     * @param itemId the item
     * @param paths the paths
     * @param branch the branch
     */
    public OutOfScope {
      Objects.requireNonNull(worker, "worker");
      Objects.requireNonNull(itemId, "itemId");
      paths = List.copyOf(paths);
      Objects.requireNonNull(branch, "branch");
    }

    @Override
    public Kind kind() {
      return Kind.OUT_OF_SCOPE;
    }
  }
}
