package dev.agentops.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdsTest {

  @Test
  void theDefaultsAreTheReferenceBudgets() {
    Thresholds t = Thresholds.defaults();

    assertThat(t.optimal()).isEqualTo(0.40);
    assertThat(t.warn()).isEqualTo(0.60);
    assertThat(t.compact()).isEqualTo(0.80);
    assertThat(t.critical()).isEqualTo(0.90);
  }

  @Test
  void mapFractionsToLevelsWithInclusiveLowerBounds() {
    Thresholds t = Thresholds.defaults();

    assertThat(t.levelOf(0.0)).isEqualTo(BudgetLevel.OPTIMAL);
    assertThat(t.levelOf(0.399)).isEqualTo(BudgetLevel.OPTIMAL);
    assertThat(t.levelOf(0.40)).isEqualTo(BudgetLevel.ELEVATED);
    assertThat(t.levelOf(0.60)).isEqualTo(BudgetLevel.WARN);
    assertThat(t.levelOf(0.80)).isEqualTo(BudgetLevel.COMPACT);
    assertThat(t.levelOf(0.90)).isEqualTo(BudgetLevel.CRITICAL);
    assertThat(t.levelOf(1.0)).isEqualTo(BudgetLevel.CRITICAL);
    assertThat(t.startOf(BudgetLevel.WARN)).isEqualTo(0.60);
    assertThat(t.startOf(BudgetLevel.OPTIMAL)).isZero();
  }

  @Test
  void mustBeOrderedWithinZeroAndOne() {
    assertThatThrownBy(() -> Thresholds.of(0.5, 0.4, 0.8, 0.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 < optimal <= warn <= compact <= critical <= 1")
        .hasMessageContaining("0.5, 0.4, 0.8, 0.9");
    assertThatThrownBy(() -> Thresholds.of(0.4, 0.6, 0.8, 1.2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Thresholds.of(0, 0.6, 0.8, 0.9))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
