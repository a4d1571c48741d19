package dev.agentops.context;

import dev.agentops.context.internal.Units;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatRole;
import dev.agentops.llm.LanguageModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The built-in compaction strategies.
 *
 * <ul>
 *   <li>{@link #dropOldest()}: removes whole units, lowest priority first and oldest first among
 *       equals; a conversation turn goes as a whole, so a tool result never loses its call.
 *   <li>{@link #extractive()}: replaces the oldest conversation turns with a deterministic digest
 *       of their key sentences.
 *   <li>{@link #summarizing(LanguageModel)}: replaces the oldest conversation turns with a summary
 *       written by a model.
 * </ul>
 *
 * <p>None of them touches pinned items or the newest conversation turn (the exchange in progress).
 * What they remove is archived by the budget.
 *
 * @since 0.1.0
 */
public final class Compactors {

  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
  private static final Pattern SIGNAL =
      Pattern.compile(
          "(?i)\\b(decid\\w*|because|must|error|fail\\w*|found|todo|next|should|cannot|"
              + "won't|don't|never|always|blocked|fixed)\\b|\\?$");
  private static final int MAX_SENTENCE_CHARS = 300;

  private Compactors() {}

  /**
   * Removes whole units, lowest priority first and oldest first among equals, until enough is
   * freed.
   *
   * @return the strategy
   */
  public static Compactor dropOldest() {
    return new Compactor() {
      @Override
      public Plan plan(Input input) {
        List<Units.Unit> candidates = new ArrayList<>();
        for (Units.Unit u : Units.of(input.items())) {
          if (u.removable()) {
            candidates.add(u);
          }
        }
        candidates.sort(
            Comparator.comparingInt(Units.Unit::minPriority).thenComparingInt(Units.Unit::first));
        List<String> remove = new ArrayList<>();
        long freed = 0;
        for (Units.Unit u : candidates) {
          if (freed >= input.tokensToFree()) {
            break;
          }
          remove.addAll(u.ids());
          freed += u.tokens();
        }
        return new Plan(remove, List.of());
      }

      @Override
      public String name() {
        return "drop-oldest";
      }
    };
  }

  /**
   * Replaces the oldest conversation turns with their key sentences: the first sentence of each
   * turn and every sentence that carries a decision, a failure, a finding, a question or a next
   * step, each marked with who said it. Deterministic; the digest takes at most a quarter of the
   * tokens it replaces.
   *
   * @return the strategy
   */
  public static Compactor extractive() {
    return new Compactor() {
      @Override
      public Plan plan(Input input) {
        List<Units.Unit> span = spanFor(input);
        if (span.isEmpty()) {
          return Plan.none();
        }
        long spanTokens = tokens(span);
        long allowance = summaryAllowance(spanTokens, input.tokensToFree());
        StringBuilder digest = new StringBuilder();
        for (Units.Unit u : span) {
          for (Compactor.Sized s : u.items()) {
            List<String> sentences = List.of(SENTENCE_END.split(s.item().content().strip()));
            for (int i = 0; i < sentences.size(); i++) {
              String sentence = sentences.get(i).strip();
              if (sentence.isEmpty() || !(i == 0 || SIGNAL.matcher(sentence).find())) {
                continue;
              }
              String line = "- " + speaker(s.item()) + ": " + clip(sentence) + "\n";
              if (input.counter().count(digest + line) > allowance) {
                return replace(span, digest.toString(), "extracted");
              }
              digest.append(line);
            }
          }
        }
        return replace(span, digest.toString(), "extracted");
      }

      @Override
      public String name() {
        return "extractive";
      }
    };
  }

  /**
   * Replaces the oldest conversation turns with a summary a model writes. The model is asked for
   * plain text that keeps decisions with their reasons, findings, failures, open questions and
   * unfinished requests, within a quarter of the tokens it replaces. If the model fails, the
   * compaction fails and the admission that needed it is rejected; nothing is lost.
   *
   * @param model the model that summarizes; give it its own budget if the spans can be long
   * @return the strategy
   */
  public static Compactor summarizing(LanguageModel model) {
    Objects.requireNonNull(model, "model");
    return new Compactor() {
      @Override
      public Plan plan(Input input) {
        List<Units.Unit> span = spanFor(input);
        if (span.isEmpty()) {
          return Plan.none();
        }
        long allowance = summaryAllowance(tokens(span), input.tokensToFree());
        StringBuilder transcript = new StringBuilder();
        for (Units.Unit u : span) {
          for (Compactor.Sized s : u.items()) {
            transcript
                .append(speaker(s.item()))
                .append(": ")
                .append(s.item().content())
                .append("\n\n");
          }
        }
        ChatRequest request =
            ChatRequest.builder()
                .system(
                    "You compress part of a conversation for the agent that continues it. Keep"
                        + " decisions with their reasons, facts found, failures and dead ends,"
                        + " open questions, and anything asked for that is not done yet. Drop"
                        + " pleasantries and repetition. Write plain text, no preamble.")
                .user(transcript.toString())
                .temperature(0)
                .maxOutputTokens((int) Math.max(16, Math.min(Integer.MAX_VALUE, allowance)))
                .build();
        String summary = model.chat(request).text().strip();
        return replace(span, summary, "summarized");
      }

      @Override
      public String name() {
        return "summarizing";
      }
    };
  }

  private static List<Units.Unit> spanFor(Compactor.Input input) {
    // The summary costs tokens too: cover the need plus the summary's own allowance.
    List<Units.Unit> units = Units.of(input.items());
    return Units.oldestConversationSpan(units, input.tokensToFree() * 4 / 3 + 1);
  }

  private static long summaryAllowance(long spanTokens, long tokensToFree) {
    long quarter = spanTokens / 4;
    long leaves = spanTokens - tokensToFree;
    return Math.max(16, Math.min(quarter, Math.max(leaves, 16)));
  }

  private static long tokens(List<Units.Unit> span) {
    long t = 0;
    for (Units.Unit u : span) {
      t += u.tokens();
    }
    return t;
  }

  private static Compactor.Plan replace(List<Units.Unit> span, String body, String how) {
    List<String> ids = new ArrayList<>();
    span.forEach(u -> ids.addAll(u.ids()));
    String header =
        "[Earlier conversation, "
            + how
            + " from "
            + ids.size()
            + (ids.size() == 1 ? " item" : " items")
            + " ("
            + ids.get(0)
            + (ids.size() > 1 ? " … " + ids.get(ids.size() - 1) : "")
            + "); the originals are archived.]\n";
    ContextItem summary =
        ContextItem.builder(ContextKind.SUMMARY, header + body.strip()).role(ChatRole.USER).build();
    return new Compactor.Plan(ids, List.of(summary));
  }

  private static String speaker(ContextItem item) {
    if (item.kind() == ContextKind.TOOL_RESULT) {
      return "tool";
    }
    if (item.kind() == ContextKind.SUMMARY) {
      return "summary";
    }
    return item.role().name().toLowerCase(Locale.ROOT);
  }

  private static String clip(String sentence) {
    String oneLine = sentence.replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_SENTENCE_CHARS
        ? oneLine
        : oneLine.substring(0, MAX_SENTENCE_CHARS) + "…";
  }
}
