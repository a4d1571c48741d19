package dev.agentops.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.SplittableRandom;

/** Realistic record bodies and temporary directories for the store benchmarks. */
final class Records {

  private static final String[] WORDS = {
    "fix",
    "the",
    "flaky",
    "test",
    "in",
    "order",
    "service",
    "cache",
    "leaks",
    "between",
    "runs",
    "research",
    "before",
    "build",
    "validate",
    "lock",
    "progress",
    "extract",
    "learnings"
  };

  private Records() {}

  /** A work-item-like JSON record of about 400 bytes. */
  static String workItem(String id, SplittableRandom random) {
    StringBuilder title = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      title.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    StringBuilder description = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      description.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    return "{\"id\":\""
        + id
        + "\",\"title\":\""
        + title.toString().strip()
        + "\",\"description\":\""
        + description.toString().strip()
        + "\",\"status\":\"open\",\"priority\":"
        + random.nextInt(5)
        + ",\"type\":\"task\",\"labels\":[\"bench\"],\"attempts\":0}";
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
