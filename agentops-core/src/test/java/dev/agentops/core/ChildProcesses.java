package dev.agentops.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@code git} and {@code java} child processes that cannot see the developer's own
 * configuration: every {@code GIT_*} variable inherited from the build is dropped, {@code HOME} and
 * {@code XDG_CONFIG_HOME} point into a folder of the test's temporary directory, and git reads no
 * system or global configuration. Output goes to files in that folder, so a chatty child never
 * blocks on a full pipe.
 *
 * <p>Shared with the other modules' tests through agentops-core's test jar.
 */
public final class ChildProcesses {

  /** How long any child may take before the test gives up on it: a guard, not a timing claim. */
  public static final long GUARD_SECONDS = 120;

  private final Path home;

  /**
   * Prepares an isolated home.
   *
   * @param home a folder inside the test's temporary directory; created if missing
   */
  public ChildProcesses(Path home) {
    try {
      this.home = Files.createDirectories(home);
      Files.createDirectories(home.resolve(".config"));
      Files.write(home.resolve(".gitconfig"), new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a finished child did. */
  public record Result(int exit, String out, String err) {

    /** Asserts the child succeeded, showing its output if it did not. */
    public Result assertOk() {
      assertThat(exit).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isZero();
      return this;
    }

    public List<String> lines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }
  }

  /** Applies the isolated environment to a process builder. */
  public ProcessBuilder isolate(ProcessBuilder pb) {
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("GIT_"));
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("LC_ALL", "C");
    env.put("TZ", "UTC");
    return pb;
  }

  /**
   * Runs {@code git -C dir args...} and waits for it.
   *
   * @return the exit code and output
   */
  public Result git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    return run(isolate(new ProcessBuilder(command)));
  }

  /**
   * Runs {@code git -C dir args...} and returns its standard output, failing the test if git did.
   */
  public String gitOut(Path dir, String... args) {
    return git(dir, args).assertOk().out();
  }

  /**
   * Prepares a JVM running a test class's {@code main}, on this JVM's class path, with the isolated
   * home as its {@code user.home}.
   */
  public ProcessBuilder java(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Short-lived children: start fast, stay small on a shared machine.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
    command.add("-Duser.home=" + home);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return isolate(new ProcessBuilder(command));
  }

  /** A file in the isolated home for a child's standard error. */
  public File errorFile(String name) {
    return home.resolve(name + ".err").toFile();
  }

  private Result run(ProcessBuilder pb) {
    try {
      Path out = Files.createTempFile(home, "out", ".txt");
      Path err = Files.createTempFile(home, "err", ".txt");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("gave up waiting for " + pb.command());
      }
      Result r =
          new Result(
              p.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Runs {@code git fsck} with the given options and asserts the repository is sound: git exits
   * with 0 and reports nothing but dangling objects (left by writers that lost a race or were
   * killed before moving the branch, which is fine).
   */
  public void assertFsckPasses(Path repository, String... options) {
    List<String> args = new ArrayList<>(List.of("fsck", "--no-progress"));
    args.addAll(List.of(options));
    Result r = git(repository, args.toArray(String[]::new));
    List<String> problems = new ArrayList<>();
    for (String line : (r.out() + "\n" + r.err()).split("\n")) {
      if (!line.isBlank() && !line.startsWith("dangling ") && !line.startsWith("Checking ")) {
        problems.add(line);
      }
    }
    assertThat(r.exit()).as("git fsck exit code; output:%n%s%n%s", r.out(), r.err()).isZero();
    assertThat(problems).as("git fsck reported").isEmpty();
  }
}
