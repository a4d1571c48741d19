package dev.agentops.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a wave came to: one result per worker, in the order the workers were given, and the
 * housekeeping that went wrong (a workspace that could not be removed, a claim that could not be
 * released).
 *
 * @param results one per worker, in the order given
 * @param problems what went wrong in housekeeping, one sentence each; usually empty
 * @param <T> what the workers return
 * @since 0.1.0
 */
public record WaveReport<T>(List<WorkerResult<T>> results, List<String> problems) {

  /**
   * Copies the lists.
   *
   * @param results the results
   * @param problems the problems
   */
  public WaveReport {
    results = List.copyOf(results);
    problems = List.copyOf(problems);
  }

  /**
   * Returns the results of one kind.
   *
   * @param kind the kind
   * @return those results, in order
   */
  public List<WorkerResult<T>> ofKind(WorkerResult.Kind kind) {
    Objects.requireNonNull(kind, "kind");
    List<WorkerResult<T>> out = new ArrayList<>();
    for (WorkerResult<T> r : results) {
      if (r.kind() == kind) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Returns the outputs the merge step accepted.
   *
   * @return those outputs, in order
   */
  public List<WorkerOutput<T>> merged() {
    List<WorkerOutput<T>> out = new ArrayList<>();
    for (WorkerResult<T> r : results) {
      if (r instanceof WorkerResult.Completed<T> c && c.merged()) {
        out.add(c.output());
      }
    }
    return out;
  }
}
