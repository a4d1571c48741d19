package dev.agentops.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared fixtures (real data from public projects), read from {@code ../shared/fixtures} beside
 * the repository and never copied into it. Tests that need them are skipped when they are absent;
 * CI has them.
 */
public final class Fixtures {

  private Fixtures() {}

  /** Returns a fixture's path, or skips the test if the fixtures are not present. */
  public static Path require(String relative) {
    Path found = find(relative);
    assumeTrue(found != null, "the shared fixtures are not present: " + relative);
    return found;
  }

  /** Returns a fixture's path, or null. Looks upward from the working directory. */
  public static Path find(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("fixtures").resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
