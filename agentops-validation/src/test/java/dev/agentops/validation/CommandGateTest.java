package dev.agentops.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.gate.GateResult;
import dev.agentops.gate.GateStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real processes: single-file Java programs and {@code sh} scripts written to a temp dir. */
class CommandGateTest {

  /** A guard so a broken gate cannot hang the build: not a timing claim. */
  static final Duration GUARD = Duration.ofMinutes(2);

  @TempDir Path dir;

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A tiny project whose "test suite" is a single-file Java program checking its own code. */
  Path project(boolean correct) throws IOException {
    Path project = Files.createDirectories(dir.resolve(correct ? "good" : "bad"));
    Files.writeString(
        project.resolve("CalcTest.java"),
        """
        public class CalcTest {
          static int add(int a, int b) { return a + b%s; }

          public static void main(String[] args) {
            int failures = 0;
            int[][] cases = {{2, 2, 4}, {0, 0, 0}, {-1, 1, 0}};
            for (int[] c : cases) {
              int got = add(c[0], c[1]);
              if (got != c[2]) {
                System.err.println("FAILED: add(" + c[0] + ", " + c[1] + ") was " + got
                    + ", expected " + c[2]);
                failures++;
              }
            }
            System.out.println("Tests run: " + cases.length + ", Failures: " + failures);
            System.exit(failures == 0 ? 0 : 1);
          }
        }
        """
            .formatted(correct ? "" : " + 1"));
    return project;
  }

  CommandGate.Builder javaTests(Path project) {
    return CommandGate.builder(
            project, java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "CalcTest.java")
        .name("unit tests")
        .timeout(GUARD);
  }

  Path script(String name, String body) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(script, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
    return script;
  }

  @Nested
  class ExitCodes {

    @Test
    void aProjectWhoseTestsPassPasses() throws IOException {
      GateResult r = javaTests(project(true)).build().run();

      assertThat(r.status()).as(r.output()).isEqualTo(GateStatus.PASS);
      assertThat(r.exitCode()).isZero();
      assertThat(r.gate()).isEqualTo("unit tests");
      assertThat(r.summary()).isEqualTo("exit code 0");
      assertThat(r.output()).contains("Tests run: 3, Failures: 0");
    }

    @Test
    void aProjectWhoseTestsFailFailsWithItsOutput() throws IOException {
      GateResult r = javaTests(project(false)).build().run();

      assertThat(r.status()).isEqualTo(GateStatus.FAIL);
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.summary()).isEqualTo("exit code 1");
      // Standard error and standard output are both kept.
      assertThat(r.output())
          .contains("FAILED: add(2, 2) was 5, expected 4")
          .contains("Tests run: 3, Failures: 3");
    }

    @Test
    void anyNonZeroExitFails() throws IOException {
      Path s = script("exit3.sh", "echo about to fail\nexit 3\n");

      GateResult r = CommandGate.builder(dir, "sh", s.toString()).build().run();

      assertThat(r.status()).isEqualTo(GateStatus.FAIL);
      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(r.output()).isEqualTo("about to fail\n");
      assertThat(r.gate()).isEqualTo("sh");
    }

    @Test
    void aProgramThatCannotStartIsAnErrorNeverAPass() {
      GateResult missingProgram =
          CommandGate.builder(dir, "no-such-program-agentops-test").build().run();
      GateResult missingDirectory =
          CommandGate.builder(dir.resolve("absent"), "sh", "-c", "exit 0").build().run();

      assertThat(missingProgram.status()).isEqualTo(GateStatus.ERROR);
      assertThat(missingProgram.summary())
          .startsWith("could not start 'no-such-program-agentops-test'");
      assertThat(missingProgram.exitCode()).isNull();
      assertThat(missingDirectory.status()).isEqualTo(GateStatus.ERROR);
    }

    @Test
    void runsInItsDirectoryWithTheGivenEnvironmentAndNoInput() throws IOException {
      Path work = Files.createDirectories(dir.resolve("work"));
      Files.writeString(work.resolve("marker.txt"), "here");

      GateResult r =
          CommandGate.builder(
                  work, "sh", "-c", "cat marker.txt; echo \" $GREETING\"; cat; echo done")
              .env("GREETING", "hello")
              .timeout(GUARD)
              .build()
              .run();

      // 'cat' with no file reads standard input, which is closed, so it ends at once.
      assertThat(r.status()).isEqualTo(GateStatus.PASS);
      assertThat(r.output()).isEqualTo("here hello\ndone\n");
    }

    @Test
    void canStartFromAnEmptyEnvironment() {
      GateResult r =
          CommandGate.builder(dir, "/bin/sh", "-c", "echo \"[$HOME][$ONLY]\"")
              .inheritEnvironment(false)
              .env("ONLY", "this")
              .build()
              .run();

      assertThat(r.output()).isEqualTo("[][this]\n");
    }

    @Test
    void anInterruptedRunIsAnErrorAndKeepsTheInterrupt() {
      // The program itself, not a shell, so that it has no child that could be forked in the
      // instant between the tree being listed and its parent being stopped.
      Thread.currentThread().interrupt();
      GateResult r;
      try {
        r =
            CommandGate.builder(dir, "sleep", "600")
                .timeout(GUARD)
                .killGrace(Duration.ZERO)
                .build()
                .run();
      } finally {
        assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
      }

      assertThat(r.status()).isEqualTo(GateStatus.ERROR);
      assertThat(r.summary()).isEqualTo("interrupted; the process tree (1 processes) was killed");
      assertThat(r.output()).isEmpty();
    }
  }

  @Nested
  class Timeouts {

    @Test
    void aHangingProcessIsKilledWithItsChildrenAndFails() throws Exception {
      // A parent that starts a child that starts a grandchild; each records its pid, then all
      // wait far longer than the gate allows.
      Path s =
          script(
              "hang.sh",
              """
              echo $$ > "$PIDS/parent"
              sh -c 'echo $$ > "$PIDS/child"; sleep 600 & echo $! > "$PIDS/grandchild"; wait' &
              echo started
              wait
              """);
      Path pids = Files.createDirectories(dir.resolve("pids"));

      GateResult r =
          CommandGate.builder(dir, "sh", s.toString())
              .env("PIDS", pids.toString())
              .timeout(Duration.ofSeconds(3))
              .killGrace(Duration.ofMillis(500))
              .build()
              .run();

      assertThat(r.status()).isEqualTo(GateStatus.FAIL);
      assertThat(r.exitCode()).isNull();
      assertThat(r.summary())
          .startsWith("timed out after PT3S; the process tree (")
          .endsWith(" processes) was killed");
      assertThat(r.output()).startsWith("started\n");
      List<Long> recorded = new ArrayList<>();
      for (String who : List.of("parent", "child", "grandchild")) {
        Path file = pids.resolve(who);
        assertThat(file).as("%s recorded its pid before the timeout", who).exists();
        recorded.add(Long.parseLong(Files.readString(file).trim()));
      }
      for (long pid : recorded) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .as("process %d is still alive", pid)
            .isFalse();
      }
    }

    @Test
    void aProcessThatIgnoresTerminationIsKilledAfterTheGrace() throws IOException {
      Path pids = Files.createDirectories(dir.resolve("stubborn"));
      Path s =
          script(
              "stubborn.sh",
              """
              trap '' TERM
              echo $$ > "$PIDS/self"
              while :; do sleep 1; done
              """);

      GateResult r =
          CommandGate.builder(dir, "sh", s.toString())
              .env("PIDS", pids.toString())
              .timeout(Duration.ofSeconds(2))
              .killGrace(Duration.ofMillis(200))
              .build()
              .run();

      assertThat(r.status()).isEqualTo(GateStatus.FAIL);
      long pid = Long.parseLong(Files.readString(pids.resolve("self")).trim());
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }

  @Nested
  class Output {

    static final Pattern TOTAL = Pattern.compile("…\\[(\\d+) bytes of output in all");

    @Test
    void megabytesOfOutputAreDrainedAndBoundedToHeadAndTail() throws IOException {
      // 6 MB on standard output and 3 MB on standard error: far beyond any pipe buffer, so a gate
      // that did not drain while waiting would hang until the guard and fail.
      Path s =
          script(
              "chatty.sh",
              """
              echo BEGIN
              head -c 6000000 /dev/zero | tr '\\0' 'o'
              head -c 3000000 /dev/zero | tr '\\0' 'e' >&2
              echo
              echo END
              """);

      GateResult r = CommandGate.builder(dir, "sh", s.toString()).timeout(GUARD).build().run();

      assertThat(r.status()).isEqualTo(GateStatus.PASS);
      assertThat(r.output().length())
          .isLessThanOrEqualTo(CommandGate.DEFAULT_MAX_OUTPUT_BYTES + 200);
      assertThat(r.output()).startsWith("BEGIN\nooo").endsWith("eee\nEND\n");
      Matcher total = TOTAL.matcher(r.output());
      assertThat(total.find()).isTrue();
      assertThat(Long.parseLong(total.group(1))).isEqualTo(6 + 6_000_000 + 3_000_000 + 1 + 4);
    }

    @Test
    void theBoundIsConfigurable() {
      GateResult r =
          CommandGate.builder(dir, "sh", "-c", "head -c 100000 /dev/zero | tr '\\0' 'x'")
              .maxOutputBytes(1024)
              .timeout(GUARD)
              .build()
              .run();

      assertThat(r.output().length()).isBetween(1024, 1024 + 200);
      assertThat(r.output()).contains("…[100000 bytes of output in all");
    }

    @Test
    void outputWithinTheBoundIsKeptWhole() {
      String line = "0123456789".repeat(10) + "\n";
      GateResult r =
          CommandGate.builder(
                  dir,
                  "sh",
                  "-c",
                  "i=0; while [ $i -lt 100 ]; do echo " + line.strip() + "; i=$((i+1)); done")
              .timeout(GUARD)
              .build()
              .run();

      assertThat(r.output()).isEqualTo(line.repeat(100));
    }

    @Test
    void secretsAreRedactedEvenAcrossTheCut() {
      String key = "AKIAIOSFODNN7EXAMPLE";
      // The key lies across the end of the kept head (the first 512 bytes of 1,024).
      String command =
          "printf 'x%.0s' $(seq 1 505); printf ' "
              + key
              + " '; head -c 5000 /dev/zero | tr '\\0' 'y'; echo ' password=hunter2hunter2'";

      GateResult r =
          CommandGate.builder(dir, "sh", "-c", command)
              .maxOutputBytes(1024)
              .timeout(GUARD)
              .build()
              .run();

      assertThat(r.output())
          .doesNotContain(key)
          .doesNotContain("AKIA")
          .doesNotContain("hunter2")
          .contains("password=[REDACTED:credential]");
    }

    @Test
    void refusesBoundsOutsideTheRange() {
      assertThatThrownBy(() -> CommandGate.builder(dir, "sh").maxOutputBytes(10))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxOutputBytes must be from 256 to 1048576, but was 10");
      assertThatThrownBy(() -> CommandGate.builder(dir, List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("command must name a program, but was []");
      assertThatThrownBy(() -> CommandGate.builder(dir, "sh").timeout(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("timeout must be positive, but was PT0S");
    }
  }
}
