package dev.agentops.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ResponseFormat;
import dev.agentops.llm.StructuredResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class HandoffTest {

  static Handoff sample() {
    return Handoff.builder(
            "Make the nightly build green", "Add the @AfterEach hook to CacheWarmupTest")
        .decision("Clear the cache in test code", "the leak is in test code, not production")
        .finding("OrderServiceTest fails only after CacheWarmupTest")
        .openQuestion("Does InventoryServiceTest depend on the warm cache?")
        .artifact("src/test/java/CacheWarmupTest.java", "where the leak is")
        .constraint("Do not disable any test")
        .build();
  }

  @Test
  void rendersTheSameTextEveryTime() {
    String expected =
        String.join(
            "\n",
            "# Handoff from the previous session",
            "",
            "## Goal",
            "Make the nightly build green",
            "",
            "## Decisions",
            "- Clear the cache in test code (because the leak is in test code, not production)",
            "",
            "## Findings",
            "- OrderServiceTest fails only after CacheWarmupTest",
            "",
            "## Open questions",
            "- Does InventoryServiceTest depend on the warm cache?",
            "",
            "## Artifacts",
            "- src/test/java/CacheWarmupTest.java: where the leak is",
            "",
            "## Constraints",
            "- Do not disable any test",
            "",
            "## Next step",
            "Add the @AfterEach hook to CacheWarmupTest",
            "");

    assertThat(sample().render()).isEqualTo(expected);
    assertThat(sample().render()).isEqualTo(sample().render());
  }

  @Test
  void leavesEmptySectionsOut() {
    String text = Handoff.builder("Goal.", "Next.").build().render();

    assertThat(text).doesNotContain("## Decisions").doesNotContain("## Findings");
    assertThat(text).contains("## Goal\nGoal.").contains("## Next step\nNext.");
  }

  @Test
  void requiresAGoalAndANextStep() {
    assertThatThrownBy(() -> Handoff.builder(" ", "next").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("goal is required and must not be blank");
    assertThatThrownBy(() -> Handoff.builder("goal", null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nextStep is required and must not be blank");
  }

  @Test
  void requiresARationaleForEveryDecision() {
    assertThatThrownBy(() -> Handoff.builder("goal", "next").decision("do it", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rationale is required and must not be blank");
  }

  @Test
  void namesABlankListEntry() {
    assertThatThrownBy(() -> Handoff.builder("goal", "next").finding("ok").finding(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("findings[1] must not be blank");
  }

  @Test
  void isCappedInSize() {
    Handoff.Builder b = Handoff.builder("goal", "next");
    for (int i = 0; i < 400; i++) {
      b.finding("finding number " + i + " with enough words to take up real room in a prompt");
    }

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 16000 characters");
  }

  @Test
  void becomesAPinnedHandoffItem() {
    ContextItem item = sample().toContextItem();

    assertThat(item.kind()).isEqualTo(ContextKind.HANDOFF);
    assertThat(item.pinned()).isTrue();
    assertThat(item.content()).isEqualTo(sample().render());
  }

  @Test
  void comesFromAModelsStructuredOutputAndItsChecksAreAskedAgain() {
    Queue<String> replies = new ConcurrentLinkedQueue<>();
    replies.add(
        "{\"goal\":\"Ship\",\"decisions\":[{\"decision\":\"Use JGit\",\"rationale\":\"\"}],"
            + "\"findings\":[],\"openQuestions\":[],\"artifacts\":[],\"constraints\":[],"
            + "\"nextStep\":\"Write the store\"}");
    replies.add(
        "{\"goal\":\"Ship\",\"decisions\":[{\"decision\":\"Use JGit\",\"rationale\":\"no CLI"
            + " needed\"}],\"findings\":[],\"openQuestions\":[],\"artifacts\":[],"
            + "\"constraints\":[],\"nextStep\":\"Write the store\"}");
    List<ChatRequest> seen = new ArrayList<>();
    LanguageModel model =
        request -> {
          seen.add(request);
          return ChatResponse.builder(replies.remove()).build();
        };

    StructuredResult<Handoff> result = Handoff.fromModel(model, "session notes");

    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.rejected().get(0)).contains("rationale is required");
    assertThat(result.value().decisions().get(0).rationale()).isEqualTo("no CLI needed");
    assertThat(seen.get(0).responseFormat().kind()).isEqualTo(ResponseFormat.Kind.JSON_SCHEMA);
    assertThat(seen.get(0).messages().get(0).content()).isEqualTo("session notes");
  }
}
