package dev.agentops.benchmarks;

import dev.agentops.Artifact;
import dev.agentops.Provenance;
import dev.agentops.llm.ModelProfile;
import dev.agentops.testkit.ScriptedLanguageModel;
import dev.agentops.validation.Council;
import dev.agentops.validation.Judge;
import dev.agentops.validation.JudgeVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A council of five judges with scripted latencies of 20, 40, 60, 80 and 100 ms (target: the
 * council's wall time is at most the slowest judge's plus 5 ms), measured next to the slowest judge
 * alone.
 *
 * <ul>
 *   <li>{@code council}: five judges, five vendors, each model blocking for its latency before it
 *       answers a valid verdict; the council starts them in parallel, waits, parses every reply
 *       through structured output and decides.
 *   <li>{@code baselineSlowestJudge}: the 100 ms judge evaluated on the calling thread: its latency
 *       plus its own request building and reply parsing.
 * </ul>
 *
 * <p>The council's overhead is {@code council − baselineSlowestJudge}: starting five threads,
 * waiting on them, and the decision. {@code instantCouncil} and {@code baselineInstantJudge} do the
 * same with models that answer at once, which leaves only the CPU cost of judging (request, parse,
 * schema check) and of the council (threads, waiting, deciding).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CouncilBenchmark {

  private static final String REPLY =
      "{\"verdict\":\"PASS\",\"confidence\":0.9,\"summary\":\"the change is correct and"
          + " tested\",\"findings\":[{\"severity\":\"MINOR\",\"category\":\"clarity\","
          + "\"description\":\"a name could be clearer\",\"location\":\"Calc.java:3\","
          + "\"recommendation\":null}]}";

  private Council council;
  private Judge slowest;
  private Council instantCouncil;
  private Judge instantJudge;
  private Artifact artifact;

  @Setup
  public void setUp() {
    List<String> vendors = List.of("openai", "anthropic", "google", "mistral", "meta");
    Council.Builder b = Council.builder().judgeTimeout(Duration.ofSeconds(30));
    for (int i = 0; i < vendors.size(); i++) {
      b.judge(judge(vendors.get(i), Duration.ofMillis(20L * (i + 1))));
    }
    council = b.build();
    slowest = judge("meta-alone", Duration.ofMillis(100));
    Council.Builder instant = Council.builder().judgeTimeout(Duration.ofSeconds(30));
    for (String vendor : vendors) {
      instant.judge(judge(vendor, Duration.ZERO));
    }
    instantCouncil = instant.build();
    instantJudge = judge("instant-alone", Duration.ZERO);
    artifact =
        Artifact.of(
            "diff for ao-3f9k",
            "--- a/Calc.java\n"
                + "+++ b/Calc.java\n"
                + "@@ -1,3 +1,3 @@\n"
                + "-  return a - b;\n"
                + "+  return a + b;\n",
            Provenance.builder()
                .author("implementer-7")
                .model("gpt-4.1", "openai")
                .session("s-bench")
                .createdAt(Instant.parse("2026-04-01T09:00:00Z")));
  }

  private static Judge judge(String vendor, Duration latency) {
    ScriptedLanguageModel model =
        ScriptedLanguageModel.builder()
            .modelId(vendor + "-model")
            .delay(latency)
            .otherwise(request -> REPLY)
            .build();
    ModelProfile profile = ModelProfile.builder(vendor, vendor + "-model").vendor(vendor).build();
    return Judge.builder("judge-" + vendor, model, profile)
        .rubric("You review changes for correctness.")
        .build();
  }

  /** Five judges in parallel, the slowest taking 100 ms. */
  @Benchmark
  public Council.Decision council() {
    return council.evaluate(artifact, List.of());
  }

  /** The 100 ms judge alone, on the calling thread. */
  @Benchmark
  public JudgeVerdict baselineSlowestJudge() {
    return slowest.evaluate(artifact);
  }

  /** Five judges whose models answer at once: the council's own cost, threads included. */
  @Benchmark
  public Council.Decision instantCouncil() {
    return instantCouncil.evaluate(artifact, List.of());
  }

  /** One judge whose model answers at once, on the calling thread. */
  @Benchmark
  public JudgeVerdict baselineInstantJudge() {
    return instantJudge.evaluate(artifact);
  }
}
