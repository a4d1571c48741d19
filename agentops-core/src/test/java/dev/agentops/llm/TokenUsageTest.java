package dev.agentops.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenUsageTest {

  @Test
  void plusAddsEachCount() {
    TokenUsage sum = new TokenUsage(100, 20, 30).plus(new TokenUsage(50, 5, 50));

    assertThat(sum).isEqualTo(new TokenUsage(150, 25, 80));
    assertThat(sum.totalTokens()).isEqualTo(175);
  }

  @Test
  void plusSaturatesInsteadOfOverflowingOnAbsurdReports() {
    TokenUsage absurd = new TokenUsage(1L << 61, 1L << 61, 1L << 61);
    TokenUsage total = TokenUsage.NONE;

    for (int i = 0; i < 5; i++) {
      total = total.plus(absurd);
    }

    assertThat(total).isEqualTo(new TokenUsage(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
    assertThat(total.plus(absurd)).isEqualTo(total);
  }

  @Test
  void plusKeepsCachedWithinPromptWhenOnlyThePromptSaturates() {
    TokenUsage sum =
        new TokenUsage(Long.MAX_VALUE - 1, 0, 10).plus(new TokenUsage(Long.MAX_VALUE - 1, 0, 10));

    assertThat(sum).isEqualTo(new TokenUsage(Long.MAX_VALUE, 0, 20));
  }

  @Test
  void totalTokensSaturates() {
    assertThat(TokenUsage.of(Long.MAX_VALUE, 1).totalTokens()).isEqualTo(Long.MAX_VALUE);
    assertThat(TokenUsage.of(1L << 62, 1L << 62).totalTokens()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void refusesNegativeCountsAndMoreCachedThanSent() {
    assertThatThrownBy(() -> TokenUsage.of(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("promptTokens must be >= 0, but was -1");
    assertThatThrownBy(() -> new TokenUsage(5, 0, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and promptTokens (5)");
  }
}
