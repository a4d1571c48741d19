package dev.agentops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

  static String run(LanguageModel model) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      status = Main.run(new ExampleModels.Choice(model, "test model"), out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    return status + "\n" + text;
  }

  @Test
  void theDemoRunRepairsTheFirstReplyAndPrintsTheHandoff() {
    String output = run(new DemoModel());

    assertThat(output).startsWith("0\n");
    assertThat(output)
        .contains("attempt 1 rejected: $.nextStep: required property is missing")
        .contains("attempt 2 accepted")
        .contains("goal:       make the nightly build green again without disabling any test.")
        .contains(
            "- We will keep reuseForks enabled (because forking per class doubles the build time)")
        .contains("- We tried marking OrderServiceTest @Isolated, but the failure came back in CI")
        .contains("- Should the cache become an instance field instead of a static one?")
        .contains("next step:  add the @AfterEach hook to CacheWarmupTest");
  }

  @Test
  void aModelThatNeverAnswersWellEndsWithAClearFailure() {
    LanguageModel stubborn = request -> ChatResponse.builder("I would rather chat.").build();

    String output = run(stubborn);

    assertThat(output).startsWith("2\n").contains("No usable handoff after 3 attempts");
  }

  @Test
  void theValidatorDemandsARationaleForEveryDecision() {
    SessionHandoff h =
        new SessionHandoff(
            "goal",
            List.of(new SessionHandoff.Decision("do it", " ")),
            List.of(),
            List.of(),
            List.of(),
            "next");

    assertThat(Main.problems(h))
        .containsExactly("$.decisions[0].rationale: every decision needs its reason");
  }

  @Test
  void theDemoModelAnswersFromTheNotesItIsGiven() {
    ChatResponse first =
        new DemoModel()
            .chat(
                ChatRequest.builder()
                    .user("Goal: ship it.\nNext: write the changelog.")
                    .responseFormat(
                        dev.agentops.llm.ResponseFormat.jsonSchema(SessionHandoff.class))
                    .build());

    assertThat(first.text()).contains("\"goal\": \"ship it.\"").doesNotContain("nextStep");
  }
}
