package dev.agentops.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static Learning.Builder sample(String id) {
    return Learning.builder(
        id,
        LearningKind.PATTERN,
        "Wrap shell checks in bash -c",
        "Run every GOALS.yaml check through `bash -c` so zsh arithmetic never changes the result.",
        T0);
  }

  @Test
  void builder_appliesTheDefaults() {
    Learning l = sample("lrn-1").build();

    assertThat(l.status()).isEqualTo(LearningStatus.ACTIVE);
    assertThat(l.maturity()).isEqualTo(Maturity.PROVISIONAL);
    assertThat(l.utility()).isEqualTo(0.5);
    assertThat(l.confidence()).isEqualTo(0.5);
    assertThat(l.applicability()).isEqualTo(Applicability.ANY);
    assertThat(l.source()).isEqualTo(LearningSource.UNKNOWN);
    assertThat(l.lastTouched()).isEqualTo(T0);
    assertThat(l.expiresAt()).isEmpty();
  }

  @Test
  void toBuilder_keepsEveryComponent() {
    Learning l =
        sample("lrn-1")
            .why("zsh and bash differ on arithmetic in && chains")
            .context("GOALS.yaml verification")
            .confidence(0.9)
            .tags("Shell", "shell", " ci ")
            .applicability(Applicability.of("when checks run on macOS", "Bash"))
            .source(new LearningSource("s-1", "bd-7", "retros/epic.md"))
            .lastCited(T0.plusSeconds(60))
            .utility(0.7)
            .feedback(4, 1)
            .maturity(Maturity.CANDIDATE)
            .quality(Tier.SILVER, 0.77)
            .supersedes("lrn-0")
            .supersededBy("lrn-2")
            .status(LearningStatus.RETIRED)
            .timeToLive(Duration.ofDays(30))
            .build();

    assertThat(l.toBuilder().build()).isEqualTo(l);
    assertThat(l.tags()).containsExactly("shell", "ci");
    assertThat(l.applicability().languages()).containsExactly("bash");
    assertThat(l.lastTouched()).isEqualTo(T0.plusSeconds(60));
    assertThat(l.expiresAt()).contains(T0.plus(Duration.ofDays(30)));
  }

  @Test
  void constructor_refusesOutOfRangeValues_namingTheField() {
    assertThatThrownBy(() -> sample("lrn-1").confidence(1.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("confidence of learning 'lrn-1' must be from 0 to 1, but was 1.5");
    assertThatThrownBy(() -> sample("lrn-1").utility(Double.NaN).build())
        .hasMessageContaining("utility of learning 'lrn-1'");
    assertThatThrownBy(() -> sample("lrn-1").feedback(2, 3).build())
        .hasMessageContaining("harmfulCount 3 and feedbackCount 2");
    assertThatThrownBy(() -> sample("../etc").build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sample("lrn-1").timeToLive(Duration.ZERO).build())
        .hasMessageContaining("timeToLive of learning 'lrn-1' must be positive");
    assertThatThrownBy(() -> Learning.builder("lrn-1", LearningKind.LEARNING, " ", "x", T0).build())
        .hasMessage("title of learning 'lrn-1' must not be blank");
  }

  @Test
  void wireNames_areLowerCaseWithHyphens_andReadInAnyForm() {
    assertThat(LearningKind.ANTI_PATTERN.wireName()).isEqualTo("anti-pattern");
    assertThat(LearningKind.fromWireName("Anti_Pattern")).isEqualTo(LearningKind.ANTI_PATTERN);
    assertThat(Maturity.fromWireName("anti-pattern")).isEqualTo(Maturity.ANTI_PATTERN);
    assertThat(Tier.fromWireName("GOLD")).isEqualTo(Tier.GOLD);
    assertThat(LearningStatus.fromWireName("tombstoned")).isEqualTo(LearningStatus.TOMBSTONED);
    assertThatThrownBy(() -> LearningStatus.fromWireName("done"))
        .hasMessage("status must be one of pending, active, retired, tombstoned, but was 'done'");
  }

  @Test
  void maturityWeights_areTheReferenceValues() {
    assertThat(List.of(Maturity.values()).stream().map(Maturity::weight))
        .containsExactly(1.0, 1.1, 1.3, 0.4);
  }
}
