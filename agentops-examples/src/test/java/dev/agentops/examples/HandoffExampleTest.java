package dev.agentops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.context.Handoff;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ResponseFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HandoffExampleTest {

  static String run(LanguageModel model) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      status =
          HandoffExample.run(
              new ExampleModels.Choice(model, ExampleModels.DEMO_PROFILE, "test"), out);
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
        .contains("  | ## Goal\n  | make the nightly build green again.")
        .contains(
            "- We will keep reuseForks enabled (because forking per class doubles the build time)")
        .contains("- Dead end: We tried marking OrderServiceTest @Isolated")
        .contains("- Should the cache become an instance field instead of a static one?")
        .contains("  | - do not disable or skip any test.")
        .contains("  | add the @AfterEach hook to CacheWarmupTest")
        .containsPattern("Next session: .* [0-9]+ of 7168 tokens \\([0-9.]+%, OPTIMAL\\)");
  }

  @Test
  void aModelThatNeverAnswersWellEndsWithAClearFailure() {
    LanguageModel stubborn = request -> ChatResponse.builder("I would rather chat.").build();

    String output = run(stubborn);

    assertThat(output).startsWith("2\n").contains("No usable handoff after 3 attempts");
  }

  @Test
  void theDemoModelAnswersFromTheNotesItIsGiven() {
    ChatResponse first =
        new DemoModel()
            .chat(
                ChatRequest.builder()
                    .user("Goal: ship it.\nNext: write the changelog.")
                    .responseFormat(ResponseFormat.jsonSchema(Handoff.class))
                    .build());

    assertThat(first.text()).contains("\"goal\": \"ship it.\"").doesNotContain("nextStep");
  }
}
