package dev.agentops.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EscalationPolicyTest {

  @Test
  void defaultsRetryTestAndBuildFailuresDecomposeWhatIsTooBigAndEscalateTheRest() {
    EscalationPolicy p = EscalationPolicy.defaults();

    assertThat(p.actionFor("test-failure")).isEqualTo(FailureAction.retry());
    assertThat(p.actionFor("build-failure")).isEqualTo(FailureAction.retry());
    assertThat(p.actionFor("rate-limited")).isEqualTo(FailureAction.retry(Duration.ofSeconds(60)));
    assertThat(p.actionFor("timeout")).isEqualTo(FailureAction.retry(Duration.ofSeconds(30)));
    assertThat(p.actionFor("too-large")).isEqualTo(FailureAction.decompose());
    assertThat(p.actionFor("context-saturated").kind()).isEqualTo(FailureAction.Kind.DECOMPOSE);
    assertThat(p.actionFor(Failure.EXCEPTION)).isEqualTo(FailureAction.escalate());
    assertThat(p.actionFor("never-heard-of-it")).isEqualTo(FailureAction.escalate());
    assertThat(p.lookup("never-heard-of-it")).isEmpty();
    assertThat(p.systemicWorkers()).isEqualTo(3);
    assertThat(p.systemicWindow()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aBuilderStartsEmptySoEverythingEscalates() {
    EscalationPolicy p = EscalationPolicy.builder().build();

    assertThat(p.table()).isEmpty();
    assertThat(p.actionFor("test-failure").kind()).isEqualTo(FailureAction.Kind.ESCALATE);
  }

  @Test
  void toBuilderKeepsTheTableAndCanChangeIt() {
    EscalationPolicy p =
        EscalationPolicy.defaults().toBuilder()
            .remove("test-failure")
            .retry("flaky", Duration.ofSeconds(5))
            .build();

    assertThat(p.lookup("test-failure")).isEmpty();
    assertThat(p.actionFor("flaky")).isEqualTo(FailureAction.retry(Duration.ofSeconds(5)));
    assertThat(p.actionFor("build-failure")).isEqualTo(FailureAction.retry());
    assertThat(EscalationPolicy.defaults().lookup("test-failure")).isPresent();
  }

  @Test
  void refusesMalformedRows() {
    assertThatThrownBy(() -> EscalationPolicy.builder().retry("Test Failure"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failureClass must be")
        .hasMessageContaining("'Test Failure'");
    assertThatThrownBy(() -> EscalationPolicy.builder().retry("x", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cooldown must be between 0 and PT24H, but was PT-1S");
    assertThatThrownBy(() -> EscalationPolicy.builder().systemic(1, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("systemic workers must be >= 2, but was 1");
    assertThatThrownBy(() -> EscalationPolicy.builder().systemic(2, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("systemic window must be positive, but was PT0S");
  }

  @Test
  void retryPolicyIsBoundedByDefaultAndChecksItsLimits() {
    assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(3);
    assertThat(RetryPolicy.defaults().carriedFailures()).isEqualTo(3);
    assertThat(RetryPolicy.defaults().toBuilder().maxAttempts(5).build().maxAttempts())
        .isEqualTo(5);
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be between 1 and 100, but was 0");
    assertThatThrownBy(() -> RetryPolicy.builder().carriedFailures(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("carriedFailures must be between 1 and 3, but was 4");
  }

  @Test
  void levelsClimbOneAtATime() {
    assertThat(Level.WORKER.above()).hasValue(Level.SUPERVISOR);
    assertThat(Level.SUPERVISOR.above()).hasValue(Level.COORDINATOR);
    assertThat(Level.COORDINATOR.above()).hasValue(Level.HUMAN);
    assertThat(Level.HUMAN.above()).isEmpty();
  }
}
