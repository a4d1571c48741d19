package dev.agentops.workspace;

import dev.agentops.core.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Git for workspace tests: commands run through {@link ChildProcesses}, cut off from the
 * developer's configuration, and repositories made and read with JGit.
 */
final class IsolatedGit {

  static final PersonIdent AUTHOR =
      new PersonIdent("Test Worker", "worker@example.test", 1_777_000_000_000L, 0);

  private final ChildProcesses processes;

  IsolatedGit(Path home) {
    this.processes = new ChildProcesses(home);
  }

  /** Applies the isolated environment to a child's environment. */
  void isolate(Map<String, String> env) {
    ProcessBuilder isolated = processes.isolate(new ProcessBuilder());
    env.keySet().removeIf(k -> k.startsWith("GIT_"));
    env.putAll(isolated.environment());
  }

  /** Runs git in a folder and returns its output, failing the test if git fails. */
  String git(Path dir, String... args) {
    return processes.gitOut(dir, args);
  }

  /** Creates a repository on branch main with the given files in one commit. */
  Path repository(Path dir, Map<String, String> files) {
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        write(dir, f.getKey(), f.getValue());
      }
      git.add().addFilepattern(".").call();
      git.commit().setMessage("Initial commit").setAuthor(AUTHOR).setCommitter(AUTHOR).call();
      return dir;
    } catch (GitAPIException e) {
      throw new AssertionError(e);
    }
  }

  static void write(Path root, String path, String content) {
    try {
      Path file = root.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path root, String path) {
    try {
      return Files.readString(root.resolve(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits everything in a workspace with JGit, which works in linked worktrees and clones. */
  static String commitAll(Path workTree, String message) {
    try (Git git = Git.open(workTree.toFile())) {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      return git.commit()
          .setMessage(message)
          .setAuthor(AUTHOR)
          .setCommitter(AUTHOR)
          .call()
          .getName();
    } catch (IOException | GitAPIException e) {
      throw new AssertionError(e);
    }
  }

  /** Reads a file as of a revision of a repository, or null if it is not there. */
  static String show(Path repository, String revision, String path) {
    try (Git git = Git.open(repository.toFile())) {
      var repo = git.getRepository();
      var commit = repo.parseCommit(repo.resolve(revision));
      try (var walk = org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, path, commit.getTree())) {
        if (walk == null) {
          return null;
        }
        return new String(repo.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lists the branches of a repository. */
  static List<String> branches(Path repository) {
    try (Git git = Git.open(repository.toFile())) {
      List<String> names = new ArrayList<>();
      for (var ref : git.branchList().call()) {
        names.add(ref.getName().substring("refs/heads/".length()));
      }
      return names;
    } catch (IOException | GitAPIException e) {
      throw new AssertionError(e);
    }
  }
}
