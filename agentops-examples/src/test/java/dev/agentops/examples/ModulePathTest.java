package dev.agentops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the README's main example, the whole loop, in a child JVM on the module path, as a JPMS host
 * would: the module descriptors must resolve, export what the example uses, and let Jackson build
 * its records. The child's home, git configuration and temporary folder are inside the test's
 * temporary directory.
 */
class ModulePathTest {

  static final List<String> TEST_ONLY =
      List.of("junit", "opentest4j", "apiguardian", "assertj", "byte-buddy", "test-classes");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"with git", "without git on the PATH"})
  void theLoopRunsOnTheModulePathAndEndsDormant(String git)
      throws IOException, InterruptedException {
    List<String> modulePath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (TEST_ONLY.stream().noneMatch(entry::contains)) {
        modulePath.add(entry);
      }
    }
    Path home = Files.createDirectories(dir.resolve("home"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Files.writeString(home.resolve(".gitconfig"), "");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Duser.home=" + home,
            "-Djava.io.tmpdir=" + tmp,
            "--module-path",
            String.join(File.pathSeparator, modulePath),
            "--module",
            "dev.agentops.examples/dev.agentops.examples.Main");
    Map<String, String> env = pb.environment();
    env.remove("AGENTOPS_PROVIDER");
    env.remove("AGENTOPS_KEEP");
    env.keySet().removeIf(k -> k.startsWith("GIT_"));
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
    if (git.startsWith("without")) {
      // workspaces are then JGit clones, whose commits must be fetched back before a lock
      env.put("PATH", Files.createDirectories(dir.resolve("empty-bin")).toString());
    }
    Path log = dir.resolve("out.txt");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    try {
      assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the example finished").isTrue();
    } finally {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("model: demo-coder (deterministic, offline")
        .contains("fitness: 0 of 3 goals pass")
        .contains("3 of 3 goals pass (slug ✓ slug-length ✓ wrap ✓)")
        .contains("dormant: every goal passes, nothing is ready, nothing new was harvested. Stop.")
        .contains("locks 3,");
    // each first attempt fails its tests, the failure is harvested, and the retry is shown it
    assertThat(output)
        .containsPattern(
            "approach 'replace-spaces'.*\\n.*validate +FAIL \\(compile PASS, tests slug FAIL;"
                + " judges not called\\)")
        .containsPattern(
            "harvested +failure flr-[0-9a-z-]+ \\(gate-failure: gate tests slug FAIL\\) → known"
                + " failure 'Use approach 'replace-spaces' in src/textkit/Slug.java fails:"
                + " gate-failure' accepted")
        .containsPattern(
            "plan +knowledge: 1 learning injected .* approach 'split-on-non-alphanumerics'");
    // the third task is shown the slug failure before it tries, and gets it right the first time
    Matcher third = Pattern.compile("\"Slug.of: keep digits[^\\n]*attempt (\\d)").matcher(output);
    assertThat(third.find()).as(output).isTrue();
    assertThat(third.group(1)).isEqualTo("1");
    assertThat(output.substring(third.start())).doesNotContain("· approach 'replace-spaces'");
    // once harvested, a known failure is a gate on every later change
    assertThat(output).containsPattern("known-failure:lrn-[0-9a-z-]+ PASS, tests wrap PASS");
    // the working folder was removed
    try (var left = Files.list(tmp)) {
      assertThat(left.filter(f -> f.getFileName().toString().startsWith("agentops-loop")))
          .isEmpty();
    }
  }
}
