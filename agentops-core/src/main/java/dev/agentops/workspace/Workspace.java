package dev.agentops.workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * One worker's own working directory (Factor X): a folder on its own branch, starting at a base
 * commit, that no other worker uses, and the paths the worker may change there.
 *
 * <p>Made by {@link Workspaces#open(String, WriteScope, String)}; always close it, with
 * try-with-resources, so that it is removed even when the worker fails. {@link #close()} removes
 * the folder (a worktree with {@code git worktree remove --force} and {@code git worktree prune}, a
 * clone by deleting it) and discards whatever was not committed. The branch stays in the repository
 * if it has commits (a clone's branch is fetched back first), so a merge step can still reach the
 * work; a branch without commits is deleted.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 *
 * @since 0.1.0
 */
public final class Workspace implements AutoCloseable {

  private final Workspaces owner;
  private final String worker;
  private final WriteScope scope;
  private final WorkspaceKind kind;
  private final Path directory;
  private final String branch;
  private final String base;
  private boolean closed;

  Workspace(
      Workspaces owner,
      String worker,
      WriteScope scope,
      WorkspaceKind kind,
      Path directory,
      String branch,
      String base) {
    this.owner = owner;
    this.worker = worker;
    this.scope = scope;
    this.kind = kind;
    this.directory = directory;
    this.branch = branch;
    this.base = base;
  }

  /**
   * Returns the worker this workspace belongs to.
   *
   * @return the worker's id
   */
  public String worker() {
    return worker;
  }

  /**
   * Returns what the worker may change.
   *
   * @return the scope
   */
  public WriteScope scope() {
    return scope;
  }

  /**
   * Returns how the workspace was made.
   *
   * @return a worktree or a clone
   */
  public WorkspaceKind kind() {
    return kind;
  }

  /**
   * Returns the workspace's folder: the working tree the worker edits.
   *
   * @return an absolute path
   */
  public Path directory() {
    return directory;
  }

  /**
   * Returns the branch checked out in the workspace.
   *
   * @return such as {@code agentops-work/worker-1-3f9a0c21}
   */
  public String branch() {
    return branch;
  }

  /**
   * Returns the commit the workspace started from.
   *
   * @return a commit id
   */
  public String base() {
    return base;
  }

  /**
   * Returns the commit the workspace's branch points at now.
   *
   * @return a commit id; the base until the worker commits
   * @throws IllegalStateException if the workspace is closed
   * @throws WorkspaceException if it cannot be read
   */
  public String head() {
    try (Git git = openGit()) {
      ObjectId id = git.getRepository().resolve("HEAD");
      return id == null ? base : id.name();
    } catch (IOException e) {
      throw new WorkspaceException(worker, "could not read the head of " + directory, e);
    }
  }

  /**
   * Returns every path the worker changed since the base: in commits on the branch, staged,
   * modified, deleted, or new and untracked (ignored files excluded).
   *
   * @return repository-relative paths, sorted
   * @throws IllegalStateException if the workspace is closed
   * @throws WorkspaceException if the workspace cannot be read
   */
  public List<String> changes() {
    TreeSet<String> paths = new TreeSet<>();
    try (Git git = openGit()) {
      Repository repo = git.getRepository();
      Status status = git.status().call();
      paths.addAll(status.getUncommittedChanges());
      paths.addAll(status.getUntracked());
      ObjectId head = repo.resolve("HEAD^{commit}");
      if (head != null && !head.name().equals(base)) {
        try (ObjectReader reader = repo.newObjectReader();
            RevWalk walk = new RevWalk(reader)) {
          CanonicalTreeParser from = new CanonicalTreeParser();
          from.reset(reader, walk.parseCommit(ObjectId.fromString(base)).getTree());
          CanonicalTreeParser to = new CanonicalTreeParser();
          to.reset(reader, walk.parseCommit(head).getTree());
          for (DiffEntry d : git.diff().setOldTree(from).setNewTree(to).call()) {
            if (!d.getOldPath().equals(DiffEntry.DEV_NULL)) {
              paths.add(d.getOldPath());
            }
            if (!d.getNewPath().equals(DiffEntry.DEV_NULL)) {
              paths.add(d.getNewPath());
            }
          }
        }
      }
    } catch (IOException | GitAPIException e) {
      throw new WorkspaceException(
          worker, "could not list the changes in " + directory + ": " + e.getMessage(), e);
    }
    return new ArrayList<>(paths);
  }

  /**
   * Returns the changed paths the worker's scope does not cover.
   *
   * @return the paths, sorted; empty if the worker kept to its scope
   * @throws IllegalStateException if the workspace is closed
   */
  public List<String> outOfScope() {
    return scope.outside(changes());
  }

  /**
   * Tells whether the workspace is still there.
   *
   * @return {@code false} once closed
   */
  public synchronized boolean isOpen() {
    return !closed;
  }

  /**
   * Removes the workspace; see the class description. Does nothing the second time.
   *
   * @throws WorkspaceException if it cannot be removed
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    owner.remove(this);
  }

  @Override
  public String toString() {
    return "Workspace[" + worker + ", " + kind + ", " + branch + ", " + scope + "]";
  }

  private Git openGit() throws IOException {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the workspace of worker '" + worker + "' is closed");
      }
    }
    return Git.open(directory.toFile());
  }
}
