package dev.agentops.examples.loop;

import dev.agentops.Artifact;
import dev.agentops.gate.Gate;
import dev.agentops.gate.GateResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A deterministic gate that compiles the project with the JDK's compiler in this JVM: the same
 * check as running {@code javac}, without starting a process for it, which keeps the loop quick.
 * The tests themselves run as a real process ({@code CommandGate}). Thread-safe.
 */
final class CompileGate implements Gate {

  private final Path directory;

  CompileGate(Path directory) {
    this.directory = directory;
  }

  @Override
  public String name() {
    return "compile";
  }

  @Override
  public GateResult check(Artifact artifact) {
    long start = System.nanoTime();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      return GateResult.fail(
          name(), "no Java compiler in this runtime: run the example on a JDK", "", elapsed(start));
    }
    Path classes = directory.resolve("build/classes");
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-Xlint:none"));
    try {
      Files.createDirectories(classes);
      for (String source : DemoProject.SOURCES) {
        args.add(directory.resolve(source).toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    int exit = javac.run(null, messages, messages, args.toArray(String[]::new));
    return exit == 0
        ? GateResult.pass(
            name(), "compiled " + DemoProject.SOURCES.size() + " files", elapsed(start))
        : GateResult.fail(
            name(),
            "the project does not compile",
            messages.toString(StandardCharsets.UTF_8),
            elapsed(start));
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
