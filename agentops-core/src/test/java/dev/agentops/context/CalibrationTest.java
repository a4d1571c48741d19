package dev.agentops.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.agentops.context.VaultFixtures.VaultFile;
import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ModelProfile;
import dev.agentops.llm.ModelProfiles;
import dev.agentops.llm.TokenUsage;
import dev.agentops.llm.TokenizerFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calibration through {@link BudgetedLanguageModel}: a provider whose tokenizer counts a fixed
 * ratio of {@code o200k_base} reports its prompt tokens after every call, and the budget's counter
 * learns the ratio.
 *
 * <p>The requests are long (about 3,000 tokens or more), so the per-message overhead the counter
 * adds ({@link TokenCounter#MESSAGE_OVERHEAD}, {@link TokenCounter#REQUEST_OVERHEAD}) moves the
 * learned factor by well under 1 %. They are the vault's session summaries and council reports,
 * joined into chunks, when the fixtures are present, and seeded generated text otherwise.
 */
class CalibrationTest {

  /** An independent o200k_base encoding: the provider's side, not the counter's. */
  static final Encoding O200K =
      Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  static final ModelProfile CLAUDE = ModelProfiles.defaults().require("claude-sonnet-4-5");
  static final ModelProfile GPT_4O = ModelProfiles.defaults().require("gpt-4o");

  static final int CALLS = 30;
  static final int MIN_CHUNK_TOKENS = 3_000;

  static List<String> texts = List.of();

  @BeforeAll
  static void chooseTexts() {
    Optional<List<VaultFile>> vault = VaultFixtures.sessionsAndCouncilReports();
    texts = vault.isPresent() ? chunks(vault.get()) : generated(CALLS, 42L);
    assertThat(texts).hasSizeGreaterThanOrEqualTo(10);
    System.out.printf(
        Locale.ROOT,
        "calibration texts: %d chunks of %s, %d to %d o200k tokens%n",
        texts.size(),
        vault.isPresent() ? "vault material" : "generated text",
        texts.stream().mapToInt(O200K::countTokensOrdinary).min().orElseThrow(),
        texts.stream().mapToInt(O200K::countTokensOrdinary).max().orElseThrow());
  }

  /** Joins the vault's files, in order, into chunks of at least {@link #MIN_CHUNK_TOKENS}. */
  static List<String> chunks(List<VaultFile> files) {
    List<String> out = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    for (VaultFile f : files) {
      chunk.append(f.text()).append("\n\n");
      if (O200K.countTokensOrdinary(chunk.toString()) >= MIN_CHUNK_TOKENS) {
        out.add(chunk.toString());
        chunk.setLength(0);
      }
    }
    return out;
  }

  /** Seeded prose with the odd identifier, path and number, about 3,500 tokens per text. */
  static List<String> generated(int count, long seed) {
    String[] words =
        ("the build fails because a test shares state with another one we decided to clear cache"
                + " after each run and the council found that retry policy is bounded so escalation"
                + " goes up handoff session budget window tokens compaction archive original"
                + " research plan implement validate ratchet learning citation decay")
            .split(" ");
    Random random = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      StringBuilder sb = new StringBuilder();
      while (O200K.countTokensOrdinary(sb.toString()) < 3_500) {
        for (int s = 0; s < 40; s++) {
          int n = 6 + random.nextInt(18);
          for (int w = 0; w < n; w++) {
            if (w > 0) {
              sb.append(' ');
            }
            switch (random.nextInt(20)) {
              case 0 -> sb.append("OrderService").append(random.nextInt(100)).append("Test");
              case 1 ->
                  sb.append("src/main/java/dev/x/").append(words[random.nextInt(words.length)]);
              case 2 -> sb.append(random.nextInt(100_000));
              default -> sb.append(words[random.nextInt(words.length)]);
            }
          }
          sb.append(random.nextInt(5) == 0 ? ".\n" : ". ");
        }
      }
      out.add(sb.toString());
    }
    return out;
  }

  /** The o200k_base tokens of everything a request sends, without any per-message overhead. */
  static long o200kOf(ChatRequest request) {
    long tokens = request.system().map(O200K::countTokensOrdinary).orElse(0);
    for (ChatMessage m : request.messages()) {
      tokens += O200K.countTokensOrdinary(m.content());
    }
    return tokens;
  }

  /** A provider that reports what its own counting gives for the request it was sent. */
  static LanguageModel provider(LongUnaryOperator reportedPromptTokens) {
    return request ->
        ChatResponse.builder("noted")
            .usage(TokenUsage.of(reportedPromptTokens.applyAsLong(o200kOf(request)), 2))
            .modelId("provider")
            .build();
  }

  /** A provider whose tokenizer counts {@code ratio} times o200k_base. */
  static LanguageModel providerWithRatio(double ratio) {
    return provider(o200k -> Math.round(ratio * o200k));
  }

  static ChatRequest request(int i) {
    return ChatRequest.builder()
        .system("You review project records and answer in one word.")
        .user(texts.get(i % texts.size()))
        .build();
  }

  static ModelTokenCounter counterOf(ContextBudget budget) {
    return (ModelTokenCounter) budget.counter();
  }

  @ParameterizedTest(name = "true ratio {0}")
  @ValueSource(doubles = {1.37, 0.9})
  void claude_factorConvergesOnWhatTheProviderCounts(double ratio) {
    ContextBudget budget = ContextBudget.builder(CLAUDE).build();
    ModelTokenCounter counter = counterOf(budget);
    BudgetedLanguageModel model = BudgetedLanguageModel.of(providerWithRatio(ratio), budget);
    assertThat(counter.factor()).isEqualTo(TokenizerFamily.CLAUDE.initialFactor());

    StringBuilder trajectory = new StringBuilder();
    for (int i = 0; i < CALLS; i++) {
      model.chat(request(i));
      trajectory.append(String.format(Locale.ROOT, " %.4f", counter.factor()));
    }
    System.out.printf(Locale.ROOT, "ratio %.2f, factor after each call:%s%n", ratio, trajectory);

    assertThat(counter.calibrationSamples()).isEqualTo(CALLS);
    assertThat(model.calls()).isEqualTo(CALLS);
    assertThat(counter.factor()).isCloseTo(ratio, within(0.02 * ratio));
  }

  @ParameterizedTest(name = "true ratio {0}")
  @ValueSource(doubles = {1.37, 0.9})
  void claude_onceCalibratedTheBudgetCountsRequestsAsTheProviderWill(double ratio) {
    ContextBudget budget = ContextBudget.builder(CLAUDE).build();
    BudgetedLanguageModel model = BudgetedLanguageModel.of(providerWithRatio(ratio), budget);
    for (int i = 0; i < CALLS; i++) {
      model.chat(request(i));
    }
    // A request the counter has not learned from.
    ChatRequest unseen =
        ChatRequest.builder()
            .system("You summarize.")
            .user(generated(1, 7L).get(0))
            .assistant(texts.get(0))
            .user("And the decisions?")
            .build();
    long providerCount = Math.round(ratio * o200kOf(unseen));
    assertThat((double) budget.check(unseen).promptTokens())
        .isCloseTo(providerCount, within(0.02 * providerCount));
  }

  @Test
  void claude_theCountersOwnBoundsHold() {
    ModelTokenCounter counter =
        ModelTokenCounter.builder(TokenizerFamily.CLAUDE).factorBounds(0.8, 1.6).build();
    ContextBudget budget = ContextBudget.builder(CLAUDE).counter(counter).build();
    BudgetedLanguageModel model = BudgetedLanguageModel.of(providerWithRatio(5.0), budget);
    for (int i = 0; i < CALLS; i++) {
      model.chat(request(i));
    }
    assertThat(counter.factor()).isBetween(0.8, 1.6).isCloseTo(1.6, within(0.01));
  }

  @Test
  void absurdReport_hugeCannotPushTheFactorPastItsUpperBound() {
    ContextBudget budget = ContextBudget.builder(CLAUDE).build();
    ModelTokenCounter counter = counterOf(budget);
    BudgetedLanguageModel model =
        BudgetedLanguageModel.of(provider(o200k -> 10_000_000_000L), budget);
    model.chat(request(0));
    // One report moves the factor at most a fifth (the calibration rate) of the way to the bound.
    assertThat(counter.factor()).isLessThanOrEqualTo(1.25 + 0.2 * (3.0 - 1.25) + 1e-9);
    for (int i = 1; i < CALLS; i++) {
      model.chat(request(i));
      assertThat(counter.factor()).isBetween(0.5, 3.0);
    }
    assertThat(counter.factor()).isCloseTo(3.0, within(0.01));
  }

  @Test
  void absurdReport_tinyCannotPushTheFactorBelowItsLowerBound() {
    ContextBudget budget = ContextBudget.builder(CLAUDE).build();
    ModelTokenCounter counter = counterOf(budget);
    BudgetedLanguageModel model = BudgetedLanguageModel.of(provider(o200k -> 1), budget);
    for (int i = 0; i < CALLS; i++) {
      model.chat(request(i));
      assertThat(counter.factor()).isBetween(0.5, 3.0);
    }
    assertThat(counter.factor()).isCloseTo(0.5, within(0.01));
  }

  @Test
  void absurdReport_oneMovesTheFactorAtMostItsWeightTowardTheBound() {
    ContextBudget budget = ContextBudget.builder(CLAUDE).build();
    ModelTokenCounter counter = counterOf(budget);
    BudgetedLanguageModel good = BudgetedLanguageModel.of(providerWithRatio(1.37), budget);
    for (int i = 0; i < CALLS; i++) {
      good.chat(request(i));
    }
    double before = counter.factor();
    // Say the provider counted an attachment the request's text does not show: 1,000 times more.
    BudgetedLanguageModel.of(provider(o200k -> 1_000L * o200k), budget).chat(request(0));
    double after = counter.factor();
    System.out.printf(Locale.ROOT, "one report of 1000x: factor %.4f -> %.4f%n", before, after);
    assertThat(after).isLessThanOrEqualTo(before + 0.2 * (3.0 - before) + 1e-9);
  }

  @Test
  void absurdReport_noPromptTokensIsIgnored() {
    ContextBudget budget = ContextBudget.builder(CLAUDE).build();
    ModelTokenCounter counter = counterOf(budget);
    BudgetedLanguageModel.of(provider(o200k -> 0), budget).chat(request(0));
    assertThat(counter.factor()).isEqualTo(TokenizerFamily.CLAUDE.initialFactor());
    assertThat(counter.calibrationSamples()).isZero();
  }

  @Test
  void exactFamily_factorStaysOneWhateverTheProviderReports() {
    ContextBudget budget = ContextBudget.builder(GPT_4O).build();
    ModelTokenCounter counter = counterOf(budget);
    BudgetedLanguageModel model = BudgetedLanguageModel.of(providerWithRatio(1.37), budget);
    for (int i = 0; i < CALLS; i++) {
      model.chat(request(i));
    }
    assertThat(counter.factor()).isEqualTo(1.0);
    assertThat(counter.calibrationSamples()).isZero();
    assertThat(model.calls()).isEqualTo(CALLS);
  }

  @Test
  void exactFamily_countIsTheEncodingsCountPlusTheChatOverhead() {
    ContextBudget budget = ContextBudget.builder(GPT_4O).build();
    ChatRequest r = request(3);
    assertThat(budget.check(r).promptTokens())
        .isEqualTo(o200kOf(r) + TokenCounter.REQUEST_OVERHEAD + 2L * TokenCounter.MESSAGE_OVERHEAD);
  }

  /** What the budget's items take, counted again from scratch with the counter as it is now. */
  static long recount(ContextBudget budget) {
    long sum = 0;
    for (ContextItem item : budget.items()) {
      sum += budget.counter().count(item.content()) + TokenCounter.MESSAGE_OVERHEAD;
    }
    return sum;
  }

  @Test
  void admittedItems_areRecountedWhenTheFactorChanges() {
    ContextBudget budget = ContextBudget.builder(CLAUDE).build();
    ModelTokenCounter counter = counterOf(budget);
    BudgetedLanguageModel model = BudgetedLanguageModel.of(providerWithRatio(1.6), budget);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Admission a =
          budget.admit(
              i % 2 == 0
                  ? ContextItem.user(texts.get(i % texts.size()))
                  : ContextItem.assistant(texts.get(i % texts.size())));
      ids.add(ContextFixtures.idOf(a));
    }
    long before = budget.status().usedTokens();
    assertThat(before).isEqualTo(recount(budget));

    for (int i = 0; i < 5; i++) {
      model.chat(request(i));
    }

    assertThat(counter.factor()).isGreaterThan(TokenizerFamily.CLAUDE.initialFactor());
    assertThat(budget.status().usedTokens()).isEqualTo(recount(budget)).isGreaterThan(before);
    for (ContextItem item : budget.items()) {
      assertThat(budget.tokensOf(item.id().orElseThrow()))
          .contains(counter.count(item.content()) + TokenCounter.MESSAGE_OVERHEAD);
    }
    assertThat(budget.items()).extracting(i -> i.id().orElseThrow()).isEqualTo(ids);
  }

  @Test
  void admittedItems_aRecountPastTheCapacityIsReportedAndTheNextAdmissionMakesRoom() {
    ModelProfile small =
        ModelProfile.builder("test", "small-claude")
            .contextWindow(2_000)
            .maxOutputTokens(200)
            .tokenizerFamily(TokenizerFamily.CLAUDE)
            .build();
    ModelTokenCounter counter =
        ModelTokenCounter.builder(TokenizerFamily.CLAUDE).calibrationRate(1.0).build();
    List<LevelChange> changes = new ArrayList<>();
    ContextBudget budget =
        ContextBudget.builder(small)
            .counter(counter)
            .reservedOutputTokens(200)
            .listener(
                new BudgetListener() {
                  @Override
                  public void levelChanged(LevelChange change) {
                    changes.add(change);
                  }
                })
            .build();
    budget.admit(ContextItem.system("You fix tests."));
    String hundredWords = "word ".repeat(100).strip();
    for (int i = 0; i < 4; i++) {
      budget.admit(ContextItem.user(hundredWords));
      budget.admit(ContextItem.assistant(hundredWords));
    }
    assertThat(budget.status().fraction()).isLessThan(0.8);
    changes.clear();

    // The provider counts three times what o200k_base does: the counts so far were far too low.
    BudgetedLanguageModel.of(provider(o200k -> 3 * o200k), budget)
        .chat(ChatRequest.builder().user(hundredWords).build());

    assertThat(counter.factor()).isGreaterThan(2.5);
    assertThat(changes)
        .as("heard as soon as the call that calibrated returned")
        .extracting(LevelChange::to)
        .containsExactly(BudgetLevel.CRITICAL);
    BudgetStatus over = budget.status();
    assertThat(over.usedTokens()).isEqualTo(recount(budget)).isGreaterThan(1_800);
    assertThat(over.remainingTokens()).isZero();

    Admission next = budget.admit(ContextItem.user("And now?"));

    assertThat(next).isInstanceOf(Admission.AdmittedAfterCompaction.class);
    assertThat(budget.status().usedTokens())
        .isEqualTo(recount(budget))
        .isLessThanOrEqualTo(budget.capacityTokens());
  }
}
