package dev.agentops.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Git for workspace tests, cut off from the developer's configuration in the way of the store
 * tests' {@code ChildProcesses}: every inherited {@code GIT_*} variable is dropped, {@code HOME}
 * and {@code XDG_CONFIG_HOME} point into the test's temporary directory, and git reads no system or
 * global configuration.
 */
final class IsolatedGit {

  static final PersonIdent AUTHOR =
      new PersonIdent("Test Worker", "worker@example.test", 1_777_000_000_000L, 0);

  private final Path home;

  IsolatedGit(Path home) {
    try {
      this.home = Files.createDirectories(home);
      Files.createDirectories(home.resolve(".config"));
      Files.write(home.resolve(".gitconfig"), new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies the isolated environment to a child's environment. */
  void isolate(Map<String, String> env) {
    env.keySet().removeIf(k -> k.startsWith("GIT_"));
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("LC_ALL", "C");
  }

  /** Runs git in a folder and returns its output, failing the test if git fails. */
  String git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    isolate(pb.environment());
    try {
      Path out = Files.createTempFile(home, "git", ".out");
      pb.redirectErrorStream(true).redirectOutput(out.toFile());
      Process p = pb.start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("git finished: %s", command).isTrue();
      String output = Files.readString(out, StandardCharsets.UTF_8);
      Files.delete(out);
      assertThat(p.exitValue()).as("git %s exit code; output:%n%s", args, output).isZero();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
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
