package dev.agentops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the main example in a child JVM on the module path, as a JPMS host would: the module
 * descriptors must resolve, export what the example uses, and let Jackson build its records.
 */
class ModulePathTest {

  static final List<String> TEST_ONLY =
      List.of("junit", "opentest4j", "apiguardian", "assertj", "byte-buddy", "test-classes");

  @Test
  void theExampleRunsOnTheModulePath() throws IOException, InterruptedException {
    List<String> modulePath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (TEST_ONLY.stream().noneMatch(entry::contains)) {
        modulePath.add(entry);
      }
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "--module-path",
            String.join(File.pathSeparator, modulePath),
            "--module",
            "dev.agentops.examples/dev.agentops.examples.Main");
    pb.environment().remove("AGENTOPS_PROVIDER");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("attempt 2 accepted").contains("Next session:");
  }
}
