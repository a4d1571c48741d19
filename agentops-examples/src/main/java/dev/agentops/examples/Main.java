package dev.agentops.examples;

import dev.agentops.examples.loop.LoopExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;

/**
 * The README's main example: the whole loop on a real git repository, in a temporary folder —
 * research, plan, implement, validate (a test-suite gate and a council), lock (the ratchet),
 * extract; failures harvested into learnings the next session is shown; dormant when the fitness
 * goals pass. See {@link LoopExample}.
 *
 * <p>Offline by default, against a clearly labelled deterministic demo coder; {@code
 * AGENTOPS_PROVIDER} (see {@link ExampleModels}) runs it against a real model. {@code
 * AGENTOPS_KEEP=1} keeps the working folder for a look at the repository afterwards. Run it with
 * {@code mvn -q -pl agentops-examples -am compile -Pexample}.
 */
public final class Main {

  private Main() {}

  /**
   * Runs the loop.
   *
   * @param args ignored
   * @throws IOException if the working folder cannot be made
   */
  public static void main(String[] args) throws IOException {
    String provider = System.getenv("AGENTOPS_PROVIDER");
    ExampleModels.Choice choice =
        provider == null || provider.isBlank()
            ? LoopExample.demoChoice()
            : ExampleModels.fromEnvironment();
    Path work = Files.createTempDirectory("agentops-loop");
    int status;
    try {
      status = LoopExample.run(choice, work, System.out);
    } catch (RuntimeException e) {
      cleanUp(work, e);
      throw e;
    }
    cleanUp(work, null);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Removes the working folder unless asked to keep it; a failure to remove never hides {@code
   * failed}.
   */
  private static void cleanUp(Path work, @Nullable RuntimeException failed) {
    if (System.getenv("AGENTOPS_KEEP") != null) {
      System.out.println("kept the working folder: " + work);
      return;
    }
    try {
      deleteTree(work);
    } catch (RuntimeException e) {
      if (failed == null) {
        throw e;
      }
      failed.addSuppressed(e);
    }
  }

  static void deleteTree(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              file.toFile().setWritable(true);
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
