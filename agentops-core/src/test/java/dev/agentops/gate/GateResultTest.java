package dev.agentops.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.Artifact;
import dev.agentops.Provenance;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GateResultTest {

  @Test
  void redactsSecretsFromSummaryAndOutput() {
    GateResult r =
        GateResult.fail(
            "tests",
            "failed with AKIAIOSFODNN7EXAMPLE",
            "connecting as password=hunter2hunter2\nFAILED",
            Duration.ofMillis(5));

    assertThat(r.summary()).isEqualTo("failed with [REDACTED:aws-access-key]");
    assertThat(r.output())
        .isEqualTo("connecting as password=[REDACTED:credential]\nFAILED")
        .doesNotContain("hunter2");
  }

  @Test
  void keepsTheHeadAndTailOfLongOutputWithinTheBound() {
    String head = "BUILD STARTED\n";
    String tail = "\nTests run: 12, Failures: 1";
    String output = head + "x".repeat(GateResult.MAX_OUTPUT_CHARS * 2) + tail;

    GateResult r = new GateResult("build", GateStatus.FAIL, "exit 1", output, Duration.ZERO, 1);

    assertThat(r.output().length()).isLessThanOrEqualTo(GateResult.MAX_OUTPUT_CHARS);
    assertThat(r.output()).startsWith(head).endsWith(tail).contains(" characters left out]");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\n…\\[(\\d+) characters left out]…\n").matcher(r.output());
    assertThat(m.find()).isTrue();
    int kept = r.output().length() - (m.end() - m.start());
    assertThat(Integer.parseInt(m.group(1)) + kept).isEqualTo(output.length());
  }

  @Test
  void neverCutsASurrogatePairInHalf() {
    String emoji = "\uD83D\uDE00";
    String output = emoji.repeat(GateResult.MAX_OUTPUT_CHARS);

    String kept = GateResult.headAndTail(output, 101);

    assertThat(kept.codePoints()).allMatch(cp -> cp == 0x1F600 || cp < 0xD800 || cp > 0xDFFF);
    assertThat(kept.length()).isLessThanOrEqualTo(101);
  }

  @Test
  void refusesABlankNameAndANegativeDuration() {
    assertThatThrownBy(() -> GateResult.pass(" ", "ok", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gate of a gate result must not be blank");
    assertThatThrownBy(() -> GateResult.pass("lint", "ok", Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "duration of the result of gate 'lint' must not be negative, but was PT-0.001S");
  }

  @Test
  void aGateIsNamedAfterItsClassUnlessItSaysOtherwise() {
    Artifact artifact =
        Artifact.of(
            "doc",
            "text",
            Provenance.builder().author("a").model("m", "v").session("s").createdAt(Instant.EPOCH));
    Gate lambda = a -> GateResult.pass("inline", "ok", Duration.ZERO);

    assertThat(new NotEmpty().name()).isEqualTo("NotEmpty");
    assertThat(new NotEmpty().check(artifact).passed()).isTrue();
    assertThat(lambda.name()).isNotBlank();
  }

  static final class NotEmpty implements Gate {
    @Override
    public GateResult check(Artifact artifact) {
      return artifact.content().isEmpty()
          ? GateResult.fail(name(), "empty", "", Duration.ZERO)
          : GateResult.pass(name(), "not empty", Duration.ZERO);
    }
  }
}
