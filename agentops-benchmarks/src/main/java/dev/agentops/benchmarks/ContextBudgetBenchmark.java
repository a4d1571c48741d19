package dev.agentops.benchmarks;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.agentops.context.Admission;
import dev.agentops.context.BudgetLevel;
import dev.agentops.context.BudgetStatus;
import dev.agentops.context.ContextBudget;
import dev.agentops.context.ContextItem;
import dev.agentops.context.ContextKind;
import dev.agentops.context.RequestCheck;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatRole;
import dev.agentops.llm.ModelProfiles;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What it costs to keep a 2,000-message history budgeted (target: one new message in ≤ 1 ms),
 * measured next to what the budget saves: counting the whole history again with jtokkit.
 *
 * <p>The history is {@link Conversations#history(int, long) seeded, varied text} in a budget for
 * {@code gpt-4.1} (a 1,047,576-token window), which it fills to about a quarter: no threshold that
 * triggers compaction is near, so no compaction runs during measurement.
 *
 * <ul>
 *   <li>{@code admitOneMessage}: admit a new message (text the counter's cache has not seen, so it
 *       is tokenized), read {@code status()}, then remove the message again so that every
 *       invocation meets the same 2,000-message budget. The removal is part of the figure, which is
 *       therefore an upper bound for admit plus status. Removing is the cheap way to keep the state
 *       fixed: a fresh 2,000-message budget per invocation would cost far more than the operation,
 *       and JMH's per-invocation setup is unreliable at microsecond scale. The message always has
 *       the same id, so the archive the removal writes to keeps one entry.
 *   <li>{@code checkRequest}: the check {@code BudgetedLanguageModel} makes before every call:
 *       count the whole rendered history as a request (every message a cache hit).
 *   <li>{@code renderAndCheck}: {@code toRequest()} and the check: what a budgeted call costs on
 *       our side before anything is sent.
 *   <li>{@code baselineUncachedRecount}: jtokkit's {@code countTokensOrdinary} over all 2,000
 *       messages: what counting the history costs without the budget's bookkeeping and cache.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class ContextBudgetBenchmark {

  static final int HISTORY = 2_000;
  static final String INCOMING = "incoming";

  private List<String> history;
  private String[] incoming;
  private Encoding o200k;
  private ContextBudget budget;
  private ChatRequest request;
  private long invocation;

  @Setup
  public void setUp() {
    List<Conversations.Message> messages = Conversations.history(HISTORY, 20261124L);
    history = messages.stream().map(Conversations.Message::text).toList();
    o200k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    budget = ContextBudget.builder(ModelProfiles.defaults().require("gpt-4.1")).build();
    budget.admit(ContextItem.system("You are a careful engineer. You fix failing builds."));
    for (int i = 0; i < messages.size(); i++) {
      Admission a = budget.admit(messages.get(i).toItem());
      if (a.kind() != Admission.Kind.ADMITTED) {
        throw new IllegalStateException("message " + i + " was not simply admitted: " + a);
      }
    }
    request = budget.toRequest().build();
    Random r = new Random(7L);
    incoming = new String[1024];
    for (int i = 0; i < incoming.length; i++) {
      incoming[i] = i % 2 == 0 ? Conversations.userTurn(r) : Conversations.assistantTurn(r);
    }
    checkUntouched();
  }

  @TearDown
  public void checkUntouched() {
    BudgetStatus s = budget.status();
    if (s.items() != HISTORY + 1 || s.level().compareTo(BudgetLevel.WARN) >= 0) {
      throw new IllegalStateException("the budget drifted: " + s);
    }
  }

  /** Admit one new message and read the status; the message is removed again (see above). */
  @Benchmark
  public void admitOneMessage(Blackhole bh) {
    long n = invocation++;
    // A number makes the text new to the counter's cache, as a real new message is.
    String text = incoming[(int) (n & (incoming.length - 1))] + " (" + n + ")";
    bh.consume(
        budget.admit(
            ContextItem.builder(ContextKind.MESSAGE, text)
                .id(INCOMING)
                .role(ChatRole.USER)
                .build()));
    bh.consume(budget.status());
    bh.consume(budget.remove(INCOMING));
  }

  /** Count the whole history as a request, as the guard before a model call does. */
  @Benchmark
  public RequestCheck checkRequest() {
    return budget.check(request);
  }

  /** Render the budget into a request and check it: a budgeted model call's own work. */
  @Benchmark
  public RequestCheck renderAndCheck() {
    return budget.check(budget.toRequest().build());
  }

  /** Count every message of the history with jtokkit, no cache. */
  @Benchmark
  public long baselineUncachedRecount() {
    long tokens = 0;
    for (String text : history) {
      tokens += o200k.countTokensOrdinary(text);
    }
    return tokens;
  }
}
