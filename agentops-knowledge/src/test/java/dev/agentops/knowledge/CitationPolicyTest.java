package dev.agentops.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CitationPolicyTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  final CitationPolicy policy = CitationPolicy.defaults();

  @Test
  void utility_isAnExponentialMovingAverage_withAlphaOneTenth() {
    assertThat(policy.utilityAfter(0.5, Feedback.HELPFUL)).isCloseTo(0.55, within(1e-12));
    assertThat(policy.utilityAfter(0.5, Feedback.NEUTRAL)).isCloseTo(0.5, within(1e-12));
    assertThat(policy.utilityAfter(0.5, Feedback.HARMFUL)).isCloseTo(0.45, within(1e-12));
  }

  @ParameterizedTest
  @CsvSource({
    "0.50, 0, 0, PROVISIONAL",
    "0.60, 2, 0, PROVISIONAL",
    "0.55, 3, 0, CANDIDATE",
    "0.54, 3, 0, PROVISIONAL",
    "0.55, 5, 0, ESTABLISHED",
    "0.90, 9, 1, ESTABLISHED",
    "0.20, 3, 3, ANTI_PATTERN",
    "0.21, 3, 3, PROVISIONAL",
    "0.10, 3, 2, PROVISIONAL"
  })
  void maturity_followsTheReferenceThresholds(
      double utility, int feedback, int harmful, Maturity expected) {
    assertThat(policy.maturityOf(utility, feedback, harmful)).isEqualTo(expected);
  }

  @Test
  void aCitationOfAnotherLearning_isRefused() {
    Learning l =
        Learning.builder("l-1", LearningKind.LEARNING, "T", "Use a toolchain for the JDK.", T0)
            .build();

    assertThatThrownBy(() -> policy.apply(l, Citation.applied("l-2", "s", Feedback.HELPFUL, T0)))
        .hasMessage("a citation of 'l-2' cannot apply to 'l-1'");
  }

  @Test
  void anOlderCitation_doesNotMoveLastCitedBack() {
    Learning l =
        Learning.builder("l-1", LearningKind.LEARNING, "T", "Use a toolchain for the JDK.", T0)
            .lastCited(T0.plusSeconds(100))
            .build();

    Learning after =
        policy.apply(l, new Citation("l-1", "s", CitationKind.REFERENCED, null, T0.plusSeconds(5)));

    assertThat(after.lastCited()).isEqualTo(T0.plusSeconds(100));
  }

  @Test
  void builder_refusesInconsistentSettings() {
    assertThatThrownBy(() -> CitationPolicy.builder().alpha(0).build())
        .hasMessage("alpha must be in (0, 1], but was 0.0");
    assertThatThrownBy(() -> CitationPolicy.builder().maturity(0.55, 5, 3).build())
        .hasMessageContaining("1 <= candidate <= established");
  }
}
