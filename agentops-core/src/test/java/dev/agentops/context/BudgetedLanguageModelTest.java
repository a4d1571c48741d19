package dev.agentops.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ModelProfile;
import dev.agentops.llm.ModelProfiles;
import dev.agentops.llm.TokenUsage;
import dev.agentops.llm.TokenizerFamily;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class BudgetedLanguageModelTest {

  static final ModelProfile SMALL =
      ModelProfile.builder("test", "small")
          .contextWindow(1_000)
          .maxOutputTokens(100)
          .tokenizerFamily(TokenizerFamily.O200K_BASE)
          .build();

  /** Records what reached it and answers with a fixed usage. */
  static final class Recording implements LanguageModel {
    final List<ChatRequest> requests = new ArrayList<>();
    TokenUsage usage = TokenUsage.of(10, 2);

    @Override
    public synchronized ChatResponse chat(ChatRequest request) {
      requests.add(request);
      return ChatResponse.builder("ok").modelId("small").usage(usage).build();
    }
  }

  @Test
  void refusesARequestThatWouldCrossTheCapBeforeSendingIt() {
    Recording model = new Recording();
    ContextBudget budget = ContextBudget.builder(SMALL).reservedOutputTokens(100).build();
    BudgetedLanguageModel budgeted = BudgetedLanguageModel.of(model, budget);
    ChatRequest tooLarge = ChatRequest.builder().user("token ".repeat(950)).build();

    assertThatThrownBy(() -> budgeted.chat(tooLarge))
        .isInstanceOfSatisfying(
            ContextBudgetExceededException.class,
            e -> {
              assertThat(e.modelId()).isEqualTo("small");
              assertThat(e.contextWindow()).isEqualTo(1_000);
              assertThat(e.tokensOver()).isPositive();
              assertThat(e.getMessage()).contains("nothing was sent").doesNotContain("token token");
            });
    assertThatThrownBy(() -> budgeted.stream(tooLarge, piece -> {}))
        .isInstanceOf(ContextBudgetExceededException.class);
    assertThat(model.requests).isEmpty();
    assertThat(budgeted.refused()).isEqualTo(2);
  }

  @Test
  void passesARequestThatFitsAndAddsUpItsUsage() {
    Recording model = new Recording();
    BudgetedLanguageModel budgeted =
        BudgetedLanguageModel.of(model, ContextBudget.builder(SMALL).build());

    budgeted.chat(ChatRequest.builder().user("hello").build());
    budgeted.stream(ChatRequest.builder().user("again").build(), piece -> {});

    assertThat(model.requests).hasSize(2);
    assertThat(budgeted.calls()).isEqualTo(2);
    assertThat(budgeted.totalUsage()).isEqualTo(TokenUsage.of(20, 4));
  }

  @Test
  void theRequestsOwnOutputLimitCountsAgainstTheWindow() {
    Recording model = new Recording();
    BudgetedLanguageModel budgeted =
        BudgetedLanguageModel.of(model, ContextBudget.builder(SMALL).build());
    ChatRequest greedy =
        ChatRequest.builder().user("token ".repeat(500)).maxOutputTokens(600).build();

    assertThatThrownBy(() -> budgeted.chat(greedy))
        .isInstanceOf(ContextBudgetExceededException.class);
    assertThat(model.requests).isEmpty();
  }

  @Test
  void feedsReportedPromptTokensIntoCalibration() {
    Recording model = new Recording();
    ModelProfile claude = ModelProfiles.defaults().require("claude-haiku-4-5");
    ContextBudget budget = ContextBudget.builder(claude).build();
    ModelTokenCounter counter = (ModelTokenCounter) budget.counter();
    BudgetedLanguageModel budgeted = BudgetedLanguageModel.of(model, budget);
    ChatRequest request = ChatRequest.builder().user("token ".repeat(400)).build();
    model.usage = TokenUsage.of(Math.round(counter.rawPromptTokens(request) * 1.5), 1);

    for (int i = 0; i < 40; i++) {
      budgeted.chat(request);
    }

    assertThat(counter.calibrationSamples()).isEqualTo(40);
    assertThat(counter.factor()).isCloseTo(1.5, Offset.offset(0.01));
  }

  @Test
  void neverLosesAReplyToAbsurdUsageFigures() {
    Recording model = new Recording();
    model.usage = new TokenUsage(1L << 61, 1L << 61, 1L << 60);
    ContextBudget budget =
        ContextBudget.builder(ModelProfiles.defaults().require("claude-haiku-4-5")).build();
    BudgetedLanguageModel budgeted = BudgetedLanguageModel.of(model, budget);
    ChatRequest request = ChatRequest.builder().user("hello").build();

    for (int i = 0; i < 5; i++) {
      assertThat(budgeted.chat(request).text()).isEqualTo("ok");
    }

    assertThat(budgeted.calls()).isEqualTo(5);
    assertThat(budgeted.totalUsage())
        .isEqualTo(new TokenUsage(Long.MAX_VALUE, Long.MAX_VALUE, 5 * (1L << 60)));
    assertThat(((ModelTokenCounter) budget.counter()).factor()).isBetween(0.5, 3.0);
  }

  @Test
  void ignoresResponsesThatReportNoUsage() {
    Recording model = new Recording();
    model.usage = TokenUsage.NONE;
    ContextBudget budget =
        ContextBudget.builder(ModelProfiles.defaults().require("claude-haiku-4-5")).build();

    BudgetedLanguageModel.of(model, budget).chat(ChatRequest.builder().user("x").build());

    assertThat(((ModelTokenCounter) budget.counter()).calibrationSamples()).isZero();
  }
}
