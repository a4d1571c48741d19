package dev.agentops.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QualityRubricTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  final QualityRubric rubric = QualityRubric.defaults();

  static Learning.Builder learning(String title, String what) {
    return Learning.builder("c-1", LearningKind.LEARNING, title, what, T0);
  }

  @ParameterizedTest
  @CsvSource({
    "0.8501, GOLD",
    "0.85, SILVER",
    "0.70, SILVER",
    "0.6999, BRONZE",
    "0.50, BRONZE",
    "0.4999, DISCARD",
    "0.0, DISCARD"
  })
  void tierBounds_areTheReferenceOnes(double total, Tier tier) {
    assertThat(rubric.tierOf(total)).isEqualTo(tier);
  }

  @Test
  void total_isTheWeightedSum() {
    Learning l =
        learning("Pin the JDK", "Pin the JDK with a Maven toolchain when CI images change.")
            .why("CI moved from JDK 17 to 21 overnight and the build broke.")
            .tags("ci")
            .confidence(0.8)
            .build();
    QualityScore s = rubric.score(l, 0.4);

    assertThat(s.total())
        .isCloseTo(
            0.30 * s.specificity()
                + 0.25 * s.actionability()
                + 0.20 * 0.4
                + 0.15 * s.context()
                + 0.10 * 0.8,
            within(1e-12));
    assertThat(s.novelty()).isEqualTo(0.4);
    assertThat(s.confidence()).isEqualTo(0.8);
  }

  @Nested
  class Specificity {

    @Test
    void concreteText_scoresHigherThanVagueText() {
      Learning concrete =
          learning(
                  "Pin the JDK",
                  "Pin the JDK to 17 with `maven-toolchains-plugin` so GitHub Actions images"
                      + " cannot change it under the build.")
              .build();
      Learning vague =
          learning(
                  "Be careful with things",
                  "We learned about various things and stuff in the build, be careful with it.")
              .build();

      assertThat(rubric.specificity(concrete)).isEqualTo(1.0);
      assertThat(rubric.specificity(vague)).isLessThan(0.3);
    }

    @Test
    void veryShortText_losesLengthCredit() {
      Learning shortOne = learning("Short", "Use toolchains.").build();

      assertThat(rubric.specificity(shortOne)).isCloseTo(0.4 * 2 / 8.0, within(1e-12));
    }
  }

  @Nested
  class Actionability {

    @Test
    void aDirectiveWithACondition_scoresOne() {
      assertThat(
              rubric.actionability(
                  learning("Retry", "Retry idempotent calls when the server answers 503.").build()))
          .isEqualTo(1.0);
    }

    @Test
    void aDirectiveAlone_scoresSixTenths_andAConditionAloneFourTenths() {
      assertThat(rubric.actionability(learning("Retry", "Always retry idempotent calls.").build()))
          .isEqualTo(0.6);
      assertThat(
              rubric.actionability(
                  learning("Observed", "The build got slower after the upgrade.").build()))
          .isEqualTo(0.4);
      assertThat(
              rubric.actionability(learning("Observed", "The build got slower overall.").build()))
          .isZero();
    }

    @Test
    void aFailureThatSaysWhatFails_isActionable_asADecisionWithItsRationale() {
      Learning failure =
          learning("zsh arithmetic", "Counter arithmetic in zsh breaks GOALS.yaml checks.")
              .kind(LearningKind.FAILURE)
              .build();
      Learning decision =
          learning("Lucene 9", "The index uses Lucene 9.12.")
              .kind(LearningKind.DECISION)
              .why("Lucene 10 needs Java 21")
              .build();

      assertThat(rubric.actionability(failure)).isEqualTo(0.6);
      assertThat(rubric.actionability(decision)).isEqualTo(0.6);
    }
  }

  @Test
  void context_addsItsParts() {
    Learning bare = learning("T", "Some lesson text that is long enough.").build();
    Learning full =
        learning("T", "Some lesson text that is long enough.")
            .why("because")
            .context("a session")
            .applicability(Applicability.of("", "java"))
            .tags("x")
            .source(LearningSource.session("s-1"))
            .build();

    assertThat(rubric.context(bare)).isZero();
    assertThat(rubric.context(full)).isCloseTo(1.0, within(1e-12));
    assertThat(rubric.context(bare.toBuilder().source(LearningSource.session("s")).build()))
        .isEqualTo(0.25);
  }

  @Nested
  class Defects {

    List<QualityDefect> defects(String what) {
      return rubric.defects(learning("A title", what).build());
    }

    @Test
    void aWellFormedLesson_hasNone() {
      assertThat(defects("Wrap every shell check in `bash -c` so zsh cannot change results."))
          .isEmpty();
      assertThat(defects("`git worktree add` fails when the branch is checked out elsewhere."))
          .isEmpty();
    }

    @Test
    void eachDefect_isFound() {
      assertThat(defects("Use bash.")).containsExactly(QualityDefect.TOO_SHORT);
      assertThat(defects("word ".repeat(301).replace("word", "Word")))
          .contains(QualityDefect.TOO_LONG);
      assertThat(defects("The plan addresses all six findings, but the migration has..."))
          .containsExactly(QualityDefect.TRUNCATED);
      assertThat(defects("Key findings of the review are the following:"))
          .containsExactly(QualityDefect.TRUNCATED);
      assertThat(defects("till running the remaining agents in the background now."))
          .containsExactly(QualityDefect.STARTS_MID_SENTENCE);
      assertThat(defects("Agent output quality is **determined by context input quality."))
          .containsExactly(QualityDefect.MARKUP_DEBRIS);
      assertThat(defects("Results are below.\n\n### Step 3: Launch the explore agent now."))
          .containsExactly(QualityDefect.MARKUP_DEBRIS);
      assertThat(defects("The plan is sound on vision and scope.</result> Ship it today."))
          .containsExactly(QualityDefect.MARKUP_DEBRIS);
      assertThat(defects("The links are stale. Let me fix the in-scope files and commit."))
          .containsExactly(QualityDefect.TRANSCRIPT_DEBRIS);
      assertThat(
              rubric.defects(
                  learning("Lucene 9", "The index uses Lucene 9.12 for every search.")
                      .kind(LearningKind.DECISION)
                      .build()))
          .containsExactly(QualityDefect.NO_RATIONALE);
    }

    @Test
    void aDefect_makesADiscard_whateverTheTotal() {
      Learning l =
          learning("Retry", "Retry idempotent calls when the server answers 503, and then...")
              .why("Seen in 3 incidents")
              .confidence(1.0)
              .build();
      QualityScore s = rubric.score(l, 1.0);

      assertThat(s.total()).isGreaterThan(0.7);
      assertThat(s.tier()).isEqualTo(Tier.DISCARD);
      assertThat(s.defects()).containsExactly(QualityDefect.TRUNCATED);
    }
  }

  @Test
  void builder_refusesInconsistentSettings() {
    assertThatThrownBy(() -> QualityRubric.builder().weights(0.3, 0.3, 0.3, 0.3, 0.1).build())
        .hasMessage("weights must add up to 1, but added up to 1.3");
    assertThatThrownBy(() -> QualityRubric.builder().tiers(0.6, 0.7, 0.5).build())
        .hasMessageContaining("tier bounds must hold");
    assertThatThrownBy(() -> QualityRubric.builder().duplicateSimilarity(0).build())
        .hasMessageContaining("duplicateSimilarity");
    assertThat(QualityRubric.defaults().toBuilder().build().toString())
        .isEqualTo(QualityRubric.defaults().toString());
  }
}
