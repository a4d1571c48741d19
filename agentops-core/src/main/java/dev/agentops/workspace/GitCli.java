package dev.agentops.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the git command-line tool. Output goes to a file, so a chatty git never blocks on a pipe.
 */
final class GitCli {

  private static final int MAX_SHOWN = 2_000;

  private final Path executable;
  private final Consumer<Map<String, String>> environment;
  private final Duration timeout;
  private final Path scratch;

  GitCli(
      Path executable, Consumer<Map<String, String>> environment, Duration timeout, Path scratch) {
    this.executable = executable;
    this.environment = environment;
    this.timeout = timeout;
    this.scratch = scratch;
  }

  /** What a finished git did. */
  record Result(int exit, String output) {}

  /** Runs {@code git -C dir args...} and fails unless it exits with 0. */
  String run(String worker, Path dir, String... args) {
    Result r = tryRun(worker, dir, args);
    if (r.exit() != 0) {
      throw new WorkspaceException(
          worker,
          "git "
              + String.join(" ", args)
              + " failed with exit code "
              + r.exit()
              + ": "
              + shown(r.output()),
          null);
    }
    return r.output();
  }

  /** Runs {@code git -C dir args...} and returns what it did, whatever its exit code. */
  Result tryRun(String worker, Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of(executable.toString(), "-C", dir.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("GIT_TERMINAL_PROMPT", "0");
    environment.accept(env);
    Path out = scratch.resolve(".agentops-git-" + UUID.randomUUID() + ".out");
    try {
      pb.redirectErrorStream(true).redirectOutput(out.toFile());
      Process p = pb.start();
      boolean finished;
      try {
        finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new WorkspaceException(
            worker, "interrupted while running git " + String.join(" ", args), e);
      }
      if (!finished) {
        p.destroyForcibly();
        throw new WorkspaceException(
            worker, "git " + String.join(" ", args) + " did not finish within " + timeout, null);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new WorkspaceException(
          worker, "could not run git " + String.join(" ", args) + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(out);
      } catch (IOException ignored) {
        // a scratch file left behind is harmless; the caller's failure matters more
      }
    }
  }

  private static String shown(String output) {
    String s = output.strip();
    return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
  }
}
