package dev.agentops.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.store.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Factor VIII end to end: many sessions on recurring kinds of task, run once with knowledge
 * injected and once without, over a real flywheel (quality gate, Lucene index, citations, health).
 *
 * <p>The scripted agent succeeds at a task if and only if a learning about the task's kind is in
 * the block injected into its context; whether it succeeds or fails, it leaves the lesson behind
 * (offered to the gate: the first is kept, later ones merge into it). With injection, a kind of
 * task fails once, the first time it comes up; without, the same mistakes recur forever.
 */
class MultiSessionSimulationTest {

  static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
  static final int SESSIONS = 48;
  static final int BLOCK = 8;

  /** A kind of task, how a session phrases it, and the lesson a session learns from it. */
  record Topic(String tag, String task, String title, String what, String why) {}

  static final List<Topic> TOPICS =
      List.of(
          new Topic(
              "ports",
              "Fix the flaky integration test of the payment service that binds port 8080",
              "Bind integration test servers to port 0",
              "Bind every integration test server to port 0 and read the chosen port back when"
                  + " tests run in parallel on CI; a fixed port such as 8080 collides.",
              "Two parallel CI jobs bound 8080 and one failed with `BindException` 4 times a"
                  + " week."),
          new Topic(
              "shell",
              "Make the GOALS.yaml counter checks pass under zsh",
              "Wrap GOALS.yaml checks in bash -c",
              "Run every GOALS.yaml check through `bash -c` when a check counts with"
                  + " `count=$((count+1))`, because zsh evaluates the && chains differently.",
              "Under zsh 3 of 13 checks reported wrong totals."),
          new Topic(
              "toolchain",
              "Pin the JDK toolchain for the release build",
              "Pin the JDK with a Maven toolchain",
              "Pin the JDK in the release build with a Maven toolchains.xml entry for version 17"
                  + " when build agents default to JDK 21, so `javac` output stays compatible.",
              "Release 2.3 shipped class files of version 65 that crashed on customers' JDK 17."),
          new Topic(
              "timezone",
              "Repair date parsing that breaks at midnight in the billing export",
              "Parse billing timestamps with ZoneOffset.UTC",
              "Parse billing export timestamps with an explicit `ZoneOffset.UTC` instead of the"
                  + " system zone when the export runs near midnight, or invoices shift a day.",
              "The export servers run in Europe/Berlin and 1.2% of invoices were dated wrong."),
          new Topic(
              "gitlock",
              "Resolve index.lock failures when two workers commit to one repository",
              "Use one git writer per repository",
              "Route every commit through one writer per repository and batch records into"
                  + " commits when several workers share it, instead of committing in parallel.",
              "Two threads committing through the index lost 7 of 200 writes to `index.lock`."),
          new Topic(
              "encoding",
              "Decode uploaded CSV files that contain invalid UTF-8 bytes",
              "Decode CSV uploads with CodingErrorAction.REPORT",
              "Decode uploaded CSV files with a UTF-8 decoder set to `CodingErrorAction.REPORT`"
                  + " and reject the file with its line number when a byte sequence is invalid.",
              "Silent replacement characters corrupted 38 customer names in one import."),
          new Topic(
              "webhooks",
              "Stop the webhook sender from retrying HTTP 429 responses forever",
              "Honour Retry-After and cap webhook retries",
              "Honour the `Retry-After` header on HTTP 429 and cap webhook retries at 3 attempts"
                  + " per event when a partner throttles, then park the event for a human.",
              "Unbounded retries made the sender hammer a partner API for 6 hours."),
          new Topic(
              "reindex",
              "Reduce heap usage of the nightly Lucene reindex job",
              "Commit the Lucene reindex in batches",
              "Commit the Lucene `IndexWriter` every 10,000 documents during the nightly reindex"
                  + " when the corpus exceeds 1M documents, so the RAM buffer never fills the"
                  + " heap.",
              "The job died with `OutOfMemoryError` at 2.4M documents with a 4 GB heap."));

  /** What one run of the simulation saw. */
  record Run(List<Boolean> succeeded, int repeatedFailures, int applied, FlywheelHealth health) {

    int failures(int from, int to) {
      int n = 0;
      for (int i = from; i < to; i++) {
        n += succeeded.get(i) ? 0 : 1;
      }
      return n;
    }

    List<Integer> curve() {
      List<Integer> out = new ArrayList<>();
      for (int from = 0; from < succeeded.size(); from += BLOCK) {
        out.add(failures(from, Math.min(succeeded.size(), from + BLOCK)));
      }
      return out;
    }
  }

  static List<Topic> script(long seed) {
    Random random = new Random(seed);
    List<Topic> tasks = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      tasks.add(TOPICS.get(random.nextInt(TOPICS.size())));
    }
    return tasks;
  }

  static Run simulate(List<Topic> tasks, boolean inject) {
    SettableClock clock = new SettableClock(T0);
    AtomicInteger ids = new AtomicInteger();
    List<Boolean> succeeded = new ArrayList<>();
    Set<String> failedBefore = new HashSet<>();
    int repeated = 0;
    int applied = 0;
    List<String> sessions = new ArrayList<>();
    try (KnowledgeFlywheel flywheel =
        KnowledgeFlywheel.builder(InMemoryStore.builder().clock(clock).build())
            .clock(clock)
            .writer("simulation")
            .ids(() -> "lrn-" + ids.incrementAndGet())
            .build()) {
      for (int s = 0; s < tasks.size(); s++) {
        Topic topic = tasks.get(s);
        String session = "session-" + s;
        sessions.add(session);
        Optional<RetrievedLearning> relevant = Optional.empty();
        if (inject) {
          Injection injection =
              flywheel.inject(KnowledgeFlywheelTest.budget(32_000), topic.task(), session);
          relevant =
              injection.included().stream()
                  .filter(r -> r.learning().tags().contains(topic.tag()))
                  .findFirst();
        }
        boolean success = relevant.isPresent();
        succeeded.add(success);
        if (success) {
          flywheel.cite(
              Citation.applied(
                  relevant.get().learning().id(), session, Feedback.HELPFUL, clock.instant()));
          applied++;
        } else if (!failedBefore.add(topic.tag())) {
          repeated++;
        }
        // Success or failure, the session leaves its lesson behind.
        flywheel.offer(
            Learning.builder(
                    flywheel.newId(),
                    LearningKind.PATTERN,
                    topic.title(),
                    topic.what(),
                    clock.instant())
                .why(topic.why())
                .tags(topic.tag())
                .source(LearningSource.session(session))
                .confidence(0.8)
                .build());
        clock.advance(Duration.ofDays(1));
      }
      FlywheelHealth health = flywheel.health(HealthWindow.of(T0, clock.instant(), sessions));
      return new Run(succeeded, repeated, applied, health);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {20260301L, 7L})
  void withInjection_mistakesStopRecurringAndKnowledgeCompounds_withoutItTheyDoNot(long seed) {
    System.out.println("multi-session simulation, seed " + seed);
    List<Topic> tasks = script(seed);
    int kinds = (int) tasks.stream().map(Topic::tag).distinct().count();

    Run on = simulate(tasks, true);
    Run off = simulate(tasks, false);

    System.out.println("  failures per " + BLOCK + " sessions, injection on:  " + on.curve());
    System.out.println("  failures per " + BLOCK + " sessions, injection off: " + off.curve());
    System.out.println("  on:  " + on.health());
    System.out.println("  off: " + off.health());

    // With injection, each kind of task fails once, the first time it comes up, and never again.
    assertThat(on.repeatedFailures())
        .as("repeated failures with injection, seed %d", seed)
        .isZero();
    assertThat(on.failures(0, SESSIONS)).isEqualTo(kinds);
    int half = SESSIONS / 2;
    assertThat(on.failures(half, SESSIONS)).isLessThan(on.failures(0, half));
    // Citations accumulate: every success is an applied citation.
    assertThat(on.applied()).isEqualTo(SESSIONS - kinds);
    assertThat(on.health().verdict()).isEqualTo(FlywheelHealth.Verdict.COMPOUNDING);
    assertThat(on.health().retrievalRate()).isGreaterThan(0.8);

    // Without it, every session repeats the mistakes of the ones before.
    assertThat(off.failures(0, SESSIONS)).isEqualTo(SESSIONS);
    assertThat(off.repeatedFailures()).isEqualTo(SESSIONS - kinds);
    assertThat(off.failures(half, SESSIONS)).isEqualTo(off.failures(0, half));
    assertThat(off.applied()).isZero();
    assertThat(off.health().retrievalRate()).isZero();
    assertThat(off.health().verdict()).isEqualTo(FlywheelHealth.Verdict.DECAYING);
    // The corpus is the same either way: extraction alone does not compound.
    assertThat(off.health().liveLearnings())
        .isEqualTo(on.health().liveLearnings())
        .isEqualTo(kinds);
  }
}
