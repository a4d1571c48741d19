package dev.agentops.workspace;

import dev.agentops.store.RecordKey;
import java.util.Objects;

/**
 * One worker of a wave: who, which work item it claims, what it may change, and what it does.
 *
 * @param worker the worker's id: letters, digits, {@code .}, {@code _} and {@code -}
 * @param itemId the work item it claims
 * @param scope the paths it may change
 * @param work what it does
 * @param <T> what it returns
 * @since 0.1.0
 */
public record WorkerSpec<T>(String worker, String itemId, WriteScope scope, Worker<T> work) {

  /**
   * Checks the components.
   *
   * @param worker the worker
   * @param itemId the item
   * @param scope the scope
   * @param work the work
   * @throws IllegalArgumentException if the worker's id or the item's id is not a valid id
   */
  public WorkerSpec {
    RecordKey.checkId(Objects.requireNonNull(worker, "worker"));
    RecordKey.checkId(Objects.requireNonNull(itemId, "itemId"));
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(work, "work");
  }

  /**
   * Creates a worker spec.
   *
   * @param worker the worker
   * @param itemId the item it claims
   * @param scope what it may change
   * @param work what it does
   * @param <T> what it returns
   * @return the spec
   */
  public static <T> WorkerSpec<T> of(
      String worker, String itemId, WriteScope scope, Worker<T> work) {
    return new WorkerSpec<>(worker, itemId, scope, work);
  }
}
