package dev.agentops.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Real conversation material from the reference plugin's vault, which lives beside the repository
 * in {@code shared/fixtures/agentops-vault/.agents} and is never copied into it. Tests that use it
 * skip themselves when it is absent. The files name paths on their author's machine: print file
 * names, never content.
 */
final class VaultFixtures {

  /** A vault file: its id ({@code sessions/<name>} or {@code council/<name>}), name and text. */
  record VaultFile(String id, String name, String text) {}

  private VaultFixtures() {}

  /**
   * Finds the vault: under the {@code agentops.fixtures} system property if it is set, else {@code
   * shared/fixtures/agentops-vault/.agents} in the working directory or one of its parents (the
   * repository's parent holds {@code shared/}; surefire runs in the module directory, one deeper).
   */
  static Optional<Path> vault() {
    String property = System.getProperty("agentops.fixtures");
    if (property != null && !property.isBlank()) {
      return usable(Path.of(property).resolve("agentops-vault/.agents"));
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Optional<Path> p = usable(dir.resolve("shared/fixtures/agentops-vault/.agents"));
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the session summaries ({@code ao/sessions/*.md}) and council reports ({@code
   * council/*.md}) together, sorted by file name, or nothing if the vault is absent.
   */
  static Optional<List<VaultFile>> sessionsAndCouncilReports() {
    return vault()
        .map(
            v -> {
              List<VaultFile> all = new ArrayList<>();
              all.addAll(markdownIn(v.resolve("ao/sessions"), "sessions/"));
              all.addAll(markdownIn(v.resolve("council"), "council/"));
              all.sort(Comparator.comparing(VaultFile::name).thenComparing(VaultFile::id));
              return List.copyOf(all);
            })
        .filter(files -> !files.isEmpty());
  }

  private static Optional<Path> usable(Path p) {
    return Files.isDirectory(p.resolve("ao/sessions")) && Files.isDirectory(p.resolve("council"))
        ? Optional.of(p)
        : Optional.empty();
  }

  private static List<VaultFile> markdownIn(Path dir, String prefix) {
    try (Stream<Path> paths = Files.list(dir)) {
      List<VaultFile> out = new ArrayList<>();
      for (Path p : paths.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        String name = p.getFileName().toString();
        out.add(new VaultFile(prefix + name, name, Files.readString(p, StandardCharsets.UTF_8)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
