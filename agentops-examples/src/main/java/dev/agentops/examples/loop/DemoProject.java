package dev.agentops.examples.loop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The small real project the loop works on: {@code textkit}, two Java classes with bugs and a test
 * program whose checks fail, in a git repository created in a working folder.
 *
 * <p>The branch {@value #LOCKED} is the ratchet's protected ref: validated work is locked onto it
 * and never leaves it. The branch checked out ({@code main}) is left alone.
 */
final class DemoProject {

  /** The protected branch, as a ref. */
  static final String LOCKED = "refs/heads/locked";

  static final String SLUG = "src/textkit/Slug.java";
  static final String WRAP = "src/textkit/Wrap.java";
  static final String TESTS = "src/textkit/TextkitTests.java";

  /** Every source file of the project. */
  static final List<String> SOURCES = List.of(SLUG, WRAP, TESTS);

  static final PersonIdent AUTHOR = new PersonIdent("AgentOps example", "example@agentops.invalid");

  /**
   * One piece of work: what to fix, in which file, and the test groups that show it is fixed.
   *
   * @param key a short name
   * @param title the work item's title
   * @param description what is wrong
   * @param file the file to change
   * @param groups the test groups that must pass
   * @param blockedBy keys of tasks that must be closed first
   */
  record Task(
      String key,
      String title,
      String description,
      String file,
      List<String> groups,
      List<String> blockedBy) {}

  static final List<Task> TASKS =
      List.of(
          new Task(
              "slug",
              "Slug.of: lower case words joined by single hyphens",
              "Slug.of returns the title as it is. Slugs must be lower case, words joined by"
                  + " single hyphens, punctuation dropped.",
              SLUG,
              List.of("slug"),
              List.of()),
          new Task(
              "wrap",
              "Wrap.lines: fill each line up to the width",
              "Wrap.lines breaks a line one word too early: a line may be exactly as wide as the"
                  + " width, never wider.",
              WRAP,
              List.of("wrap"),
              List.of()),
          new Task(
              "slug-length",
              "Slug.of: keep digits and cut long slugs at 40 characters, at a word",
              "Slugs of long titles must be at most 40 characters, cut between words; digits are"
                  + " kept. The slug rules of the first task still hold.",
              SLUG,
              List.of("slug", "slug-length"),
              List.of("slug")));

  private DemoProject() {}

  /**
   * Creates the repository: the project's files in one commit on {@code main}, and the protected
   * branch at the same commit.
   *
   * @param dir an empty or missing folder
   * @return the folder
   */
  static Path create(Path dir) {
    try {
      Files.createDirectories(dir);
      write(dir, SLUG, resource("project/Slug.java.txt"));
      write(dir, WRAP, resource("project/Wrap.java.txt"));
      write(dir, TESTS, resource("project/TextkitTests.java.txt"));
      write(dir, ".gitignore", "build/\n");
      try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
        git.add().addFilepattern(".").call();
        git.commit()
            .setMessage("textkit: slugs and wrapping, with failing tests")
            .setAuthor(AUTHOR)
            .setCommitter(AUTHOR)
            .setSign(false)
            .call();
        git.branchCreate().setName("locked").call();
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("could not create the demo repository: " + e.getMessage(), e);
    }
  }

  /** The command that runs the given test groups of a compiled project. */
  static List<String> testCommand(List<String> groups) {
    List<String> command =
        new ArrayList<>(
            List.of(
                tool("java"),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                "build/classes",
                "textkit.TextkitTests"));
    command.addAll(groups);
    return command;
  }

  private static String tool(String name) {
    Path bin = Path.of(System.getProperty("java.home"), "bin");
    Path exe = bin.resolve(name);
    if (!Files.isExecutable(exe)) {
      exe = bin.resolve(name + ".exe");
    }
    if (!Files.isExecutable(exe)) {
      throw new IllegalStateException(
          "the example needs a JDK: no " + name + " next to the running java");
    }
    return exe.toString();
  }

  /** Reads one of the example's resources. */
  static String resource(String name) {
    try (InputStream in = DemoProject.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path root, String path, String content) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
