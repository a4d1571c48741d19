package dev.agentops.supervision;

import dev.agentops.context.AgentSession;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ModelProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A model, a session factory, a clock and a sleeper that supervision tests can look into. */
final class SupervisionFixtures {

  static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

  static final ModelProfile PROFILE =
      ModelProfile.builder("test", "small").contextWindow(16_000).maxOutputTokens(500).build();

  private SupervisionFixtures() {}

  /** Answers "reply N" and keeps every request. */
  static final class RecordingModel implements LanguageModel {
    final List<ChatRequest> requests = new ArrayList<>();

    @Override
    public synchronized ChatResponse chat(ChatRequest request) {
      requests.add(request);
      return ChatResponse.builder("reply " + requests.size()).modelId("small").build();
    }
  }

  /** Opens real sessions and remembers each with the request it was opened for. */
  static final class Sessions implements SessionFactory {
    final RecordingModel model = new RecordingModel();
    final List<AttemptRequest> requests = new ArrayList<>();
    final List<AgentSession> opened = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final SessionFactory delegate =
        SessionFactory.fromBuilder(() ->
            AgentSession.builder(model, PROFILE)
                .system("You fix failing tests.")
                .ids(() -> "session-" + ids.incrementAndGet()));

    @Override
    public synchronized AgentSession open(AttemptRequest request) throws Exception {
      AgentSession s = delegate.open(request);
      requests.add(request);
      opened.add(s);
      return s;
    }
  }

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    private volatile Instant now = T0;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return Clock.fixed(now, zone);
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Records each wait and moves the clock by it, instead of blocking. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new ArrayList<>();
    private final TestClock clock;

    RecordingSleeper(TestClock clock) {
      this.clock = clock;
    }

    @Override
    public synchronized void sleep(Duration duration) {
      waits.add(duration);
      clock.advance(duration);
    }
  }
}
