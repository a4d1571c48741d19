package dev.agentops.validation;

import dev.agentops.Artifact;
import dev.agentops.gate.Gate;
import dev.agentops.gate.GateResult;
import dev.agentops.gate.GateStatus;
import dev.agentops.hygiene.SecretRedactor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Gate} that runs a process (a test suite, a build, a linter) in a directory and passes
 * when it exits with code 0.
 *
 * <ul>
 *   <li><b>Timeout.</b> A process still running at the timeout is stopped with its whole process
 *       tree (every descendant, found through {@link ProcessHandle#descendants()}): first asked to
 *       terminate, then, after a grace period, killed. A timed-out run is a {@link GateStatus#FAIL}
 *       (a hang is a failure of what was tested), with no exit code.
 *   <li><b>Output.</b> Standard output and standard error are merged and drained on a thread of
 *       their own while the process runs, so a process printing megabytes never blocks on a full
 *       pipe. Only the first and the last {@code maxOutputBytes / 2} bytes are kept, decoded as
 *       UTF-8, with secrets redacted before the cut and a marker giving the size of the whole.
 *   <li><b>Errors.</b> A command that cannot be started (missing program, missing directory) is
 *       {@link GateStatus#ERROR}, never a pass.
 *   <li><b>Input.</b> The process's standard input is closed at once, so a command waiting for
 *       input ends instead of hanging.
 * </ul>
 *
 * <p>The artifact passed to {@link #check(Artifact)} is not read: the gate checks the directory.
 * Immutable; concurrent runs are safe, though two runs of a build in one directory may not be.
 *
 * <pre>{@code
 * Gate tests = CommandGate.builder(worktree, "mvn", "-q", "-o", "test")
 *     .name("unit tests")
 *     .timeout(Duration.ofMinutes(15))
 *     .env("MAVEN_OPTS", "-Xmx1g")
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class CommandGate implements Gate {

  /** The default bound on kept output: 64 KiB. */
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

  /** The default timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** The default time a terminated process tree has to exit before it is killed. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(2);

  /**
   * How long the output is still read after the process exits: a background process it started may
   * hold the pipe open for ever, and is not waited for.
   */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  /** Bytes read beyond each kept part, so that a secret across the cut is still recognized. */
  private static final int REDACTION_MARGIN = 4096;

  private final String name;
  private final Path directory;
  private final List<String> command;
  private final Map<String, String> environment;
  private final boolean inheritEnvironment;
  private final Duration timeout;
  private final Duration killGrace;
  private final int maxOutputBytes;
  private final SecretRedactor redactor;

  private CommandGate(Builder b) {
    this.name = b.name == null ? defaultName(b.command) : b.name;
    this.directory = b.directory;
    this.command = List.copyOf(b.command);
    this.environment = Map.copyOf(b.environment);
    this.inheritEnvironment = b.inheritEnvironment;
    this.timeout = b.timeout;
    this.killGrace = b.killGrace;
    this.maxOutputBytes = b.maxOutputBytes;
    this.redactor = b.redactor;
  }

  /**
   * Starts a gate.
   *
   * @param directory the directory the command runs in
   * @param command the program and its arguments; no shell is involved, so nothing is expanded
   * @return a builder
   * @throws IllegalArgumentException if the command is empty or has a blank program
   */
  public static Builder builder(Path directory, List<String> command) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(command, "command");
    List<String> copy = List.copyOf(command);
    if (copy.isEmpty() || copy.get(0).isBlank()) {
      throw new IllegalArgumentException("command must name a program, but was " + copy);
    }
    return new Builder(directory, copy);
  }

  /**
   * Starts a gate.
   *
   * @param directory the directory the command runs in
   * @param command the program and its arguments
   * @return a builder
   * @throws IllegalArgumentException if the command is empty or has a blank program
   */
  public static Builder builder(Path directory, String... command) {
    return builder(directory, List.of(command));
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Returns the command.
   *
   * @return the program and its arguments
   */
  public List<String> command() {
    return command;
  }

  /**
   * Runs the command; the artifact is not read.
   *
   * @param artifact the artifact being validated
   * @return the result
   */
  @Override
  public GateResult check(Artifact artifact) {
    Objects.requireNonNull(artifact, "artifact");
    return run();
  }

  /**
   * Runs the command.
   *
   * @return PASS on exit code 0; FAIL on any other exit code or a timeout; ERROR if the command
   *     could not be started or the calling thread was interrupted (the process tree is then killed
   *     and the interrupt flag set again)
   */
  public GateResult run() {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    if (!inheritEnvironment) {
      pb.environment().clear();
    }
    pb.environment().putAll(environment);
    long start = System.nanoTime();
    Process process;
    try {
      process = pb.start();
    } catch (IOException | RuntimeException e) {
      return GateResult.error(
          name, "could not start '" + command.get(0) + "': " + e.getMessage(), elapsed(start));
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // The process may already be gone; it has no input either way.
    }
    int half = maxOutputBytes / 2;
    int margin = Math.min(REDACTION_MARGIN, half);
    OutputCapture capture = new OutputCapture(half + margin, maxOutputBytes - half + margin);
    Thread reader =
        new Thread(() -> capture.drain(process.getInputStream()), "agentops-gate-output");
    reader.setDaemon(true);
    reader.start();

    boolean exited;
    boolean interrupted = false;
    try {
      exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      exited = false;
      interrupted = true;
    }
    int killed = 0;
    if (!exited) {
      killed = killTree(process);
    }
    boolean drained = join(reader);
    Duration duration = elapsed(start);
    String output = render(capture.snapshot(), half, maxOutputBytes - half, drained);
    if (interrupted) {
      Thread.currentThread().interrupt();
      return new GateResult(
          name,
          GateStatus.ERROR,
          "interrupted; the process tree (" + killed + " processes) was killed",
          output,
          duration,
          null);
    }
    if (!exited) {
      return new GateResult(
          name,
          GateStatus.FAIL,
          "timed out after " + timeout + "; the process tree (" + killed + " processes) was killed",
          output,
          duration,
          null);
    }
    int exit = process.exitValue();
    return new GateResult(
        name,
        exit == 0 ? GateStatus.PASS : GateStatus.FAIL,
        "exit code " + exit,
        output,
        duration,
        exit);
  }

  /**
   * Stops a process and every descendant: all are asked to terminate, then whatever is left after
   * the grace period, descendants started meanwhile included, is killed.
   *
   * @return how many processes were stopped
   */
  private int killTree(Process process) {
    Set<ProcessHandle> tree = new LinkedHashSet<>();
    collect(process.toHandle(), tree);
    for (ProcessHandle h : tree) {
      h.destroy();
    }
    long graceEnd = System.nanoTime() + killGrace.toNanos();
    for (ProcessHandle h : tree) {
      long left = graceEnd - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        h.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        // Still running, or we were interrupted: it is killed below either way.
      }
    }
    // Descendants may have been started during the grace period: list and kill until none is
    // left. A process forked in the instant between a listing and its parent's death escapes; one
    // that daemonizes on purpose does too.
    for (int round = 0; round < 5; round++) {
      Set<ProcessHandle> alive = new LinkedHashSet<>();
      for (ProcessHandle h : tree) {
        collect(h, alive);
      }
      if (alive.isEmpty()) {
        break;
      }
      tree.addAll(alive);
      for (ProcessHandle h : alive) {
        h.destroyForcibly();
      }
      for (ProcessHandle h : alive) {
        try {
          h.onExit().get(DRAIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
          // A process that survives SIGKILL is stuck in the kernel; nothing more can be done.
        }
      }
    }
    return tree.size();
  }

  private static void collect(ProcessHandle root, Set<ProcessHandle> tree) {
    if (root.isAlive()) {
      tree.add(root);
      root.descendants().forEach(tree::add);
    }
  }

  private static boolean join(Thread reader) {
    try {
      reader.join(DRAIN_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !reader.isAlive();
  }

  private String render(OutputCapture.Captured c, int headChars, int tailChars, boolean drained) {
    String text;
    if (c.complete() && c.total() <= maxOutputBytes) {
      text = redactor.redactToString(c.wholeText());
    } else {
      // Redacted with their margins, then cut, so that a secret crossing a cut is still whole
      // when it is recognized.
      String head = redactor.redactToString(c.headText());
      String tail = redactor.redactToString(c.tailText());
      head = head.substring(0, Math.min(headChars, head.length()));
      tail = tail.substring(Math.max(0, tail.length() - tailChars));
      text =
          head
              + "\n…["
              + c.total()
              + " bytes of output in all; only the first and last are kept]…\n"
              + tail;
    }
    if (!drained) {
      text += "\n…[output may be incomplete: a background process kept it open]";
    }
    return text;
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
  }

  private static String defaultName(List<String> command) {
    String program = command.get(0);
    int slash = Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\'));
    return program.substring(slash + 1);
  }

  @Override
  public String toString() {
    return "CommandGate[" + name + ": " + command + "]";
  }

  /**
   * Builds a {@link CommandGate}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final Path directory;
    private final List<String> command;
    private @Nullable String name;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private boolean inheritEnvironment = true;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration killGrace = DEFAULT_KILL_GRACE;
    private int maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES;
    private SecretRedactor redactor = SecretRedactor.defaults();

    private Builder(Path directory, List<String> command) {
      this.directory = directory;
      this.command = command;
    }

    /**
     * Sets the gate's name.
     *
     * @param name a non-blank name; by default the program's file name
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name of a command gate must not be blank");
      }
      this.name = name;
      return this;
    }

    /**
     * Sets an environment variable for the process.
     *
     * @param variable the name
     * @param value the value
     * @return this builder
     */
    public Builder env(String variable, String value) {
      environment.put(
          Objects.requireNonNull(variable, "variable"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets environment variables for the process.
     *
     * @param variables names and values
     * @return this builder
     */
    public Builder env(Map<String, String> variables) {
      variables.forEach(this::env);
      return this;
    }

    /**
     * Sets whether the process starts from this JVM's environment (the default) or from an empty
     * one holding only the variables set with {@link #env}.
     *
     * @param inherit {@code false} for an empty environment
     * @return this builder
     */
    public Builder inheritEnvironment(boolean inherit) {
      this.inheritEnvironment = inherit;
      return this;
    }

    /**
     * Sets how long the process may run.
     *
     * @param timeout positive; default ten minutes
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets how long a timed-out process tree has to exit once asked to terminate, before it is
     * killed.
     *
     * @param killGrace not negative; default two seconds; zero kills at once
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder killGrace(Duration killGrace) {
      Objects.requireNonNull(killGrace, "killGrace");
      if (killGrace.isNegative()) {
        throw new IllegalArgumentException("killGrace must not be negative, but was " + killGrace);
      }
      this.killGrace = killGrace;
      return this;
    }

    /**
     * Sets how much output is kept: the first and the last half of this many bytes.
     *
     * @param maxOutputBytes from 256 to {@link GateResult#MAX_OUTPUT_CHARS}; default 64 KiB
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxOutputBytes(int maxOutputBytes) {
      if (maxOutputBytes < 256 || maxOutputBytes > GateResult.MAX_OUTPUT_CHARS) {
        throw new IllegalArgumentException(
            "maxOutputBytes must be from 256 to "
                + GateResult.MAX_OUTPUT_CHARS
                + ", but was "
                + maxOutputBytes);
      }
      this.maxOutputBytes = maxOutputBytes;
      return this;
    }

    /**
     * Sets the redactor applied to the output, on top of the defaults every {@link GateResult}
     * applies.
     *
     * @param redactor the redactor; default {@link SecretRedactor#defaults()}
     * @return this builder
     */
    public Builder redactor(SecretRedactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /**
     * Builds the gate.
     *
     * @return the gate
     */
    public CommandGate build() {
      return new CommandGate(this);
    }
  }
}
