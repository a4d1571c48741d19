package dev.agentops.context;

import static dev.agentops.context.ContextFixtures.SMALL;
import static dev.agentops.context.ContextFixtures.WORDS;
import static dev.agentops.context.ContextFixtures.idOf;
import static dev.agentops.context.ContextFixtures.prose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.ChatRole;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ModelTransportException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CompactorsTest {

  // --- building inputs by hand: ids are given, tokens are words plus the message overhead ---

  static ContextItem user(String id, String text) {
    return ContextItem.builder(ContextKind.MESSAGE, text).role(ChatRole.USER).id(id).build();
  }

  static ContextItem assistant(String id, String text) {
    return ContextItem.builder(ContextKind.MESSAGE, text).role(ChatRole.ASSISTANT).id(id).build();
  }

  static ContextItem call(String id, String callId, String text) {
    return ContextItem.builder(ContextKind.MESSAGE, text)
        .role(ChatRole.ASSISTANT)
        .callId(callId)
        .id(id)
        .build();
  }

  static ContextItem result(String id, String callId, String text) {
    return ContextItem.builder(ContextKind.TOOL_RESULT, text).callId(callId).id(id).build();
  }

  static ContextItem file(String id, int priority, String text) {
    return ContextItem.builder(ContextKind.FILE, text).priority(priority).id(id).build();
  }

  static int tokens(ContextItem item) {
    return WORDS.count(item.content()) + TokenCounter.MESSAGE_OVERHEAD;
  }

  static Compactor.Input input(long need, ContextItem... items) {
    return input(need, List.of(items));
  }

  static Compactor.Input input(long need, List<ContextItem> items) {
    List<Compactor.Sized> sized = new ArrayList<>();
    items.forEach(i -> sized.add(new Compactor.Sized(i, tokens(i))));
    return new Compactor.Input(sized, need, WORDS);
  }

  static String words(int n) {
    return String.join(" ", Collections.nCopies(n, "word"));
  }

  static ContextBudget.Builder smallBudget() {
    return ContextBudget.builder(SMALL).counter(WORDS);
  }

  @Nested
  class DropOldest {

    private final Compactor dropOldest = Compactors.dropOldest();

    @Test
    void removesTheLowestPriorityFirst() {
      Compactor.Plan plan =
          dropOldest.plan(
              input(
                  1,
                  file("a", 2, words(10)),
                  file("b", 0, words(10)),
                  file("c", 1, words(10)),
                  user("u", "the task")));

      assertThat(plan.remove()).containsExactly("b");
      assertThat(plan.insert()).isEmpty();
    }

    @Test
    void removesTheOldestFirstAmongEqualPriorities() {
      ContextItem a = file("a", 0, words(10));
      Compactor.Plan plan =
          dropOldest.plan(
              input(
                  tokens(a) + 1,
                  a,
                  file("b", 0, words(10)),
                  file("c", 0, words(10)),
                  user("u", "go")));

      assertThat(plan.remove()).containsExactly("a", "b");
    }

    @Test
    void removesAWholeTurnWithTheRepliesAndToolResultsThatFollowIt() {
      Compactor.Plan plan =
          dropOldest.plan(
              input(
                  1,
                  user("u1", "fix the build"),
                  call("a1", "c1", "running the tests"),
                  result("r1", "c1", "3 failures"),
                  assistant("a2", "the parser fails"),
                  user("u2", "go on")));

      assertThat(plan.remove()).containsExactly("u1", "a1", "r1", "a2");
    }

    @Test
    void neverSplitsACallThatSpansTurns() {
      Compactor.Plan plan =
          dropOldest.plan(
              input(
                  1,
                  user("u1", "fix the build"),
                  call("a1", "c1", "running the tests"),
                  user("u2", "and the docs"),
                  result("r1", "c1", "3 failures"),
                  file("f", 5, words(3)),
                  user("u3", "go on")));

      assertThat(plan.remove()).containsExactlyInAnyOrder("u1", "a1", "u2", "r1");
    }

    @Test
    void keepsACallWhoseResultIsInTheNewestTurn() {
      Compactor.Plan plan =
          dropOldest.plan(
              input(
                  10_000,
                  user("u1", "fix the build"),
                  call("a1", "c1", "running the tests"),
                  user("u2", "and the docs"),
                  result("r1", "c1", "3 failures")));

      assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void neverTouchesPinnedItemsOrTurnsThatHoldThem() {
      Compactor.Plan plan =
          dropOldest.plan(
              input(
                  10_000,
                  ContextItem.builder(ContextKind.FILE, words(50))
                      .priority(-5)
                      .pinned(true)
                      .id("pinned-file")
                      .build(),
                  ContextItem.system("You fix tests.").withId("system"),
                  user("u1", "fix the build"),
                  ContextItem.builder(ContextKind.MESSAGE, "keep this")
                      .role(ChatRole.ASSISTANT)
                      .pinned(true)
                      .id("pinned-reply")
                      .build(),
                  user("u2", "and the docs"),
                  assistant("a2", "done"),
                  user("u3", "go on")));

      assertThat(plan.remove()).containsExactly("u2", "a2");
    }

    @Test
    void neverTouchesTheNewestTurn() {
      Compactor.Plan plan =
          dropOldest.plan(
              input(
                  10_000,
                  user("u1", words(100)),
                  assistant("a1", words(100)),
                  result("r", "c", "x")));

      assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void stopsOnceEnoughIsFreed() {
      List<ContextItem> items = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        items.add(user("u" + i, words(6)));
      }

      Compactor.Plan plan = dropOldest.plan(input(15, items));

      assertThat(plan.remove()).containsExactly("u1", "u2");
    }
  }

  @Nested
  class Extractive {

    private final Compactor extractive = Compactors.extractive();

    private final String filler = String.join(" ", Collections.nCopies(60, "The weather is mild."));

    private List<ContextItem> conversation() {
      return List.of(
          user(
              "u1",
              "Please fix the build. "
                  + filler
                  + " We decided to pin the version because the registry flakes."
                  + " Can you check the lock?"),
          assistant("a1", "I looked at it. " + filler + " The test fails on the parser."),
          user("u2", "Thanks. " + filler),
          assistant("a2", "Next I will patch the schema."),
          user("u3", "go on"));
    }

    @Test
    void replacesTheOldestTurnsWithOneSummary() {
      Compactor.Plan plan = extractive.plan(input(100, conversation()));

      assertThat(plan.remove()).containsExactly("u1", "a1");
      assertThat(plan.insert()).hasSize(1);
      ContextItem summary = plan.insert().get(0);
      assertThat(summary.kind()).isEqualTo(ContextKind.SUMMARY);
      assertThat(summary.id()).isEmpty();
      assertThat(summary.pinned()).isFalse();
    }

    @Test
    void keepsFirstSentencesAndSentencesThatCarrySignals() {
      String summary = extractive.plan(input(100, conversation())).insert().get(0).content();

      assertThat(summary)
          .contains("- user: Please fix the build.")
          .contains("- user: We decided to pin the version because the registry flakes.")
          .contains("- user: Can you check the lock?")
          .contains("- assistant: I looked at it.")
          .contains("- assistant: The test fails on the parser.")
          .doesNotContain("weather");
    }

    @Test
    void namesEveryItemItReplacesInItsHeader() {
      Compactor.Plan plan = extractive.plan(input(700, conversation()));

      assertThat(plan.remove()).containsExactly("u1", "a1", "u2", "a2");
      String header = plan.insert().get(0).content().lines().findFirst().orElseThrow();
      assertThat(header).contains("4 items", "u1", "a1", "u2", "a2", "archived");
    }

    @Test
    void isDeterministic() {
      Compactor.Plan first = extractive.plan(input(100, conversation()));
      Compactor.Plan again = Compactors.extractive().plan(input(100, conversation()));

      assertThat(again).isEqualTo(first);
    }

    @Test
    void leavesPinnedTurnsAndTheNewestTurnAlone() {
      Compactor.Plan plan =
          extractive.plan(
              input(
                  10_000,
                  user("u1", "Pinned turn. " + filler),
                  ContextItem.builder(ContextKind.MESSAGE, "keep")
                      .role(ChatRole.ASSISTANT)
                      .pinned(true)
                      .id("keep")
                      .build(),
                  user("u2", "Old turn. " + filler),
                  assistant("a2", "Old reply. " + filler),
                  user("u3", "Newest turn. " + filler)));

      assertThat(plan.remove()).containsExactly("u2", "a2");
    }

    @Test
    void doesNothingWhenNoSpanCanBeMadeSmaller() {
      Compactor.Plan plan = extractive.plan(input(1, user("u1", "ok"), user("u2", "go on")));

      assertThat(plan.isEmpty()).isTrue();
    }
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 200);
  }

  @Nested
  class ExtractiveOnRandomConversations {

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("dev.agentops.context.CompactorsTest#seeds")
    void replacesTheOldestWholeTurnsWithSomethingSmallerThatNamesThem(long seed) {
      Random random = new Random(seed);
      List<ContextItem> items = new ArrayList<>();
      int turns = 1 + random.nextInt(12);
      for (int t = 0; t < turns; t++) {
        items.add(user("u" + t, prose(random, 1 + random.nextInt(random.nextBoolean() ? 8 : 200))));
        for (int r = random.nextInt(4); r > 0; r--) {
          items.add(assistant("a" + t + "-" + r, prose(random, 1 + random.nextInt(120))));
        }
      }
      long total = items.stream().mapToLong(CompactorsTest::tokens).sum();
      long need = 1 + random.nextInt((int) Math.max(1, total));
      Compactor.Input input = input(need, items);

      Compactor.Plan plan = Compactors.extractive().plan(input);

      if (plan.isEmpty()) {
        return;
      }
      List<String> ids = items.stream().map(i -> i.id().orElseThrow()).toList();
      assertThat(plan.remove())
          .as("seed %d: the oldest items, from the start", seed)
          .isEqualTo(ids.subList(0, plan.remove().size()));
      String next = ids.get(plan.remove().size());
      assertThat(next).as("seed %d: a whole turn, never the newest one", seed).startsWith("u");
      long removed =
          items.stream()
              .filter(i -> plan.remove().contains(i.id().orElseThrow()))
              .mapToLong(CompactorsTest::tokens)
              .sum();
      ContextItem summary = plan.insert().get(0);
      assertThat((long) tokens(summary))
          .as("seed %d: smaller than what it replaces", seed)
          .isLessThan(removed);
      assertThat(summary.content()).as("seed %d", seed).contains(plan.remove());
      assertThat(Compactors.extractive().plan(input)).as("seed %d", seed).isEqualTo(plan);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("dev.agentops.context.CompactorsTest#seeds")
    void shrinksWhatItReplacesWhenCountedWithTheRealTokenizer(long seed) {
      TokenCounter counter = ModelTokenCounter.forProfile(SMALL);
      Random random = new Random(seed);
      List<Compactor.Sized> sized = new ArrayList<>();
      int turns = 2 + random.nextInt(6);
      for (int t = 0; t < turns; t++) {
        for (int m = 0; m < 1 + random.nextInt(3); m++) {
          ContextItem item =
              m == 0
                  ? user("message-" + t, prose(random, 1 + random.nextInt(60)))
                  : assistant("message-" + t + "-" + m, prose(random, 1 + random.nextInt(60)));
          sized.add(
              new Compactor.Sized(
                  item, counter.count(item.content()) + TokenCounter.MESSAGE_OVERHEAD));
        }
      }
      long need = 1 + random.nextInt(60);

      Compactor.Plan plan = Compactors.extractive().plan(new Compactor.Input(sized, need, counter));

      if (plan.isEmpty()) {
        return;
      }
      long removed =
          sized.stream()
              .filter(s -> plan.remove().contains(s.id()))
              .mapToLong(Compactor.Sized::tokens)
              .sum();
      int summary = counter.count(plan.insert().get(0).content()) + TokenCounter.MESSAGE_OVERHEAD;
      assertThat((long) summary).as("seed %d", seed).isLessThan(removed);
    }
  }

  @Nested
  class Summarizing {

    private final List<ChatRequest> requests = new ArrayList<>();

    private final LanguageModel model =
        request -> {
          requests.add(request);
          return ChatResponse.builder("  We decided to pin the parser because it flakes.  ")
              .build();
        };

    private List<ContextItem> conversation() {
      return List.of(
          user("u1", "Please fix the build. " + words(200)),
          assistant("a1", "The parser fails. " + words(200)),
          user("u2", "go on"));
    }

    @Test
    void asksTheModelForASummaryOfTheOldestTurns() {
      Compactor.Plan plan = Compactors.summarizing(model).plan(input(100, conversation()));

      assertThat(requests).hasSize(1);
      ChatRequest request = requests.get(0);
      assertThat(request.system()).isPresent();
      assertThat(request.temperature()).hasValue(0.0);
      assertThat(request.maxOutputTokens()).isPresent();
      assertThat(request.messages()).hasSize(1);
      assertThat(request.messages().get(0).content())
          .contains("user: Please fix the build.", "assistant: The parser fails.")
          .doesNotContain("go on");
      assertThat(plan.remove()).containsExactly("u1", "a1");
      ContextItem summary = plan.insert().get(0);
      assertThat(summary.kind()).isEqualTo(ContextKind.SUMMARY);
      assertThat(summary.content())
          .contains("u1", "a1", "archived")
          .endsWith("We decided to pin the parser because it flakes.");
      // A summary as long as the model may write, header included, takes at most a quarter of the
      // 415 tokens it replaces.
      String header = summary.content().lines().findFirst().orElseThrow();
      assertThat(
              WORDS.count(header)
                  + TokenCounter.MESSAGE_OVERHEAD
                  + request.maxOutputTokens().getAsInt())
          .isLessThanOrEqualTo(415 / 4);
    }

    @Test
    void replacesWhatItSummarizedInTheBudgetAndArchivesTheOriginals() {
      ContextBudget budget =
          smallBudget()
              .compactor(Compactors.summarizing(model))
              .trigger(CompactionTrigger.whenFull())
              .build();
      ContextItem u1 = user("u1", "Please fix the build. " + words(800));
      ContextItem a1 = assistant("a1", "The parser fails. " + words(800));
      budget.admit(u1);
      budget.admit(a1);
      budget.admit(user("u2", "go on"));

      Admission a = budget.admit(assistant("a2", words(300)));

      assertThat(a).isInstanceOf(Admission.AdmittedAfterCompaction.class);
      List<ContextItem> items = budget.items();
      assertThat(items).extracting(i -> i.id().orElseThrow()).endsWith("u2", "a2").hasSize(3);
      assertThat(items.get(0).kind()).isEqualTo(ContextKind.SUMMARY);
      assertThat(items.get(0).content()).endsWith("because it flakes.");
      assertThat(budget.archived("u1")).contains(u1);
      assertThat(budget.archived("a1")).contains(a1);
    }

    @Test
    void aModelThatFailsMakesTheAdmissionRejectedWithNothingLost() {
      LanguageModel failing =
          request -> {
            throw new ModelTransportException("test", "connection reset", null);
          };
      ContextBudget budget =
          smallBudget()
              .compactor(Compactors.summarizing(failing))
              .trigger(CompactionTrigger.whenFull())
              .build();
      budget.admit(user("u1", words(800)));
      budget.admit(assistant("a1", words(800)));
      budget.admit(user("u2", "go on"));
      List<ContextItem> before = budget.items();
      BudgetStatus status = budget.status();

      Admission a = budget.admit(assistant("a2", words(300)));

      assertThat(a).isInstanceOf(Admission.Rejected.class);
      assertThat(((Admission.Rejected) a).reason()).contains("summarizing", "failed");
      assertThat(budget.items()).isEqualTo(before);
      assertThat(budget.status()).isEqualTo(status);
      assertThat(budget.archived("u1")).isEmpty();
    }

    @Test
    void aSummaryThatWouldNotShrinkIsRefusedWithNothingLost() {
      LanguageModel verbose = request -> ChatResponse.builder(words(5_000)).build();
      ContextBudget budget =
          smallBudget()
              .compactor(Compactors.summarizing(verbose))
              .trigger(CompactionTrigger.whenFull())
              .build();
      budget.admit(user("u1", words(800)));
      budget.admit(assistant("a1", words(800)));
      budget.admit(user("u2", "go on"));
      List<ContextItem> before = budget.items();

      Admission a = budget.admit(assistant("a2", words(300)));

      assertThat(a).isInstanceOf(Admission.Rejected.class);
      assertThat(budget.items()).isEqualTo(before);
      assertThat(budget.archived("u1")).isEmpty();
    }
  }

  /** A budget filled to 1,700 of its 1,800 tokens, so that a 300-token item needs a compaction. */
  static ContextBudget fullBudget(Compactor compactor) {
    ContextBudget budget =
        smallBudget().compactor(compactor).trigger(CompactionTrigger.whenFull()).build();
    budget.admit(ContextItem.system(words(96)).withId("system"));
    budget.admit(user("u1", words(496)));
    budget.admit(call("a1", "c1", words(496)));
    budget.admit(result("r1", "c1", words(496)));
    budget.admit(user("u2", words(96)));
    assertThat(budget.status().usedTokens()).isEqualTo(1_700);
    return budget;
  }

  @Nested
  class PlansTheBudgetRefuses {

    private void refusedWithNothingChanged(Compactor compactor) {
      ContextBudget budget = fullBudget(compactor);
      List<ContextItem> before = budget.items();
      BudgetStatus status = budget.status();

      Admission a = budget.admit(user("u3", words(296)));

      assertThat(a).isInstanceOf(Admission.Rejected.class);
      assertThat(((Admission.Rejected) a).reason()).contains("failed");
      assertThat(budget.items()).isEqualTo(before);
      assertThat(budget.status()).isEqualTo(status);
      before.forEach(i -> assertThat(budget.archived(i.id().orElseThrow())).isEmpty());

      assertThatThrownBy(budget::compact).isInstanceOf(IllegalStateException.class);
      assertThat(budget.items()).isEqualTo(before);
      assertThat(budget.status()).isEqualTo(status);
    }

    @Test
    void aPlanThatNamesAnUnknownItem() {
      refusedWithNothingChanged(in -> new Compactor.Plan(List.of("u1", "nowhere"), List.of()));
    }

    @Test
    void aPlanThatRemovesAPinnedItem() {
      refusedWithNothingChanged(in -> new Compactor.Plan(List.of("u1", "system"), List.of()));
    }

    @Test
    void aPlanThatGrowsTheBudget() {
      refusedWithNothingChanged(
          in ->
              new Compactor.Plan(
                  List.of("u2"),
                  List.of(ContextItem.builder(ContextKind.SUMMARY, words(200)).build())));
    }

    @Test
    void aPlanThatGivesAReplacementTheIdOfWhatItRemoves() {
      refusedWithNothingChanged(
          in ->
              new Compactor.Plan(
                  List.of("u1"),
                  List.of(ContextItem.builder(ContextKind.SUMMARY, "short").id("u1").build())));
    }

    @Test
    void aPlanThatInsertsTwoItemsUnderOneId() {
      ContextItem summary = ContextItem.builder(ContextKind.SUMMARY, "short").id("s").build();
      refusedWithNothingChanged(in -> new Compactor.Plan(List.of("u1"), List.of(summary, summary)));
    }

    @Test
    void aPlanThatInsertsAnIdTheArchiveHolds() {
      Compactor compactor =
          in ->
              new Compactor.Plan(
                  List.of("u1"),
                  List.of(ContextItem.builder(ContextKind.SUMMARY, "short").id("gone").build()));
      ContextBudget budget = fullBudget(compactor);
      budget.admit(user("gone", "soon archived"));
      budget.remove("gone");
      List<ContextItem> before = budget.items();

      assertThatThrownBy(budget::compact).isInstanceOf(IllegalStateException.class);
      assertThat(budget.items()).isEqualTo(before);
      assertThat(budget.archived("gone")).contains(user("gone", "soon archived"));
    }
  }

  @Nested
  class PlansTheBudgetApplies {

    @Test
    void aPlanThatNamesOneItemOfACallRemovesTheWholeCall() {
      ContextBudget budget = fullBudget(in -> new Compactor.Plan(List.of("r1"), List.of()));

      Admission a = budget.admit(user("u3", words(296)));

      assertThat(a).isInstanceOf(Admission.AdmittedAfterCompaction.class);
      assertThat(((Admission.AdmittedAfterCompaction) a).compaction().removedIds())
          .containsExactly("a1", "r1");
      assertThat(budget.archived("a1")).isPresent();
      assertThat(budget.archived("r1")).isPresent();
    }

    @Test
    void removedItemsAreReportedInTheirOrderAndTheReplacementTakesTheirPlace() {
      ContextBudget budget =
          fullBudget(
              in ->
                  new Compactor.Plan(
                      List.of("u2", "u1"),
                      List.of(ContextItem.builder(ContextKind.SUMMARY, "short").build())));

      Admission a = budget.admit(user("u3", words(296)));

      CompactionReport report = ((Admission.AdmittedAfterCompaction) a).compaction();
      assertThat(report.removedIds()).containsExactly("u1", "u2");
      assertThat(budget.items())
          .extracting(i -> i.id().orElseThrow())
          .containsExactly("system", report.insertedIds().get(0), "a1", "r1", "u3");
    }

    @Test
    void aCompactionForAnAdmissionKeepsTheItemsThatShareItsCall() {
      ContextBudget budget =
          smallBudget()
              .compactor(Compactors.dropOldest())
              .trigger(CompactionTrigger.whenFull())
              .build();
      budget.admit(user("u1", words(96)));
      budget.admit(call("a1", "c1", words(696)));
      budget.admit(user("u2", words(696)));
      budget.admit(assistant("a2", words(96)));

      Admission a = budget.admit(result("r1", "c1", words(396)));

      assertThat(a).isInstanceOf(Admission.Rejected.class);
      assertThat(budget.items())
          .extracting(i -> i.id().orElseThrow())
          .containsExactly("u1", "a1", "u2", "a2");
    }
  }

  @Nested
  class Ids {

    @Test
    void theBudgetNeverAssignsAnIdTheArchiveHolds() {
      ContextBudget budget = smallBudget().build();
      ContextItem explicit = user("message-2", "named like the budget names things");
      budget.admit(explicit);
      budget.remove("message-2");

      Admission first = budget.admit(ContextItem.user("one"));
      Admission second = budget.admit(ContextItem.user("two"));

      Set<String> ids = new HashSet<>(List.of(idOf(first), idOf(second)));
      assertThat(ids).hasSize(2).doesNotContain("message-2");
      assertThat(budget.archived("message-2")).contains(explicit);
    }

    @Test
    void anIdThatNamesADifferentArchivedItemIsRefused() {
      ContextBudget budget = smallBudget().build();
      budget.admit(user("note", "first"));
      budget.remove("note");

      assertThatThrownBy(() -> budget.admit(user("note", "second")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'note'")
          .hasMessageContaining("archive");
      assertThat(budget.archived("note")).contains(user("note", "first"));
    }

    @Test
    void anArchivedItemCanBeAdmittedAgainAsItWas() {
      ContextBudget budget = smallBudget().build();
      budget.admit(user("note", "first"));
      budget.remove("note");

      assertThat(budget.admit(user("note", "first")).admitted()).isTrue();
    }
  }
}
