package dev.agentops.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatRole;
import dev.agentops.llm.ModelProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ContextBudgetTest {

  /** One token per word: predictable sizes for a caller of the counter SPI. */
  static final TokenCounter WORDS = text -> text.isBlank() ? 0 : text.strip().split("\\s+").length;

  static final ModelProfile SMALL =
      ModelProfile.builder("test", "small").contextWindow(1_000).maxOutputTokens(100).build();

  static ContextBudget.Builder budget() {
    return ContextBudget.builder(SMALL).counter(WORDS).reservedOutputTokens(100);
  }

  /** Text of n words, which the budget counts as n + 4 tokens. */
  static String words(int n) {
    return "word ".repeat(n).strip();
  }

  @Nested
  class Capacity {

    @Test
    void isTheWindowMinusTheReservedOutput() {
      ContextBudget b = budget().build();

      assertThat(b.capacityTokens()).isEqualTo(900);
      assertThat(b.status().capacityTokens()).isEqualTo(900);
      assertThat(b.status().contextWindow()).isEqualTo(1_000);
    }

    @Test
    void reservesAModestOutputByDefault() {
      ContextBudget gpt5 = ContextBudget.forModel("gpt-5");
      ContextBudget tiny =
          ContextBudget.builder(
                  ModelProfile.builder("t", "t")
                      .contextWindow(2_000)
                      .maxOutputTokens(1_800)
                      .build())
              .build();

      assertThat(gpt5.reservedOutputTokens()).isEqualTo(4_096);
      assertThat(tiny.reservedOutputTokens()).isEqualTo(500);
    }

    @Test
    void anUnknownModelIsNamedInTheError() {
      assertThatThrownBy(() -> ContextBudget.forModel("no-such-model"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'no-such-model'");
    }

    @Test
    void aReservationAsLargeAsTheWindowIsRefused() {
      assertThatThrownBy(() -> budget().reservedOutputTokens(1_000).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reservedOutputTokens (1000) must be less than the context window");
      assertThatThrownBy(() -> budget().reservedOutputTokens(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("reservedOutputTokens must be > 0, but was 0");
    }

    @Test
    void aNonPositiveWindowIsRefusedWhereTheProfileIsMade() {
      assertThatThrownBy(() -> ModelProfile.builder("t", "t").contextWindow(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("contextWindow must be > 0, but was -1");
    }
  }

  @Nested
  class Admissions {

    @Test
    void admitsAndCountsWithTheFormatsOverhead() {
      ContextBudget b = budget().build();

      Admission a = b.admit(ContextItem.user(words(96)));

      assertThat(a).isInstanceOf(Admission.Admitted.class);
      Admission.Admitted admitted = (Admission.Admitted) a;
      assertThat(admitted.tokens()).isEqualTo(100);
      assertThat(admitted.itemId()).isEqualTo("message-1");
      assertThat(b.status().usedTokens()).isEqualTo(100);
      assertThat(b.tokensOf("message-1")).contains(100);
    }

    @Test
    void keepsAnIdTheItemBrings() {
      ContextBudget b = budget().build();

      b.admit(ContextItem.builder(ContextKind.FILE, "x").id("src/Main.java").build());

      assertThat(b.items()).extracting(i -> i.id().orElseThrow()).containsExactly("src/Main.java");
    }

    @Test
    void refusesADuplicateId() {
      ContextBudget b = budget().build();
      b.admit(ContextItem.builder(ContextKind.FILE, "x").id("f").build());

      assertThatThrownBy(() -> b.admit(ContextItem.builder(ContextKind.FILE, "y").id("f").build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("an item with id 'f' is already in the budget");
    }

    @Test
    void anItemLargerThanTheWholeCapacityIsACallerMistake() {
      ContextBudget b = budget().build();

      assertThatThrownBy(
              () -> b.admit(ContextItem.builder(ContextKind.FILE, words(2_000)).id("huge").build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("item 'huge' needs 2004 tokens")
          .hasMessageContaining("capacity of 900");
      assertThat(b.status().usedTokens()).isZero();
    }

    @Test
    void rejectsWhatDoesNotFitWhenCompactionIsOff() {
      ContextBudget b = budget().trigger(CompactionTrigger.never()).build();
      b.admit(ContextItem.user(words(796)));

      Admission a = b.admit(ContextItem.user(words(196)));

      assertThat(a).isInstanceOf(Admission.Rejected.class);
      Admission.Rejected r = (Admission.Rejected) a;
      assertThat(r.tokens()).isEqualTo(200);
      assertThat(r.tokensOver()).isEqualTo(100);
      assertThat(r.reason()).contains("needs 200 tokens but only 100 of 900 are free");
      assertThat(b.items()).hasSize(1);
      assertThat(b.status().usedTokens()).isEqualTo(800);
    }

    @Test
    void compactsWhenAnAdmissionReachesTheCompactThreshold() {
      ContextBudget b = budget().build();
      b.admit(ContextItem.system(words(46)));
      for (int i = 0; i < 6; i++) {
        b.admit(ContextItem.user("turn " + i + " " + words(94)));
      }
      assertThat(b.status().usedTokens()).isEqualTo(650);

      Admission a = b.admit(ContextItem.user(words(96)));

      assertThat(a).isInstanceOf(Admission.AdmittedAfterCompaction.class);
      CompactionReport report = ((Admission.AdmittedAfterCompaction) a).compaction();
      assertThat(report.compactor()).isEqualTo("drop-oldest");
      assertThat(report.removedIds()).containsExactly("message-2", "message-3", "message-4");
      assertThat(b.status().fraction()).isLessThanOrEqualTo(b.thresholds().warn());
      assertThat(b.archived("message-2"))
          .hasValueSatisfying(i -> assertThat(i.content()).startsWith("turn 0"));
      assertThat(b.items()).extracting(ContextItem::kind).first().isEqualTo(ContextKind.SYSTEM);
    }
  }

  @Nested
  class Levels {

    @Test
    void followTheThresholds() {
      ContextBudget b = budget().trigger(CompactionTrigger.never()).build();
      List<BudgetLevel> seen = new ArrayList<>();

      for (int i = 0; i < 9; i++) {
        b.admit(ContextItem.user(words(96)));
        seen.add(b.status().level());
      }

      assertThat(seen)
          .containsExactly(
              BudgetLevel.OPTIMAL,
              BudgetLevel.OPTIMAL,
              BudgetLevel.OPTIMAL,
              BudgetLevel.ELEVATED,
              BudgetLevel.ELEVATED,
              BudgetLevel.WARN,
              BudgetLevel.WARN,
              BudgetLevel.COMPACT,
              BudgetLevel.CRITICAL);
    }

    @Test
    void areReportedToListenersUpAndDown() {
      List<LevelChange> changes = new ArrayList<>();
      ContextBudget b =
          budget()
              .trigger(CompactionTrigger.never())
              .listener(
                  new BudgetListener() {
                    @Override
                    public void levelChanged(LevelChange change) {
                      changes.add(change);
                    }
                  })
              .build();

      b.admit(ContextItem.builder(ContextKind.FILE, words(396)).id("big").build());
      b.admit(ContextItem.user(words(196)));
      b.remove("big");

      assertThat(changes)
          .extracting(c -> c.from() + ">" + c.to())
          .containsExactly("OPTIMAL>ELEVATED", "ELEVATED>WARN", "WARN>OPTIMAL");
      assertThat(changes.get(1).rising()).isTrue();
      assertThat(changes.get(2).rising()).isFalse();
    }

    @Test
    void aFailingListenerBreaksNeitherTheBudgetNorTheOtherListeners() {
      AtomicInteger heard = new AtomicInteger();
      ContextBudget b =
          budget()
              .listener(
                  new BudgetListener() {
                    @Override
                    public void levelChanged(LevelChange change) {
                      throw new IllegalStateException("listener bug");
                    }
                  })
              .listener(
                  new BudgetListener() {
                    @Override
                    public void levelChanged(LevelChange change) {
                      heard.incrementAndGet();
                    }
                  })
              .build();

      Admission a = b.admit(ContextItem.user(words(496)));

      assertThat(a.admitted()).isTrue();
      assertThat(heard).hasValue(1);
      assertThat(b.status().usedTokens()).isEqualTo(500);
    }
  }

  @Nested
  class JustInTime {

    @Test
    void doesNotLoadWhatCanNeverFit() {
      ContextBudget b = budget().build();
      AtomicInteger loads = new AtomicInteger();

      Admission a =
          b.load(
              ContextSource.of(
                  "docs/huge.md",
                  ContextKind.RESEARCH,
                  5_000,
                  () -> {
                    loads.incrementAndGet();
                    return "never";
                  }));

      assertThat(a).isInstanceOf(Admission.Rejected.class);
      assertThat(((Admission.Rejected) a).reason()).contains("was not loaded");
      assertThat(loads).hasValue(0);
    }

    @Test
    void loadsWhatFitsTheFreeSpaceExactly() {
      ContextBudget b = budget().trigger(CompactionTrigger.never()).build();
      b.admit(ContextItem.user(words(696)));
      AtomicInteger loads = new AtomicInteger();

      Admission a =
          b.load(
              ContextSource.of(
                  "src/A.java",
                  ContextKind.FILE,
                  196,
                  () -> {
                    loads.incrementAndGet();
                    return words(196);
                  }));

      assertThat(a).isInstanceOf(Admission.Admitted.class);
      assertThat(loads).hasValue(1);
      assertThat(b.status().usedTokens()).isEqualTo(900);
    }

    @Test
    void doesNotLoadWhatIsEstimatedAtOneTokenMoreThanIsFree() {
      ContextBudget b = budget().trigger(CompactionTrigger.never()).build();
      b.admit(ContextItem.user(words(696)));
      AtomicInteger loads = new AtomicInteger();

      Admission a =
          b.load(
              ContextSource.of(
                  "src/A.java",
                  ContextKind.FILE,
                  197,
                  () -> {
                    loads.incrementAndGet();
                    return "class A {}";
                  }));

      assertThat(a).isInstanceOf(Admission.Rejected.class);
      Admission.Rejected r = (Admission.Rejected) a;
      assertThat(r.reason())
          .contains("source 'src/A.java' is estimated at 201 tokens but only 200 of 900 are free")
          .contains("it was not loaded");
      assertThat(r.tokens()).isEqualTo(201);
      assertThat(r.tokensOver()).isEqualTo(1);
      assertThat(loads).hasValue(0);
      assertThat(b.items()).hasSize(1);
    }

    @Test
    void makesRoomBeforeLoadingWhenACompactionCan() {
      ContextBudget b = budget().build();
      for (int i = 0; i < 3; i++) {
        b.admit(ContextItem.user("turn " + i + " " + words(98)));
        b.admit(ContextItem.assistant(words(99)));
      }
      assertThat(b.status().usedTokens()).isEqualTo(621);
      List<Long> freeWhenLoaded = new ArrayList<>();

      Admission a =
          b.load(
              ContextSource.of(
                  "docs/design.md",
                  ContextKind.RESEARCH,
                  396,
                  () -> {
                    freeWhenLoaded.add(b.status().remainingTokens());
                    return words(396);
                  }));

      assertThat(a).isInstanceOf(Admission.AdmittedAfterCompaction.class);
      assertThat(freeWhenLoaded).hasSize(1);
      assertThat(freeWhenLoaded.get(0)).isGreaterThanOrEqualTo(400);
      assertThat(((Admission.AdmittedAfterCompaction) a).compaction().removedIds())
          .containsExactly("message-1", "message-2", "message-3", "message-4");
      assertThat(b.status().usedTokens()).isEqualTo(207 + 400);
    }

    @Test
    void countsLoadedMaterialUntilItIsReleased() {
      ContextBudget b = budget().build();

      b.load(ContextSource.of("src/A.java", ContextKind.FILE, 50, () -> words(46)));
      b.load(ContextSource.of("src/B.java", ContextKind.FILE, 50, () -> words(46)));
      assertThat(b.status().usedTokens()).isEqualTo(100);
      assertThat(b.items()).allMatch(ContextItem::ephemeral);

      assertThat(b.release("src/A.java")).isEqualTo(1);
      assertThat(b.status().usedTokens()).isEqualTo(50);
      assertThat(b.releaseEphemeral()).isEqualTo(1);
      assertThat(b.status().usedTokens()).isZero();
    }

    @Test
    void rendersLoadedMaterialIntoTheSystemTextNeverTheConversation() {
      ContextBudget b = budget().build();
      b.admit(ContextItem.system("You fix tests."));
      b.load(ContextSource.of("src/A.java", ContextKind.FILE, 10, () -> "class A {}"));
      b.admit(ContextItem.user("Why does it fail?"));

      ChatRequest r = b.toRequest().build();

      assertThat(r.system()).contains("You fix tests.\n\nclass A {}");
      assertThat(r.messages()).containsExactly(ChatMessage.user("Why does it fail?"));
    }
  }

  @Nested
  class Rendering {

    @Test
    void putsThePreambleInAFixedOrderAndTheConversationInSequence() {
      ContextBudget b = budget().build();
      b.admit(ContextItem.builder(ContextKind.FILE, "FILE").build());
      b.admit(ContextItem.user("question"));
      b.admit(ContextItem.builder(ContextKind.KNOWLEDGE, "KNOWLEDGE").build());
      b.admit(ContextItem.assistant("calling a tool"));
      b.admit(ContextItem.builder(ContextKind.TOOL_RESULT, "tool output").callId("c1").build());
      b.admit(ContextItem.system("SYSTEM"));
      b.admit(ContextItem.builder(ContextKind.HANDOFF, "HANDOFF").build());

      ChatRequest r = b.toRequest().user("next").build();

      assertThat(r.system()).contains("SYSTEM\n\nKNOWLEDGE\n\nHANDOFF\n\nFILE");
      assertThat(r.messages())
          .containsExactly(
              ChatMessage.user("question"),
              ChatMessage.assistant("calling a tool"),
              ChatMessage.user("tool output"),
              ChatMessage.user("next"));
    }
  }

  @Nested
  class Checks {

    @Test
    void aRequestFitsWhenPromptAndOutputAreWithinTheWindow() {
      ContextBudget b = budget().build();
      ChatRequest r = ChatRequest.builder().user(words(100)).build();

      RequestCheck check = b.check(r);

      assertThat(check.promptTokens()).isEqualTo(100 + 4 + 3);
      assertThat(check.outputTokens()).isEqualTo(100);
      assertThat(check.fits()).isTrue();
    }

    @Test
    void aRequestAskingForMoreOutputLeavesLessRoomForItsPrompt() {
      ContextBudget b = budget().build();
      ChatRequest r = ChatRequest.builder().user(words(600)).maxOutputTokens(400).build();

      RequestCheck check = b.check(r);

      assertThat(check.fits()).isFalse();
      assertThat(check.tokensOver()).isEqualTo(607 + 400 - 1_000);
    }
  }

  @Nested
  class Removal {

    @Test
    void removesACallTogetherWithItsResultAndArchivesBoth() {
      ContextBudget b = budget().build();
      b.admit(
          ContextItem.builder(ContextKind.MESSAGE, "call")
              .role(ChatRole.ASSISTANT)
              .callId("c7")
              .id("call")
              .build());
      b.admit(
          ContextItem.builder(ContextKind.TOOL_RESULT, "result").callId("c7").id("result").build());
      b.admit(ContextItem.user("unrelated"));

      List<ContextItem> removed = b.remove("result");

      assertThat(removed).extracting(i -> i.id().orElseThrow()).containsExactly("result", "call");
      assertThat(b.items()).hasSize(1);
      assertThat(b.archived("call")).isPresent();
      assertThat(b.archived("result")).isPresent();
      assertThat(b.remove("nothing")).isEmpty();
    }

    @Test
    void anExplicitCompactionAimsForTheTarget() {
      ContextBudget b = budget().trigger(CompactionTrigger.never()).compactionTarget(0.3).build();
      for (int i = 0; i < 7; i++) {
        b.admit(ContextItem.user(words(96)));
      }

      CompactionReport report = b.compact().orElseThrow();

      assertThat(b.status().usedTokens()).isLessThanOrEqualTo(270);
      assertThat(report.tokensFreed()).isEqualTo(700 - b.status().usedTokens());
      assertThat(budget().build().compact()).isEmpty();
    }
  }
}
