package dev.agentops.workspace;

/**
 * How a {@link Workspace} was made.
 *
 * @since 0.1.0
 */
public enum WorkspaceKind {
  /**
   * A linked git worktree made with {@code git worktree add}: it shares the repository's objects,
   * so it is fast and cheap. Needs the git command-line tool (JGit cannot create linked worktrees).
   */
  WORKTREE,
  /**
   * A local clone made with JGit, for machines without the git command-line tool: it copies the
   * repository's objects, so it costs disk and time on a large repository.
   */
  CLONE
}
