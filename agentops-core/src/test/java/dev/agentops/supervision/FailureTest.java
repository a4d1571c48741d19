package dev.agentops.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.work.WorkItem;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureTest {

  @Test
  void cutsLongFeedbackAndSaysSo() {
    Failure f = Failure.of("test-failure", "x".repeat(10_000));

    assertThat(f.feedback()).hasSize(Failure.MAX_FEEDBACK_CHARS).endsWith("[feedback truncated]");
  }

  @Test
  void refusesBlankOrOverlongPartsNamingThem() {
    assertThatThrownBy(() -> Failure.of("test-failure", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("feedback of a 'test-failure' failure must not be blank");
    assertThatThrownBy(() -> Failure.of("test-failure", "s".repeat(201), "f"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "signature of a 'test-failure' failure must be 1 to 200 characters, but was 201");
    assertThatThrownBy(() -> Failure.of("TestFailure", "f"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but was 'TestFailure'");
  }

  @Test
  void describesAnExceptionByItsType() {
    Failure f = Failure.fromException(new java.io.IOException());

    assertThat(f.failureClass()).isEqualTo(Failure.EXCEPTION);
    assertThat(f.signature()).isEqualTo("java.io.IOException");
    assertThat(f.feedback()).isEqualTo("The attempt raised java.io.IOException");
  }

  @Test
  void aWorkItemBecomesAUnitWithItsWholeGoal() {
    WorkItem item =
        WorkItem.builder("ao-1", "Fix the flaky test", Instant.parse("2026-05-01T00:00:00Z"))
            .description("OrderServiceTest fails after CacheWarmupTest")
            .acceptanceCriteria("ten green runs in a row")
            .build();

    WorkUnit unit = WorkUnit.of(item);

    assertThat(unit.id()).isEqualTo("ao-1");
    assertThat(unit.goal())
        .isEqualTo(
            "Fix the flaky test\n\nOrderServiceTest fails after CacheWarmupTest\n\n"
                + "Done when: ten green runs in a row");
    assertThatThrownBy(() -> new WorkUnit("../x", "goal"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WorkUnit("ao-1", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("goal of work unit 'ao-1' must not be blank");
  }

  @Test
  void guidanceIsBounded() {
    assertThatThrownBy(() -> HumanDecision.approve(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("guidance must be 1 to 2000 characters, but was 0");
    assertThatThrownBy(() -> Resolution.reframe(new WorkUnit("a", "b"), "g".repeat(2_001)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
