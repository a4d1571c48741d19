package dev.agentops.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentops.store.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FlywheelHealthTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration DAY = Duration.ofDays(1);

  static Learning learning(String id, Instant created, LearningStatus status) {
    return Learning.builder(id, LearningKind.PATTERN, "Title " + id, "What " + id, created)
        .status(status)
        .build();
  }

  static Citation at(String learning, String session, CitationKind kind, int day) {
    return new Citation(
        learning,
        session,
        kind,
        kind == CitationKind.RETRIEVED ? null : Feedback.HELPFUL,
        T0.plus(DAY.multipliedBy(day)));
  }

  @Nested
  class Measure {

    final List<Learning> corpus =
        List.of(
            learning("a", T0.minus(DAY), LearningStatus.ACTIVE),
            learning("b", T0.minus(DAY), LearningStatus.ACTIVE),
            learning("c", T0.minus(DAY), LearningStatus.PENDING),
            learning("d", T0.minus(DAY.multipliedBy(100)), LearningStatus.ACTIVE),
            learning("e", T0.minus(DAY), LearningStatus.RETIRED),
            learning("f", T0.plus(DAY.multipliedBy(30)), LearningStatus.ACTIVE));

    final List<Citation> log =
        List.of(
            at("a", "s1", CitationKind.RETRIEVED, 0),
            at("b", "s1", CitationKind.RETRIEVED, 0),
            at("a", "s1", CitationKind.APPLIED, 0),
            at("c", "s2", CitationKind.RETRIEVED, 1),
            at("b", "s3", CitationKind.REFERENCED, 2),
            at("c", "s9", CitationKind.APPLIED, 2));

    final HealthWindow window = HealthWindow.of(T0, T0.plus(DAY.multipliedBy(4)), sessions());

    List<String> sessions() {
      return List.of("s1", "s2", "s3", "s4");
    }

    @Test
    void rates_arePerSessionFractionsAsDocumented() {
      FlywheelHealth h = FlywheelHealth.measure(corpus, log, window, DecayPolicy.defaults());

      // s1, s2 and s3 saw a learning; s4 nothing; s9 is outside the window.
      assertThat(h.retrievingSessions()).isEqualTo(3);
      assertThat(h.retrievalRate()).isEqualTo(0.75);
      // s1 applied, s3 referenced; s2 only retrieved.
      assertThat(h.citingSessions()).isEqualTo(2);
      assertThat(h.citationRate()).isCloseTo(2 / 3.0, within(1e-12));
      assertThat(h.reuseRate()).isCloseTo(0.5, within(1e-12));
      // Live and created before the end: a, b, c, d (e is retired, f created later).
      assertThat(h.liveLearnings()).isEqualTo(4);
      assertThat(h.citedLearnings()).isEqualTo(2);
      // Half the corpus uncited, one day between sessions.
      assertThat(h.decayRate()).isCloseTo(0.5 * (1 - Math.exp(-0.17 / 7)), within(1e-12));
      // d was created 104 days before the end and never cited: due for review.
      assertThat(h.staleCount()).isEqualTo(1);
      // The top tenth of 4 live learnings is 1 learning, holding 1 of the 2 uses.
      assertThat(h.reuseConcentration()).isEqualTo(0.5);
      assertThat(h.verdict()).isEqualTo(FlywheelHealth.Verdict.COMPOUNDING);
      assertThat(h.toString()).contains("COMPOUNDING", "retrieval 0.750");
    }

    @Test
    void sparseSessionsThatRarelyUseKnowledge_decay() {
      List<String> many = new ArrayList<>();
      for (int i = 1; i <= 11; i++) {
        if (i != 9) {
          many.add("s" + i);
        }
      }
      // Ten sessions a week apart (s9 is not one of them); only s1 and s3 used anything.
      HealthWindow weekly = HealthWindow.of(T0, T0.plus(DAY.multipliedBy(70)), many);

      FlywheelHealth h = FlywheelHealth.measure(corpus, log, weekly, DecayPolicy.defaults());

      assertThat(h.reuseRate()).isCloseTo(0.3 * 2 / 3.0, within(1e-12));
      // f, created on day 30, is live by the end: 3 of 5 live learnings went uncited.
      assertThat(h.liveLearnings()).isEqualTo(5);
      assertThat(h.decayRate()).isCloseTo(0.6 * (1 - Math.exp(-0.17)), within(1e-12));
      assertThat(h.reuseRate()).isGreaterThan(h.decayRate());
      assertThat(h.verdict()).isEqualTo(FlywheelHealth.Verdict.COMPOUNDING);

      // A faster decay tips the same usage into decline.
      FlywheelHealth faster =
          FlywheelHealth.measure(
              corpus, log, weekly, DecayPolicy.builder().ratePerWeek(2.0).build());
      assertThat(faster.decayRate()).isCloseTo(0.6 * (1 - Math.exp(-2.0)), within(1e-12));
      assertThat(faster.verdict()).isEqualTo(FlywheelHealth.Verdict.DECAYING);
    }

    @Test
    void sessionsThatRetrieveNothing_neverCompound() {
      HealthWindow idle = HealthWindow.of(T0, T0.plus(DAY), List.of("idle-1", "idle-2"));

      FlywheelHealth h = FlywheelHealth.measure(corpus, log, idle, DecayPolicy.defaults());

      assertThat(h.retrievalRate()).isZero();
      assertThat(h.citationRate()).isZero();
      assertThat(h.decayRate()).isPositive();
      assertThat(h.reuseConcentration()).isZero();
      assertThat(h.verdict()).isEqualTo(FlywheelHealth.Verdict.DECAYING);
    }

    @Test
    void anEmptyCorpus_isNotCompounding() {
      FlywheelHealth h =
          FlywheelHealth.measure(List.of(), List.of(), window, DecayPolicy.defaults());

      assertThat(h.decayRate()).isZero();
      assertThat(h.reuseRate()).isZero();
      assertThat(h.verdict()).isEqualTo(FlywheelHealth.Verdict.DECAYING);
    }

    @Test
    void concentration_isOneWhenASingleLearningCarriesAllReuse() {
      List<Learning> big = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        big.add(learning("l" + i, T0.minus(DAY), LearningStatus.ACTIVE));
      }
      List<Citation> cites = new ArrayList<>();
      for (int s = 1; s <= 4; s++) {
        cites.add(at("l0", "s" + s, CitationKind.APPLIED, s - 1));
        cites.add(at("l1", "s" + s, CitationKind.APPLIED, s - 1));
      }
      cites.add(at("l2", "s1", CitationKind.APPLIED, 0));

      FlywheelHealth h = FlywheelHealth.measure(big, cites, window, DecayPolicy.defaults());

      // The top tenth of 20 is 2 learnings: 8 of the 9 uses.
      assertThat(h.reuseConcentration()).isCloseTo(8 / 9.0, within(1e-12));
      assertThat(h.citedLearnings()).isEqualTo(3);
    }
  }

  @Nested
  class OverAFlywheel {

    @Test
    void injectionAndCitations_compound_thenIdleSessions_decay() {
      SettableClock clock = new SettableClock(T0);
      InMemoryStore store = InMemoryStore.builder().clock(clock).build();
      try (KnowledgeFlywheel flywheel =
          KnowledgeFlywheel.builder(store).clock(clock).writer("health").build()) {
        flywheel.offer(
            KnowledgeFlywheelTest.lesson(
                "lrn-1",
                "Pin the JDK with a Maven toolchain",
                "Pin the JDK in CI with a Maven toolchain when builds run on shared agents, so"
                    + " `javac` 17 is used even where 21 is the default.",
                T0));
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          String session = "sess-" + i;
          sessions.add(session);
          Injection injection =
              flywheel.inject(
                  KnowledgeFlywheelTest.budget(32_000), "pin the JDK toolchain in CI", session);
          assertThat(injection.included()).hasSize(1);
          flywheel.cite(Citation.applied("lrn-1", session, Feedback.HELPFUL, clock.instant()));
          clock.advance(DAY);
        }

        FlywheelHealth h = flywheel.health(HealthWindow.of(T0, clock.instant(), sessions));

        assertThat(h.retrievalRate()).isEqualTo(1.0);
        assertThat(h.citationRate()).isEqualTo(1.0);
        assertThat(h.decayRate()).isZero();
        assertThat(h.verdict()).isEqualTo(FlywheelHealth.Verdict.COMPOUNDING);

        // The log alone shows the same sessions.
        assertThat(HealthWindow.fromCitations(flywheel.citations(), T0, clock.instant()).sessions())
            .containsExactlyElementsOf(sessions);

        // Months of sessions that never retrieve: the learning goes stale, nothing compounds.
        Instant idleFrom = clock.instant();
        clock.advance(DAY.multipliedBy(120));
        FlywheelHealth idle =
            flywheel.health(HealthWindow.of(idleFrom, clock.instant(), List.of("idle-1")));
        assertThat(idle.staleCount()).isEqualTo(1);
        assertThat(idle.verdict()).isEqualTo(FlywheelHealth.Verdict.DECAYING);
      }
    }
  }

  @Nested
  class Validation {

    @Test
    void aWindow_mustEndAfterItStartsAndHoldDistinctSessions() {
      assertThatThrownBy(() -> HealthWindow.of(T0, T0, List.of("s")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must end after it starts");
      assertThatThrownBy(() -> HealthWindow.of(T0, T0.plus(DAY), List.of()))
          .hasMessageContaining("at least one session");
      assertThatThrownBy(() -> HealthWindow.of(T0, T0.plus(DAY), List.of("s", "s")))
          .hasMessageContaining("'s' was repeated");
      assertThatThrownBy(() -> HealthWindow.fromCitations(List.of(), T0, T0.plus(DAY)))
          .hasMessageContaining("at least one session");
    }

    @Test
    void aVerdict_mustFollowFromTheRates() {
      HealthWindow w = HealthWindow.of(T0, T0.plus(DAY), List.of("s"));
      assertThatThrownBy(() ->
              new FlywheelHealth(
                  w, 1, 1, 1.0, 1.0, 0.5, 1, 1, 0, 1.0, FlywheelHealth.Verdict.DECAYING))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("verdict must be COMPOUNDING");
      assertThatThrownBy(() ->
              new FlywheelHealth(
                  w, 1, 1, 1.5, 1.0, 0.5, 1, 1, 0, 1.0, FlywheelHealth.Verdict.COMPOUNDING))
          .hasMessageContaining("retrievalRate must be from 0 to 1, but was 1.5");
      assertThatThrownBy(() ->
              new FlywheelHealth(
                  w, 1, 2, 1.0, 1.0, 0.5, 1, 1, 0, 1.0, FlywheelHealth.Verdict.COMPOUNDING))
          .hasMessageContaining("citingSessions <= retrievingSessions");
    }
  }
}
