package dev.agentops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.FinishReason;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ResponseFormat;
import dev.agentops.llm.StructuredOutput;
import dev.agentops.llm.StructuredResult;
import dev.agentops.llm.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LanguageModel} must show, as a JUnit 5 test base. Adapter authors
 * extend it and supply a {@link Harness}: the model under test, and a way to script what its
 * provider answers and to see what the provider received.
 *
 * <pre>{@code
 * class MyAdapterContractTest extends LanguageModelContract {
 *   @Override
 *   protected Harness harness() {
 *     return new MyLoopbackHarness(); // a real server speaking the provider's wire format
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public abstract class LanguageModelContract {

  /**
   * A model under test, with control over its provider. If it is {@link AutoCloseable}, it is
   * closed after each test.
   *
   * @since 0.1.0
   */
  public interface Harness {

    /**
     * Returns the model under test.
     *
     * @return the model
     */
    LanguageModel model();

    /**
     * Scripts the provider's next answer.
     *
     * @param reply what the provider answers
     */
    void enqueue(Reply reply);

    /**
     * Returns the requests the provider received, decoded back into AgentOps's types, oldest first.
     * System text the adapter added (such as a schema instruction) is included.
     *
     * @return the requests
     */
    List<ChatRequest> received();
  }

  /**
   * What a scripted provider answers.
   *
   * @param text the reply text
   * @param finishReason why the reply ended
   * @param usage the usage the provider reports
   * @since 0.1.0
   */
  public record Reply(String text, FinishReason finishReason, TokenUsage usage) {

    /**
     * Checks the components.
     *
     * @param text the reply text
     * @param finishReason why the reply ended
     * @param usage the usage the provider reports
     * @throws NullPointerException if a component is null
     */
    public Reply {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(finishReason, "finishReason");
      Objects.requireNonNull(usage, "usage");
    }

    /**
     * A complete reply with a small usage.
     *
     * @param text the reply text
     * @return the reply
     */
    public static Reply of(String text) {
      return new Reply(text, FinishReason.STOP, new TokenUsage(12, 7, 0));
    }
  }

  private Harness harness;

  /** Creates the contract; subclasses supply the harness. */
  protected LanguageModelContract() {}

  /**
   * Creates a fresh harness; called before every test.
   *
   * @return the harness
   * @throws Exception if it cannot be set up
   */
  protected abstract Harness harness() throws Exception;

  @BeforeEach
  final void openHarness() throws Exception {
    harness = harness();
  }

  @AfterEach
  final void closeHarness() throws Exception {
    if (harness instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  private static ChatRequest simple(String text) {
    return ChatRequest.builder().user(text).build();
  }

  @Test
  void chat_returnsTheProvidersText() {
    harness.enqueue(Reply.of("The build passes."));

    ChatResponse response = harness.model().chat(simple("Does the build pass?"));

    assertThat(response.text()).isEqualTo("The build passes.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void chat_sendsSystemTextAndMessagesInOrder() {
    harness.enqueue(Reply.of("ok"));
    ChatRequest request =
        ChatRequest.builder()
            .system("You review Java code.")
            .user("First question")
            .assistant("First answer")
            .user("Second question, with ünïcödé and \"quotes\"")
            .build();

    harness.model().chat(request);

    ChatRequest received = harness.received().get(0);
    assertThat(received.system()).contains("You review Java code.");
    assertThat(received.messages())
        .containsExactly(
            ChatMessage.user("First question"),
            ChatMessage.assistant("First answer"),
            ChatMessage.user("Second question, with ünïcödé and \"quotes\""));
  }

  @Test
  void chat_sendsSamplingSettings() {
    harness.enqueue(Reply.of("ok"));
    ChatRequest request =
        ChatRequest.builder()
            .user("Stop at END")
            .temperature(0.25)
            .maxOutputTokens(321)
            .stopSequences(List.of("END", "\n\n"))
            .build();

    harness.model().chat(request);

    ChatRequest received = harness.received().get(0);
    assertThat(received.temperature()).hasValue(0.25);
    assertThat(received.maxOutputTokens()).hasValue(321);
    assertThat(received.stopSequences()).containsExactly("END", "\n\n");
  }

  @Test
  void chat_reportsTheProvidersUsage() {
    harness.enqueue(new Reply("counted", FinishReason.STOP, new TokenUsage(1200, 34, 1000)));

    ChatResponse response = harness.model().chat(simple("count"));

    assertThat(response.usage()).isEqualTo(new TokenUsage(1200, 34, 1000));
  }

  @Test
  void chat_reportsLengthWhenTheReplyWasCutOff() {
    harness.enqueue(new Reply("and then the", FinishReason.LENGTH, TokenUsage.of(5, 3)));

    ChatResponse response = harness.model().chat(simple("tell a long story"));

    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(response.text()).isEqualTo("and then the");
  }

  @Test
  void chat_keepsTheReplyTextExactly() {
    String text = "  Line one\n\n\tline two: \"quoted\", ünïcödé, emoji 🚀, back\\slash  \n";
    harness.enqueue(Reply.of(text));

    ChatResponse response = harness.model().chat(simple("echo"));

    assertThat(response.text()).isEqualTo(text);
  }

  @Test
  void chat_rejectsANullRequest() {
    assertThatThrownBy(() -> harness.model().chat(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void stream_deliversPiecesThatMakeUpTheText() {
    harness.enqueue(Reply.of("Research first, then build."));
    List<String> pieces = new ArrayList<>();

    ChatResponse response = harness.model().stream(simple("What comes first?"), pieces::add);

    assertThat(String.join("", pieces)).isEqualTo("Research first, then build.");
    assertThat(response.text()).isEqualTo("Research first, then build.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void chat_servesConcurrentCallers() throws Exception {
    int callers = 8;
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      expected.add("reply " + i);
      harness.enqueue(Reply.of("reply " + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Callable<String>> calls = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        int n = i;
        calls.add(() -> harness.model().chat(simple("call " + n)).text());
      }
      List<String> texts = new ArrayList<>();
      for (Future<String> f : pool.invokeAll(calls, 30, TimeUnit.SECONDS)) {
        texts.add(f.get());
      }
      assertThat(texts).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(harness.received()).hasSize(callers);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A small record for the structured-output check. */
  public record Verdict(String status, int findings) {}

  @Test
  void structuredOutput_getsARecordFromAJsonReply() {
    harness.enqueue(Reply.of("{\"status\": \"PASS\", \"findings\": 0}"));

    StructuredResult<Verdict> result =
        StructuredOutput.forRecord(Verdict.class)
            .build()
            .generate(harness.model(), simple("judge"));

    assertThat(result.value()).isEqualTo(new Verdict("PASS", 0));
    assertThat(result.attempts()).isEqualTo(1);
  }

  @Test
  void chat_conveysAJsonSchemaResponseFormat() {
    harness.enqueue(Reply.of("{\"status\": \"PASS\", \"findings\": 0}"));
    ResponseFormat format = ResponseFormat.jsonSchema(Verdict.class);

    harness.model().chat(ChatRequest.builder().user("judge").responseFormat(format).build());

    ChatRequest received = harness.received().get(0);
    boolean native_ = received.responseFormat().equals(format);
    boolean stated =
        received.system().map(s -> s.contains(format.schema().orElseThrow())).orElse(false);
    assertThat(native_ || stated)
        .as("the schema reaches the provider natively or in the system text")
        .isTrue();
  }
}
