package dev.agentops.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ModelProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentSessionTest {

  static final ModelProfile SMALL =
      ModelProfile.builder("test", "small").contextWindow(2_000).maxOutputTokens(200).build();

  /** Answers "reply N" and records every request. */
  static final class Recording implements LanguageModel {
    final List<ChatRequest> requests = new ArrayList<>();

    @Override
    public synchronized ChatResponse chat(ChatRequest request) {
      requests.add(request);
      return ChatResponse.builder("reply " + requests.size()).modelId("small").build();
    }
  }

  static AgentSession.Builder session(LanguageModel model) {
    AtomicInteger n = new AtomicInteger();
    return AgentSession.builder(model, SMALL)
        .system("You fix failing tests.")
        .ids(() -> "session-" + n.incrementAndGet());
  }

  static Handoff handoff() {
    return Handoff.builder("Fix the flaky test", "Add the cleanup hook")
        .finding("The cache leaks between tests")
        .build();
  }

  @Test
  void takesOneTaskAndSendsItWithEveryTurn() {
    Recording model = new Recording();
    AgentSession s = session(model).build();
    s.start("Find why OrderServiceTest fails");

    ChatResponse r = s.ask("Here is the log.");

    assertThat(r.text()).isEqualTo("reply 1");
    ChatRequest sent = model.requests.get(0);
    assertThat(sent.system())
        .hasValueSatisfying(sys ->
            assertThat(sys)
                .contains("You fix failing tests.")
                .contains("Your task: Find why OrderServiceTest fails"));
    assertThat(sent.messages()).containsExactly(ChatMessage.user("Here is the log."));
    assertThat(s.transcript())
        .containsExactly(ChatMessage.user("Here is the log."), ChatMessage.assistant("reply 1"));
  }

  @Test
  void refusesASecondTask() {
    AgentSession s = session(new Recording()).build();
    s.start("first");

    assertThatThrownBy(() -> s.start("second"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already has a task");
  }

  @Test
  void refusesTurnsBeforeItsTaskAndAfterItFinished() {
    AgentSession s = session(new Recording()).build();

    assertThatThrownBy(() -> s.ask("hi")).isInstanceOf(IllegalStateException.class);
    s.start("task");
    s.finish(handoff());
    assertThatThrownBy(() -> s.ask("hi")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.start("again"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("finished");
  }

  @Test
  void aSaturatedSessionTakesNoNewTurnAndSaysHowFullItIs() {
    AgentSession s = session(new Recording()).saturationThreshold(0.3).build();
    s.start("task");
    s.ask("word ".repeat(700));

    assertThat(s.saturated()).isTrue();
    assertThatThrownBy(() -> s.ask("one more"))
        .isInstanceOfSatisfying(
            SessionSaturatedException.class,
            e -> {
              assertThat(e.sessionId()).isEqualTo("session-1");
              assertThat(e.fraction()).isGreaterThan(0.3);
              assertThat(e.getMessage()).contains("hand off to a fresh session");
            });
  }

  @Test
  void aReplyTooLargeForTheBudgetIsReturnedAndKeptButTheSessionTakesNoFurtherTurn() {
    String huge = "word ".repeat(2_500).strip();
    LanguageModel verbose = request -> ChatResponse.builder(huge).modelId("small").build();
    AgentSession s = session(verbose).build();
    s.start("task");

    ChatResponse r = s.ask("Explain everything.");

    assertThat(r.text()).isEqualTo(huge);
    assertThat(s.transcript()).endsWith(ChatMessage.assistant(huge));
    assertThat(s.budget().status().fraction()).isLessThan(0.7);
    assertThat(s.saturated()).isTrue();
    assertThatThrownBy(() -> s.ask("and then?")).isInstanceOf(SessionSaturatedException.class);
  }

  @Test
  void aSessionSaturatedByItsMaterialTakesNoTask() {
    AgentSession s =
        session(new Recording())
            .saturationThreshold(0.1)
            .handoff(Handoff.builder("goal", "next").finding("word ".repeat(300).strip()).build())
            .build();

    assertThat(s.saturated()).isTrue();
    assertThatThrownBy(() -> s.start("task")).isInstanceOf(SessionSaturatedException.class);
    assertThat(s.task()).isEmpty();
  }

  @Test
  void aHandoffStartsAFreshSessionWithoutTheOldMessages() {
    Recording model = new Recording();
    AgentSession research = session(model).build();
    research.start("Research the failure");
    research.ask("secret research detail that must not carry over");

    AgentSession implement = research.handOff(handoff(), "Implement the fix");
    implement.ask("Go.");

    assertThat(research.finished()).isTrue();
    assertThat(research.handedOff()).contains(handoff());
    assertThat(implement.id()).isNotEqualTo(research.id());
    assertThat(implement.startedFrom()).contains(handoff());
    assertThat(implement.task()).contains("Implement the fix");
    ChatRequest sent = model.requests.get(1);
    assertThat(sent.messages()).containsExactly(ChatMessage.user("Go."));
    assertThat(sent.system())
        .hasValueSatisfying(sys ->
            assertThat(sys)
                .contains("# Handoff from the previous session")
                .contains("The cache leaks between tests")
                .doesNotContain("secret research detail"));
    assertThat(implement.transcript()).hasSize(2);
    assertThat(implement.budget().status().usedTokens())
        .isLessThan(research.budget().status().usedTokens() + 200);
  }

  @Test
  void justInTimeMaterialStaysOutOfTheTranscriptAndIsReleasedAtThePhasesEnd() {
    Recording model = new Recording();
    AgentSession s = session(model).build();
    s.start("task");
    s.load(ContextSource.of("src/A.java", ContextKind.FILE, 20, () -> "class A { int broken; }"));

    s.ask("What is broken?");
    int released = s.endPhase();

    assertThat(model.requests.get(0).system())
        .hasValueSatisfying(sys -> assertThat(sys).contains("class A"));
    assertThat(s.transcript()).noneMatch(m -> m.content().contains("class A"));
    assertThat(released).isEqualTo(1);
    assertThat(s.budget().items()).noneMatch(ContextItem::ephemeral);
  }
}
