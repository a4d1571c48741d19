package dev.agentops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.FinishReason;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.StructuredOutput;
import dev.agentops.llm.TokenUsage;
import dev.agentops.llm.internal.Json;
import dev.agentops.llm.internal.OpenAiWire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * What the LLM layer adds on top of the JSON work any client must do, measured side by side in one
 * run: reading a provider's reply ({@code openAiReply} vs {@code baselineReadTree}) and getting a
 * checked record from a model's JSON ({@code structuredOutput} vs {@code baselineBind}). The model
 * is a constant, so only our own code is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StructuredOutputBenchmark {

  /** A typical structured answer: a plan with a handful of steps. */
  public record Plan(String goal, List<Step> steps, List<String> risks) {}

  /** One step of a plan. */
  public record Step(String action, String owner, int order) {}

  private byte[] providerBody;
  private String planJson;
  private LanguageModel constantModel;
  private StructuredOutput<Plan> plans;
  private ChatRequest request;

  @Setup
  public void setUp() {
    StringBuilder steps = new StringBuilder();
    for (int i = 1; i <= 8; i++) {
      if (i > 1) {
        steps.append(',');
      }
      steps
          .append("{\"action\":\"Step ")
          .append(i)
          .append(": read the failing test and the code it covers, then write the fix\",")
          .append("\"owner\":\"worker-")
          .append(i % 3)
          .append("\",\"order\":")
          .append(i)
          .append('}');
    }
    planJson =
        "{\"goal\":\"Make the nightly build green without disabling tests\",\"steps\":["
            + steps
            + "],\"risks\":[\"flaky ordering\",\"shared static cache\",\"slow CI\"]}";
    ChatResponse reply =
        ChatResponse.builder(planJson)
            .finishReason(FinishReason.STOP)
            .usage(TokenUsage.of(900, 250))
            .modelId("constant")
            .build();
    constantModel = r -> reply;
    plans = StructuredOutput.forRecord(Plan.class).build();
    request = ChatRequest.builder().system("You plan work.").user("Plan the fix.").build();
    String escaped = planJson.replace("\\", "\\\\").replace("\"", "\\\"");
    providerBody =
        ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1767225600,"
                + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\""
                + escaped
                + "\",\"refusal\":null},\"finish_reason\":\"stop\"}],\"usage\":"
                + "{\"prompt_tokens\":900,\"completion_tokens\":250,\"total_tokens\":1150,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0}}}")
            .getBytes(StandardCharsets.UTF_8);
  }

  /** The least a client must do with a reply body: parse it. */
  @Benchmark
  public JsonNode baselineReadTree() throws Exception {
    return Json.MAPPER.readTree(providerBody);
  }

  /** The OpenAI adapter's reading of the same body into a ChatResponse. */
  @Benchmark
  public ChatResponse openAiReply() {
    return OpenAiWire.response("openai", providerBody, "gpt-4o", Duration.ZERO);
  }

  /** The least a client must do with a model's JSON: bind it to the record. */
  @Benchmark
  public Plan baselineBind() throws Exception {
    return Json.MAPPER.readValue(planJson, Plan.class);
  }

  /** Structured output on the same JSON: extract, parse, check the schema, bind, validate. */
  @Benchmark
  public Plan structuredOutput() {
    return plans.generate(constantModel, request).value();
  }
}
