package dev.agentops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.FinishReason;
import dev.agentops.llm.ModelTimeoutException;
import dev.agentops.llm.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedLanguageModelTest {

  static ChatRequest ask(String text) {
    return ChatRequest.builder().user(text).build();
  }

  @Test
  void givesQueuedRepliesInOrderThenTheFallback() {
    ScriptedLanguageModel model =
        ScriptedLanguageModel.builder()
            .reply("one")
            .replyWith(r -> "two for " + r.messages().get(0).content())
            .otherwise(r -> "fallback")
            .build();

    assertThat(model.chat(ask("a")).text()).isEqualTo("one");
    assertThat(model.chat(ask("b")).text()).isEqualTo("two for b");
    assertThat(model.chat(ask("c")).text()).isEqualTo("fallback");
    assertThat(model.chat(ask("d")).text()).isEqualTo("fallback");
  }

  @Test
  void recordsEveryRequest() {
    ScriptedLanguageModel model = ScriptedLanguageModel.replying("x", "y");

    model.chat(ask("first"));
    model.chat(ask("second"));

    assertThat(model.requests())
        .extracting(r -> r.messages().get(0).content())
        .containsExactly("first", "second");
    assertThat(model.lastRequest().messages().get(0).content()).isEqualTo("second");
    assertThat(model.remaining()).isZero();
  }

  @Test
  void anExhaustedScriptSaysWhichRequestFoundItEmpty() {
    ScriptedLanguageModel model = ScriptedLanguageModel.replying("only");
    model.chat(ask("1"));

    assertThatThrownBy(() -> model.chat(ask("2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("request #2");
  }

  @Test
  void throwsAScriptedFailure() {
    ModelTimeoutException timeout =
        new ModelTimeoutException("scripted", Duration.ofSeconds(1), null);
    ScriptedLanguageModel model = ScriptedLanguageModel.builder().fail(timeout).reply("ok").build();

    assertThatThrownBy(() -> model.chat(ask("x"))).isSameAs(timeout);
    assertThat(model.chat(ask("x")).text()).isEqualTo("ok");
  }

  @Test
  void reportsConfiguredUsageLatencyAndModel() {
    ScriptedLanguageModel model =
        ScriptedLanguageModel.builder()
            .modelId("judge-b")
            .usage((request, text) -> TokenUsage.of(1000, text.length()))
            .latency(Duration.ofMillis(250))
            .reply("abc")
            .build();

    ChatResponse r = model.chat(ask("x"));

    assertThat(r.modelId()).isEqualTo("judge-b");
    assertThat(r.usage()).isEqualTo(TokenUsage.of(1000, 3));
    assertThat(r.latency()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void estimatesUsageAtFourCharactersPerTokenByDefault() {
    ScriptedLanguageModel model = ScriptedLanguageModel.replying("12345");

    ChatResponse r = model.chat(ChatRequest.builder().system("1234").user("12345678").build());

    assertThat(r.usage()).isEqualTo(TokenUsage.of(3, 2));
  }

  @Test
  void givesAWholeResponseAsIs() {
    ChatResponse cut =
        ChatResponse.builder("and then").finishReason(FinishReason.LENGTH).modelId("m").build();
    ScriptedLanguageModel model = ScriptedLanguageModel.builder().reply(cut).build();

    assertThat(model.chat(ask("x"))).isSameAs(cut);
  }

  @Test
  void streamsInWordSizedPieces() {
    ScriptedLanguageModel model = ScriptedLanguageModel.replying("lock progress forward");
    List<String> pieces = new ArrayList<>();

    model.stream(ask("x"), pieces::add);

    assertThat(pieces).containsExactly("lock ", "progress ", "forward");
  }

  @Test
  void laterBuilderChangesDoNotReachABuiltModel() {
    ScriptedLanguageModel.Builder builder = ScriptedLanguageModel.builder().modelId("first");
    builder.reply("r");
    ScriptedLanguageModel model = builder.build();
    builder.modelId("second");

    assertThat(model.chat(ask("x")).modelId()).isEqualTo("first");
  }
}
