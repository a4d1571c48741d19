package dev.agentops.pipeline;

import dev.agentops.context.AgentSession;
import dev.agentops.context.Handoff;
import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ModelProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model that records what it was sent, sessions that are remembered per phase, and handlers that
 * count their runs. (The testkit's scripted model cannot be used here: the testkit depends on this
 * module.)
 */
final class PipelineFixtures {

  static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
  static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  static final ModelProfile PROFILE =
      ModelProfile.builder("test", "small").contextWindow(16_000).maxOutputTokens(500).build();

  private PipelineFixtures() {}

  /** Answers "reply to: <last user message>" and keeps every request. */
  static final class RecordingModel implements LanguageModel {
    final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public ChatResponse chat(ChatRequest request) {
      requests.add(request);
      List<ChatMessage> m = request.messages();
      String last = m.isEmpty() ? "" : m.get(m.size() - 1).content();
      return ChatResponse.builder("reply to: " + last).modelId("small").build();
    }

    /** Everything a request showed the model, as one text. */
    static String text(ChatRequest request) {
      StringBuilder sb = new StringBuilder(request.system().orElse(""));
      request.messages().forEach(x -> sb.append('\n').append(x.content()));
      return sb.toString();
    }
  }

  /** Builds sessions on the recording model and remembers every one, by phase. */
  static final class Sessions implements PhaseSessions {
    final RecordingModel model = new RecordingModel();
    final List<Phase> built = new CopyOnWriteArrayList<>();

    @Override
    public AgentSession.Builder builder(Phase phase) {
      built.add(phase);
      return AgentSession.builder(model, PROFILE).system("You work on one phase at a time.");
    }
  }

  /**
   * A handler that asks the model once, with a message naming the phase, and completes with a
   * handoff whose finding names the phase and an artifact holding its notes. Remembers the session
   * and what it looked like when the handler started.
   */
  static final class Echo implements PhaseHandler {
    final Phase phase;
    final AtomicInteger runs = new AtomicInteger();
    final List<AgentSession> sessions = new CopyOnWriteArrayList<>();
    final List<Integer> transcriptAtStart = new CopyOnWriteArrayList<>();
    final List<PhaseContext> contexts = new CopyOnWriteArrayList<>();

    Echo(Phase phase) {
      this.phase = phase;
    }

    @Override
    public PhaseResult run(PhaseContext ctx) {
      runs.incrementAndGet();
      contexts.add(ctx);
      sessions.add(ctx.session());
      transcriptAtStart.add(ctx.session().transcript().size());
      String reply = ctx.session().ask("raw transcript of " + phase + ": thinking aloud").text();
      return PhaseResult.completed(
          Handoff.builder(ctx.goal(), "Continue after " + phase)
              .finding("finding of " + phase)
              .build(),
          ctx.artifact(phase + " notes", "notes of " + phase + ", " + reply.length() + " chars"));
    }
  }

  /** One echo handler per default phase. */
  static Map<Phase, Echo> echoes() {
    Map<Phase, Echo> m = new ConcurrentHashMap<>();
    Phase.defaults().forEach(p -> m.put(p, new Echo(p)));
    return m;
  }

  static PhasePipeline.Builder pipeline(
      dev.agentops.store.Store store,
      PhaseSessions sessions,
      Map<Phase, ? extends PhaseHandler> handlers) {
    PhasePipeline.Builder b = PhasePipeline.builder(store, sessions).clock(CLOCK);
    handlers.forEach(b::handler);
    return b;
  }

  static List<String> ids(List<PhaseRecord> records) {
    List<String> out = new ArrayList<>();
    records.forEach(r -> out.add(r.phase()));
    return out;
  }
}
