package dev.agentops.llm.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HttpRetriesTest {

  @Test
  void backoffDoublesUpToTheCapWithJitterInTheUpperHalf() {
    long seed = 42;
    HttpRetries retries =
        HttpRetries.builder()
            .backoff(Duration.ofMillis(100), Duration.ofMillis(1_000))
            .random(new SplittableRandom(seed))
            .build();
    long[] bases = {100, 200, 400, 800, 1_000, 1_000, 1_000};

    for (int retry = 1; retry <= bases.length; retry++) {
      for (int draw = 0; draw < 50; draw++) {
        Duration d = retries.backoff(retry);
        assertThat(d.toMillis())
            .as("retry %d, seed %d", retry, seed)
            .isBetween(bases[retry - 1] / 2, bases[retry - 1]);
      }
    }
  }

  @Test
  void backoffNeverOverflowsForLateRetries() {
    HttpRetries retries =
        HttpRetries.builder().backoff(Duration.ofSeconds(1), Duration.ofDays(1)).build();

    assertThat(retries.backoff(10_000)).isLessThanOrEqualTo(Duration.ofDays(1));
  }

  @Test
  void theDefaultsAreFourAttemptsAndAMinuteOfHonouredWaiting() {
    assertThat(HttpRetries.defaults().maxAttempts()).isEqualTo(4);
    assertThat(HttpRetries.defaults().maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(HttpRetries.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void badSettingsNameTheArgument() {
    assertThatThrownBy(() -> HttpRetries.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be >= 1, but was 0");
    assertThatThrownBy(
            () -> HttpRetries.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 <= initial <= max");
    assertThatThrownBy(() -> HttpRetries.defaults().backoff(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toBuilderKeepsTheSettings() {
    HttpRetries r =
        HttpRetries.builder().maxAttempts(7).maxRetryAfter(Duration.ofSeconds(5)).build();

    HttpRetries copy = r.toBuilder().build();

    assertThat(copy.maxAttempts()).isEqualTo(7);
    assertThat(copy.maxRetryAfter()).isEqualTo(Duration.ofSeconds(5));
  }
}
