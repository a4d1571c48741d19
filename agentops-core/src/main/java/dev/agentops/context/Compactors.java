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
  private static final int MIN_BODY_TOKENS = 16;
  private static final String EXTRACTED = "extracted";
  private static final String SUMMARIZED = "summarized";

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
   * step, each marked with who said it, under a header that names every replaced item.
   * Deterministic. The digest, header included, takes at most a quarter of the tokens it replaces
   * (or its header and 16 tokens, if that is more), and always fewer than it replaces: if no span
   * of turns can be made smaller, nothing is done.
   *
   * @return the strategy
   */
  public static Compactor extractive() {
    return new Compactor() {
      @Override
      public Plan plan(Input input) {
        List<Units.Unit> span = spanFor(input, EXTRACTED);
        if (span.isEmpty()) {
          return Plan.none();
        }
        long spanTokens = tokens(span);
        String header = header(span, EXTRACTED);
        long allowance = summaryAllowance(spanTokens, input, header);
        StringBuilder digest = new StringBuilder();
        lines:
        for (Units.Unit u : span) {
          for (Compactor.Sized s : u.items()) {
            List<String> sentences = List.of(SENTENCE_END.split(s.item().content().strip()));
            for (int i = 0; i < sentences.size(); i++) {
              String sentence = sentences.get(i).strip();
              if (sentence.isEmpty() || !(i == 0 || SIGNAL.matcher(sentence).find())) {
                continue;
              }
              String line = "- " + speaker(s.item()) + ": " + clip(sentence) + "\n";
              if (itemTokens(input, header + digest + line) > allowance) {
                break lines;
              }
              digest.append(line);
            }
          }
        }
        Plan plan = replace(span, header, digest.toString());
        // A digest that would not shrink the span is no compaction at all.
        return itemTokens(input, plan.insert().get(0).content()) < spanTokens ? plan : Plan.none();
      }

      @Override
      public String name() {
        return "extractive";
      }
    };
  }

  /**
   * Replaces the oldest conversation turns with a summary a model writes, under a header that names
   * every replaced item. The model is asked for plain text that keeps decisions with their reasons,
   * findings, failures, open questions and unfinished requests, in as many tokens as leave the
   * summary, header included, within a quarter of the tokens it replaces (but at least 16). If the
   * model fails, the compaction fails and the admission that needed it is rejected; if its summary
   * would not be smaller than what it replaces, the budget refuses the plan. Either way nothing is
   * lost.
   *
   * @param model the model that summarizes; give it its own budget if the spans can be long
   * @return the strategy
   */
  public static Compactor summarizing(LanguageModel model) {
    Objects.requireNonNull(model, "model");
    return new Compactor() {
      @Override
      public Plan plan(Input input) {
        List<Units.Unit> span = spanFor(input, SUMMARIZED);
        if (span.isEmpty()) {
          return Plan.none();
        }
        String header = header(span, SUMMARIZED);
        long allowance = summaryAllowance(tokens(span), input, header);
        long bodyAllowance = Math.max(MIN_BODY_TOKENS, allowance - itemTokens(input, header));
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
                .maxOutputTokens((int) Math.min(Integer.MAX_VALUE, bodyAllowance))
                .build();
        String summary = model.chat(request).text().strip();
        return replace(span, header, summary);
      }

      @Override
      public String name() {
        return "summarizing";
      }
    };
  }

  /**
   * Returns the oldest span of turns that, replaced by its header and a digest of at least {@link
   * #MIN_BODY_TOKENS}, frees what is needed; or, if none can, the longest span there is.
   */
  private static List<Units.Unit> spanFor(Compactor.Input input, String how) {
    List<Units.Unit> units = Units.of(input.items());
    // The summary costs tokens too: start from the need plus a quarter for the summary.
    long want = input.tokensToFree() * 4 / 3 + 1;
    while (true) {
      List<Units.Unit> span = Units.oldestConversationSpan(units, want);
      if (span.isEmpty()) {
        return span;
      }
      long tokens = tokens(span);
      long replacement = itemTokens(input, header(span, how)) + MIN_BODY_TOKENS;
      if (tokens - replacement >= input.tokensToFree() || tokens < want) {
        return span;
      }
      want = tokens + 1;
    }
  }

  /** The tokens a summary item may take, header included. */
  private static long summaryAllowance(long spanTokens, Compactor.Input input, String header) {
    long floor = itemTokens(input, header) + MIN_BODY_TOKENS;
    long quarter = spanTokens / 4;
    long leaves = spanTokens - input.tokensToFree();
    return Math.max(floor, Math.min(quarter, leaves));
  }

  /** The tokens a text takes in the budget as an item of its own. */
  private static long itemTokens(Compactor.Input input, String text) {
    return (long) input.counter().count(text) + TokenCounter.MESSAGE_OVERHEAD;
  }

  private static long tokens(List<Units.Unit> span) {
    long t = 0;
    for (Units.Unit u : span) {
      t += u.tokens();
    }
    return t;
  }

  private static List<String> ids(List<Units.Unit> span) {
    List<String> ids = new ArrayList<>();
    span.forEach(u -> ids.addAll(u.ids()));
    return ids;
  }

  private static String header(List<Units.Unit> span, String how) {
    List<String> ids = ids(span);
    return "[Earlier conversation, "
        + how
        + " from "
        + ids.size()
        + (ids.size() == 1 ? " item: " : " items: ")
        + String.join(", ", ids)
        + "; the originals are archived.]\n";
  }

  private static Compactor.Plan replace(List<Units.Unit> span, String header, String body) {
    ContextItem summary =
        ContextItem.builder(ContextKind.SUMMARY, (header + body.strip()).strip())
            .role(ChatRole.USER)
            .build();
    return new Compactor.Plan(ids(span), List.of(summary));
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
