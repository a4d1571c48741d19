package dev.agentops.workspace;

import dev.agentops.context.AgentSession;
import dev.agentops.work.WorkItem;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one worker of a wave is given, and shares with no other worker: its claimed work item, its
 * workspace, and its session.
 *
 * @since 0.1.0
 */
public final class WorkerContext {

  private final String worker;
  private final WorkItem item;
  private final Workspace workspace;
  private final @Nullable AgentSession session;

  WorkerContext(String worker, WorkItem item, Workspace workspace, @Nullable AgentSession session) {
    this.worker = Objects.requireNonNull(worker, "worker");
    this.item = Objects.requireNonNull(item, "item");
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    this.session = session;
  }

  /**
   * Returns the worker's id.
   *
   * @return the id
   */
  public String worker() {
    return worker;
  }

  /**
   * Returns the work item the worker claimed: in progress, assigned to it.
   *
   * @return the item
   */
  public WorkItem item() {
    return item;
  }

  /**
   * Returns the worker's workspace.
   *
   * @return the workspace
   */
  public Workspace workspace() {
    return workspace;
  }

  /**
   * Returns the worker's own session, opened by the runner's {@link WorkerSessions}.
   *
   * @return the session, or empty if the runner has no session factory
   */
  public Optional<AgentSession> session() {
    return Optional.ofNullable(session);
  }

  @Override
  public String toString() {
    return "WorkerContext[" + worker + ", " + item.id() + ", " + workspace.directory() + "]";
  }
}
