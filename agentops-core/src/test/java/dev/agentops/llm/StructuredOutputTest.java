package dev.agentops.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentops.hygiene.SecretRedactor;
import dev.agentops.llm.internal.Json;
import dev.agentops.llm.internal.JsonSchemaCheck;
import dev.agentops.llm.internal.RecordSchemas;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StructuredOutputTest {

  /** A fake Anthropic-style key, assembled so that no scanner mistakes this file for a leak. */
  static final String FAKE_KEY = "sk-" + "ant-" + "api03-" + "Zq7Xw2Lp9Rt4Vn8Bc1Df6Gh3Jk5Ls0PqMn4";

  /** A piece of the fake key's random part; seeing it anywhere means the key leaked. */
  static final String KEY_PART = "Zq7Xw2Lp9Rt4";

  static final String MODEL_ID = "test-model-1";

  record Plan(String goal, List<String> steps) {}

  enum Severity {
    LOW,
    HIGH
  }

  record Finding(String title, Severity severity, int line) {}

  record Positive(int count) {
    Positive {
      if (count <= 0) {
        throw new IllegalArgumentException("count must be > 0, but was " + count);
      }
    }
  }

  record Checklist(String name, List<Positive> items) {}

  record Even(int number) {
    Even {
      if (number % 2 != 0) {
        throw new IllegalStateException();
      }
    }
  }

  record Task(String title, Instant due) {}

  record Price(BigDecimal amount) {}

  record Review(String summary, String before, String after) {}

  record Unsupported(Object anything) {}

  /** A model that records what it was asked and answers from a script. */
  static final class ScriptedModel implements LanguageModel {

    private final Deque<Object> script = new ArrayDeque<>();
    final List<ChatRequest> requests = new ArrayList<>();

    ScriptedModel reply(String text) {
      return reply(text, FinishReason.STOP, TokenUsage.of(10, 5));
    }

    ScriptedModel reply(String text, FinishReason finish, TokenUsage usage) {
      script.add(
          ChatResponse.builder(text).finishReason(finish).modelId(MODEL_ID).usage(usage).build());
      return this;
    }

    ScriptedModel fail(RuntimeException e) {
      script.add(e);
      return this;
    }

    ChatRequest request(int index) {
      return requests.get(index);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      requests.add(request);
      Object next = script.poll();
      if (next == null) {
        throw new AssertionError("the model was asked " + requests.size() + " times; too often");
      }
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return (ChatResponse) next;
    }
  }

  static ChatRequest ask(String task) {
    return ChatRequest.builder().user(task).build();
  }

  static StructuredOutput<Plan> plans() {
    return StructuredOutput.forRecord(Plan.class).build();
  }

  static final String GOOD_PLAN = "{\"goal\": \"ship\", \"steps\": [\"build\", \"test\"]}";

  static final Plan SHIP = new Plan("ship", List.of("build", "test"));

  @Nested
  class FirstReply {

    @Test
    void generate_returnsTheValueOfAValidFirstReply() {
      ScriptedModel model = new ScriptedModel().reply(GOOD_PLAN);

      StructuredResult<Plan> result = plans().generate(model, ask("plan the release"));

      assertThat(result.value()).isEqualTo(SHIP);
      assertThat(result.attempts()).isEqualTo(1);
      assertThat(result.rejected()).isEmpty();
      assertThat(result.usage()).isEqualTo(TokenUsage.of(10, 5));
      assertThat(result.response().text()).isEqualTo(GOOD_PLAN);
      assertThat(model.requests).hasSize(1);
    }

    @Test
    void generate_acceptsJsonInAJsonFence() {
      ScriptedModel model = new ScriptedModel().reply("```json\n" + GOOD_PLAN + "\n```");

      StructuredResult<Plan> result = plans().generate(model, ask("plan"));

      assertThat(result.value()).isEqualTo(SHIP);
      assertThat(result.attempts()).isEqualTo(1);
    }

    @Test
    void generate_acceptsJsonInAFenceWithoutALanguageTag() {
      ScriptedModel model = new ScriptedModel().reply("```\n" + GOOD_PLAN + "\n```");

      assertThat(plans().generate(model, ask("plan")).value()).isEqualTo(SHIP);
    }

    @Test
    void generate_acceptsJsonSurroundedByProse() {
      ScriptedModel model =
          new ScriptedModel()
              .reply("Sure! Here is the plan:\n\n" + GOOD_PLAN + "\n\nLet me know if it helps.");

      StructuredResult<Plan> result = plans().generate(model, ask("plan"));

      assertThat(result.value()).isEqualTo(SHIP);
      assertThat(result.attempts()).isEqualTo(1);
    }

    @Test
    void generate_acceptsAFenceSurroundedByProse() {
      ScriptedModel model =
          new ScriptedModel().reply("Here you go:\n```json\n" + GOOD_PLAN + "\n```\nDone.");

      assertThat(plans().generate(model, ask("plan")).value()).isEqualTo(SHIP);
    }

    @Test
    void generate_toleratesTrailingCommas() {
      ScriptedModel model =
          new ScriptedModel().reply("{\"goal\": \"ship\", \"steps\": [\"build\", \"test\",],}");

      StructuredResult<Plan> result = plans().generate(model, ask("plan"));

      assertThat(result.value()).isEqualTo(SHIP);
      assertThat(result.attempts()).isEqualTo(1);
    }

    @Test
    void generate_toleratesComments() {
      ScriptedModel model =
          new ScriptedModel()
              .reply("{\n// the aim\n\"goal\": \"ship\", /* in order */ \"steps\": [\"build\"]}");

      assertThat(plans().generate(model, ask("plan")).value())
          .isEqualTo(new Plan("ship", List.of("build")));
    }

    @Test
    void generate_acceptsFencedJsonWhoseStringsHoldCodeFences() {
      String json =
          "{\n"
              + "  \"summary\": \"rename the call\",\n"
              + "  \"before\": \"```java\\nold();\\n```\",\n"
              + "  \"after\": \"```java\\nrenamed();\\n```\"\n"
              + "}";
      ScriptedModel model = new ScriptedModel().reply("```json\n" + json + "\n```");

      StructuredResult<Review> result =
          StructuredOutput.forRecord(Review.class).build().generate(model, ask("review"));

      assertThat(result.value())
          .isEqualTo(
              new Review("rename the call", "```java\nold();\n```", "```java\nrenamed();\n```"));
      assertThat(result.attempts()).isEqualTo(1);
    }

    @Test
    void generate_acceptsBareJsonWhoseStringsHoldCodeFences() {
      String json =
          "{\n"
              + "  \"summary\": \"s\",\n"
              + "  \"before\": \"```\\na\\n```\",\n"
              + "  \"after\": \"```\\nb\\n```\"\n"
              + "}";
      ScriptedModel model = new ScriptedModel().reply(json);

      StructuredResult<Review> result =
          StructuredOutput.forRecord(Review.class).build().generate(model, ask("review"));

      assertThat(result.value()).isEqualTo(new Review("s", "```\na\n```", "```\nb\n```"));
    }

    @Test
    void generate_bindsDecimalsExactly() {
      ScriptedModel model = new ScriptedModel().reply("{\"amount\": 12345678901234567.891}");

      Price price =
          StructuredOutput.forRecord(Price.class).build().generate(model, ask("price")).value();

      assertThat(price.amount()).isEqualTo(new BigDecimal("12345678901234567.891"));
    }

    @Test
    void generate_acceptsAWholeDecimalForAnInteger() {
      ScriptedModel model =
          new ScriptedModel().reply("{\"title\": \"t\", \"severity\": \"LOW\", \"line\": 12.0}");

      StructuredResult<Finding> result =
          StructuredOutput.forRecord(Finding.class).build().generate(model, ask("find"));

      assertThat(result.value()).isEqualTo(new Finding("t", Severity.LOW, 12));
    }
  }

  @Nested
  class TheRequest {

    @Test
    void generate_replacesTheRequestsResponseFormatWithTheSchemaFormat() {
      ScriptedModel model = new ScriptedModel().reply(GOOD_PLAN);
      StructuredOutput<Plan> plans = plans();
      ChatRequest request =
          ChatRequest.builder()
              .system("You plan releases.")
              .user("plan the release")
              .temperature(0.2)
              .maxOutputTokens(300)
              .responseFormat(ResponseFormat.json())
              .build();

      plans.generate(model, request);

      ChatRequest sent = model.request(0);
      assertThat(sent.responseFormat()).isEqualTo(plans.format());
      assertThat(sent.responseFormat().kind()).isEqualTo(ResponseFormat.Kind.JSON_SCHEMA);
      assertThat(sent.responseFormat().schemaName()).contains("Plan");
      assertThat(sent.responseFormat().schema()).contains(RecordSchemas.schemaOf(Plan.class));
      assertThat(sent.system()).contains("You plan releases.");
      assertThat(sent.messages()).isEqualTo(request.messages());
      assertThat(sent.temperature()).hasValue(0.2);
      assertThat(sent.maxOutputTokens()).hasValue(300);
    }

    @Test
    void format_isTheRecordsSchemaNamedAfterIt() {
      assertThat(plans().format()).isEqualTo(ResponseFormat.jsonSchema(Plan.class));
    }

    @Test
    void generate_leavesTheCallersRequestAsItWas() {
      ScriptedModel model = new ScriptedModel().reply("nope").reply(GOOD_PLAN);
      ChatRequest request = ask("plan");

      plans().generate(model, request);

      assertThat(request.messages()).hasSize(1);
      assertThat(request.responseFormat()).isEqualTo(ResponseFormat.text());
    }
  }

  @Nested
  class Repair {

    @Test
    void generate_asksAgainWithTheProblems() {
      String bad = "{\"goal\": \"ship\", \"steps\": [\"build\"";
      ScriptedModel model =
          new ScriptedModel()
              .reply(bad, FinishReason.STOP, new TokenUsage(100, 20, 40))
              .reply(GOOD_PLAN, FinishReason.STOP, new TokenUsage(130, 12, 0));

      StructuredResult<Plan> result = plans().generate(model, ask("plan the release"));

      assertThat(result.value()).isEqualTo(SHIP);
      assertThat(result.attempts()).isEqualTo(2);
      assertThat(result.usage()).isEqualTo(new TokenUsage(230, 32, 40));
      assertThat(result.rejected()).singleElement().asString().contains("not valid JSON");
      assertThat(result.response().text()).isEqualTo(GOOD_PLAN);

      List<ChatMessage> conversation = model.request(1).messages();
      assertThat(conversation).hasSize(3);
      assertThat(conversation.get(0)).isEqualTo(ChatMessage.user("plan the release"));
      assertThat(conversation.get(1)).isEqualTo(ChatMessage.assistant(bad));
      assertThat(conversation.get(2).role()).isEqualTo(ChatRole.USER);
      assertThat(conversation.get(2).content()).contains("not valid JSON");
    }

    @Test
    void generate_keepsTheFormatAndSettingsWhenAskingAgain() {
      ScriptedModel model = new ScriptedModel().reply("no").reply(GOOD_PLAN);
      StructuredOutput<Plan> plans = plans();
      ChatRequest request =
          ChatRequest.builder().system("sys").user("plan").temperature(0.0).build();

      plans.generate(model, request);

      ChatRequest second = model.request(1);
      assertThat(second.responseFormat()).isEqualTo(plans.format());
      assertThat(second.system()).contains("sys");
      assertThat(second.temperature()).hasValue(0.0);
    }

    @Test
    void generate_growsTheConversationWithEachAttempt() {
      ScriptedModel model =
          new ScriptedModel().reply("first").reply("{\"goal\": 1}").reply(GOOD_PLAN);

      StructuredResult<Plan> result = plans().generate(model, ask("plan"));

      assertThat(result.attempts()).isEqualTo(3);
      assertThat(result.rejected()).hasSize(2);
      assertThat(model.request(2).messages())
          .extracting(ChatMessage::role)
          .containsExactly(
              ChatRole.USER, ChatRole.ASSISTANT, ChatRole.USER, ChatRole.ASSISTANT, ChatRole.USER);
      assertThat(model.request(2).messages().get(3).content()).isEqualTo("{\"goal\": 1}");
    }

    @Test
    void generate_namesAMissingPropertyByItsPath() {
      ScriptedModel model = new ScriptedModel().reply("{\"goal\": \"ship\"}").reply(GOOD_PLAN);

      StructuredResult<Plan> result = plans().generate(model, ask("plan"));

      assertThat(result.attempts()).isEqualTo(2);
      assertThat(result.rejected())
          .singleElement()
          .asString()
          .contains("$.steps: required property is missing");
      assertThat(lastMessage(model.request(1))).contains("$.steps: required property is missing");
    }

    @Test
    void generate_reportsAWrongType() {
      ScriptedModel model =
          new ScriptedModel()
              .reply("{\"title\": \"t\", \"severity\": \"LOW\", \"line\": \"seven\"}")
              .reply("{\"title\": \"t\", \"severity\": \"LOW\", \"line\": 7}");

      StructuredResult<Finding> result =
          StructuredOutput.forRecord(Finding.class).build().generate(model, ask("find"));

      assertThat(result.value()).isEqualTo(new Finding("t", Severity.LOW, 7));
      assertThat(result.rejected())
          .singleElement()
          .asString()
          .contains("$.line: expected integer but was string");
    }

    @Test
    void generate_reportsAnEnumValueThatIsNotAllowed() {
      ScriptedModel model =
          new ScriptedModel()
              .reply("{\"title\": \"t\", \"severity\": \"CRITICAL\", \"line\": 1}")
              .reply("{\"title\": \"t\", \"severity\": \"HIGH\", \"line\": 1}");

      StructuredResult<Finding> result =
          StructuredOutput.forRecord(Finding.class).build().generate(model, ask("find"));

      assertThat(result.value().severity()).isEqualTo(Severity.HIGH);
      assertThat(result.rejected())
          .singleElement()
          .asString()
          .contains("$.severity: must be one of [\"LOW\",\"HIGH\"]");
    }

    @Test
    void generate_reportsAReplyThatIsNotAnObject() {
      ScriptedModel model = new ScriptedModel().reply("[\"build\", \"test\"]").reply(GOOD_PLAN);

      StructuredResult<Plan> result = plans().generate(model, ask("plan"));

      assertThat(result.rejected())
          .singleElement()
          .asString()
          .contains("$: expected object but was array");
    }

    @Test
    void generate_asksAgainWhenTheRecordRejectsTheValue() {
      ScriptedModel model = new ScriptedModel().reply("{\"count\": 0}").reply("{\"count\": 3}");

      StructuredResult<Positive> result =
          StructuredOutput.forRecord(Positive.class).build().generate(model, ask("count"));

      assertThat(result.value()).isEqualTo(new Positive(3));
      assertThat(result.attempts()).isEqualTo(2);
      assertThat(result.rejected())
          .singleElement()
          .asString()
          .startsWith("$")
          .contains("count must be > 0, but was 0");
      assertThat(lastMessage(model.request(1))).contains("count must be > 0, but was 0");
    }

    @Test
    void generate_namesTheExceptionWhenTheRecordRejectsWithoutAMessage() {
      ScriptedModel model = new ScriptedModel().reply("{\"number\": 3}").reply("{\"number\": 4}");

      StructuredResult<Even> result =
          StructuredOutput.forRecord(Even.class).build().generate(model, ask("even"));

      assertThat(result.value()).isEqualTo(new Even(4));
      assertThat(result.rejected())
          .singleElement()
          .asString()
          .isEqualTo("$: the value was rejected: java.lang.IllegalStateException");
    }

    @Test
    void generate_namesThePathOfANestedRecordThatRejectsItsValue() {
      ScriptedModel model =
          new ScriptedModel()
              .reply("{\"name\": \"n\", \"items\": [{\"count\": 1}, {\"count\": -2}]}")
              .reply("{\"name\": \"n\", \"items\": [{\"count\": 1}]}");

      StructuredResult<Checklist> result =
          StructuredOutput.forRecord(Checklist.class).build().generate(model, ask("list"));

      assertThat(result.attempts()).isEqualTo(2);
      assertThat(result.rejected())
          .singleElement()
          .asString()
          .startsWith("$.items[1]")
          .contains("count must be > 0, but was -2");
    }

    @Test
    void generate_namesThePathOfAValueThatDoesNotBind() {
      ScriptedModel model =
          new ScriptedModel()
              .reply("{\"title\": \"t\", \"due\": \"tomorrow\"}")
              .reply("{\"title\": \"t\", \"due\": \"2030-01-02T03:04:05Z\"}");

      StructuredResult<Task> result =
          StructuredOutput.forRecord(Task.class).build().generate(model, ask("task"));

      assertThat(result.value().due()).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
      assertThat(result.rejected()).singleElement().asString().startsWith("$.due:");
    }

    @Test
    void generate_asksAgainWithTheValidatorsProblems() {
      List<Plan> validated = new ArrayList<>();
      StructuredOutput<Plan> plans =
          StructuredOutput.forRecord(Plan.class)
              .validator(plan -> {
                validated.add(plan);
                return plan.steps().isEmpty()
                    ? List.of("$.steps: needs at least one step")
                    : List.of();
              })
              .build();
      ScriptedModel model =
          new ScriptedModel().reply("{\"goal\": \"ship\", \"steps\": []}").reply(GOOD_PLAN);

      StructuredResult<Plan> result = plans.generate(model, ask("plan"));

      assertThat(result.value()).isEqualTo(SHIP);
      assertThat(result.attempts()).isEqualTo(2);
      assertThat(result.rejected()).containsExactly("$.steps: needs at least one step");
      assertThat(lastMessage(model.request(1))).contains("$.steps: needs at least one step");
      assertThat(validated).containsExactly(new Plan("ship", List.of()), SHIP);
    }

    @Test
    void generate_doesNotValidateAValueThatFailedItsSchema() {
      List<Plan> validated = new ArrayList<>();
      StructuredOutput<Plan> plans =
          StructuredOutput.forRecord(Plan.class)
              .validator(plan -> {
                validated.add(plan);
                return List.of();
              })
              .build();
      ScriptedModel model = new ScriptedModel().reply("{\"goal\": \"x\"}").reply(GOOD_PLAN);

      plans.generate(model, ask("plan"));

      assertThat(validated).containsExactly(SHIP);
    }

    @Test
    void generate_reportsAReplyCutOffAtTheTokenLimit() {
      ScriptedModel model =
          new ScriptedModel()
              .reply(GOOD_PLAN, FinishReason.LENGTH, TokenUsage.of(10, 100))
              .reply(GOOD_PLAN);

      StructuredResult<Plan> result = plans().generate(model, ask("plan"));

      assertThat(result.attempts()).isEqualTo(2);
      assertThat(result.rejected()).singleElement().asString().contains("cut off");
    }

    @Test
    void generate_reportsACutOffReplyAndItsBrokenJson() {
      ScriptedModel model =
          new ScriptedModel()
              .reply("{\"goal\": \"ship\", \"st", FinishReason.LENGTH, TokenUsage.of(10, 100))
              .reply(GOOD_PLAN);

      StructuredResult<Plan> result = plans().generate(model, ask("plan"));

      assertThat(result.rejected())
          .singleElement()
          .asString()
          .contains("cut off")
          .contains("not valid JSON");
    }

    @Test
    void generate_reportsAnEmptyReplyWithoutEchoingAnEmptyTurn() {
      ScriptedModel model = new ScriptedModel().reply(" \n ").reply(GOOD_PLAN);

      StructuredResult<Plan> result = plans().generate(model, ask("plan"));

      assertThat(result.attempts()).isEqualTo(2);
      assertThat(result.rejected()).singleElement().asString().contains("empty");
      List<ChatMessage> conversation = model.request(1).messages();
      assertThat(conversation)
          .as("providers refuse blank turns")
          .noneMatch(m -> m.content().isBlank());
      assertThat(conversation.get(conversation.size() - 1).role()).isEqualTo(ChatRole.USER);
      assertThat(lastMessage(model.request(1))).contains("empty");
    }

    @Test
    void generate_cutsTheEchoedReplyToMaxEchoChars() {
      String longReply = "x".repeat(500);
      StructuredOutput<Plan> plans =
          StructuredOutput.forRecord(Plan.class).maxEchoChars(40).build();
      ScriptedModel model = new ScriptedModel().reply(longReply).reply(GOOD_PLAN);

      plans.generate(model, ask("plan"));

      String echoed = model.request(1).messages().get(1).content();
      assertThat(echoed).startsWith("x".repeat(40)).doesNotContain("x".repeat(41));
      assertThat(echoed.length()).isLessThan(60);
    }
  }

  @Nested
  class Failure {

    @Test
    void generate_throwsAfterMaxAttemptsWithTheLastProblems() {
      ScriptedModel model =
          new ScriptedModel().reply("{\"goal\": 1, \"steps\": []}").reply("{\"goal\": \"g\"}");
      StructuredOutput<Plan> plans = StructuredOutput.forRecord(Plan.class).maxAttempts(2).build();

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> plans.generate(model, ask("plan")));

      assertThat(e).isNotNull();
      assertThat(e.attempts()).isEqualTo(2);
      assertThat(e.problems()).containsExactly("$.steps: required property is missing");
      assertThat(e.output()).isEqualTo("{\"goal\": \"g\"}");
      assertThat(e.provider()).isEqualTo(MODEL_ID);
      assertThat(e).isInstanceOf(LanguageModelException.class);
      assertThat(e.getMessage())
          .contains("'" + MODEL_ID + "'")
          .contains("'Plan'")
          .contains("2 attempts")
          .contains("$.steps: required property is missing");
      assertThat(model.requests).hasSize(2);
    }

    @Test
    void generate_makesThreeAttemptsByDefault() {
      ScriptedModel model = new ScriptedModel().reply("a").reply("b").reply("c");

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> plans().generate(model, ask("plan")));

      assertThat(e.attempts()).isEqualTo(3);
      assertThat(model.requests).hasSize(3);
    }

    @Test
    void generate_makesOneCallWhenMaxAttemptsIsOne() {
      ScriptedModel model = new ScriptedModel().reply("no");
      StructuredOutput<Plan> plans = StructuredOutput.forRecord(Plan.class).maxAttempts(1).build();

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> plans.generate(model, ask("plan")));

      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.getMessage()).contains("1 attempt;");
      assertThat(model.requests).hasSize(1);
    }

    @Test
    void generate_keepsAtMost2000CharactersOfTheLastReply() {
      String reply =
          IntStream.range(0, 1000).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
      assertThat(reply.length()).isGreaterThan(4000);
      ScriptedModel model = new ScriptedModel().reply(reply);
      StructuredOutput<Plan> plans = StructuredOutput.forRecord(Plan.class).maxAttempts(1).build();

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> plans.generate(model, ask("plan")));

      assertThat(StructuredOutputException.MAX_OUTPUT_CHARS).isEqualTo(2_000);
      assertThat(e.output())
          .startsWith(reply.substring(0, 2_000))
          .doesNotContain(reply.substring(0, 2_001))
          .doesNotContain("w999");
      assertThat(e.output().length()).isBetween(2_000, 2_000 + 20);
    }

    @Test
    void generate_keepsAShortReplyWhole() {
      ScriptedModel model = new ScriptedModel().reply("not json at all");
      StructuredOutput<Plan> plans = StructuredOutput.forRecord(Plan.class).maxAttempts(1).build();

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> plans.generate(model, ask("plan")));

      assertThat(e.output()).isEqualTo("not json at all");
    }

    @Test
    void generate_redactsASecretFromTheOutputAndTheMessage() {
      String reply = "I could not plan it, but here is the key you need: " + FAKE_KEY + " -- ok?";
      ScriptedModel model = new ScriptedModel().reply(reply);
      StructuredOutput<Plan> plans = StructuredOutput.forRecord(Plan.class).maxAttempts(1).build();

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> plans.generate(model, ask("plan")));

      assertThat(e.output()).doesNotContain(KEY_PART).contains("[REDACTED");
      assertThat(e.output()).startsWith("I could not plan it");
      assertThat(e.getMessage()).doesNotContain(KEY_PART);
      assertThat(e.problems()).noneMatch(p -> p.contains(KEY_PART));
    }

    @Test
    void generate_redactsASecretThatLeadsTheReply() {
      ScriptedModel model = new ScriptedModel().reply(FAKE_KEY + " is what you asked for");
      StructuredOutput<Plan> plans = StructuredOutput.forRecord(Plan.class).maxAttempts(1).build();

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> plans.generate(model, ask("plan")));

      assertThat(e.output()).doesNotContain(KEY_PART);
      assertThat(e.getMessage()).doesNotContain(KEY_PART);
      assertThat(e.problems()).isNotEmpty().noneMatch(p -> p.contains(KEY_PART));
    }

    @Test
    void generate_redactsASecretTheParserQuotesAsAnUnexpectedToken() {
      String token = "ghp" + "_" + "Zq7Xw2Lp9Rt4Vn8Bc1Df6Gh3Jk5Ls0PqMn4ab";
      ScriptedModel model = new ScriptedModel().reply(token + " is the token you wanted");
      StructuredOutput<Plan> plans = StructuredOutput.forRecord(Plan.class).maxAttempts(1).build();

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> plans.generate(model, ask("plan")));

      assertThat(e.problems()).singleElement().asString().contains("not valid JSON");
      assertThat(e.problems()).noneMatch(p -> p.contains(KEY_PART));
      assertThat(e.getMessage()).doesNotContain(KEY_PART);
      assertThat(e.output()).doesNotContain(KEY_PART);
    }

    @Test
    void generate_redactsASecretPutInAnEnumValue() {
      ScriptedModel model =
          new ScriptedModel()
              .reply("{\"title\": \"t\", \"severity\": \"" + FAKE_KEY + "\", \"line\": 1}");
      StructuredOutput<Finding> findings =
          StructuredOutput.forRecord(Finding.class).maxAttempts(1).build();

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> findings.generate(model, ask("find")));

      assertThat(e.problems()).singleElement().asString().startsWith("$.severity: must be one of");
      assertThat(e.problems()).noneMatch(p -> p.contains(KEY_PART));
      assertThat(e.getMessage()).doesNotContain(KEY_PART);
      assertThat(e.output()).doesNotContain(KEY_PART);
    }

    @Test
    void generate_redactsASecretThatStraddlesTheOutputLimit() {
      SecretRedactor patternsOnly = SecretRedactor.builder().withoutEntropyDetector().build();
      String prefix = "y".repeat(1_999 - "sk-ant-api03-Zq7Xw2Lp".length()) + " ";
      String reply = prefix + FAKE_KEY + " trailing words";
      ScriptedModel model = new ScriptedModel().reply(reply);
      StructuredOutput<Plan> plans =
          StructuredOutput.forRecord(Plan.class).maxAttempts(1).redactor(patternsOnly).build();

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> plans.generate(model, ask("plan")));

      assertThat(e.output()).startsWith(prefix).doesNotContain("Zq7Xw2Lp");
    }

    @Test
    void generate_appliesTheConfiguredRedactor() {
      SecretRedactor tickets = SecretRedactor.builder().rule("ticket", "TICKET-\\d+").build();
      ScriptedModel model = new ScriptedModel().reply("see TICKET-12345 for details");
      StructuredOutput<Plan> plans =
          StructuredOutput.forRecord(Plan.class).maxAttempts(1).redactor(tickets).build();

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> plans.generate(model, ask("plan")));

      assertThat(e.output()).isEqualTo("see [REDACTED:ticket] for details");
    }

    @Test
    void generate_neverPutsTheReplyInTheMessage() {
      String reply = "I am sorry, but I cannot produce a plan for this request.";
      ScriptedModel model = new ScriptedModel().reply(reply);
      StructuredOutput<Plan> plans = StructuredOutput.forRecord(Plan.class).maxAttempts(1).build();

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> plans.generate(model, ask("plan")));

      assertThat(e.getMessage()).doesNotContain(reply).doesNotContain("cannot produce a plan");
      assertThat(e.output()).isEqualTo(reply);
    }

    @Test
    void generate_neverPutsTheValuesOfAnUnusableObjectInTheMessage() {
      String reply = "{\"goal\": \"the confidential merger with Initech\", \"steps\": \"call\"}";
      ScriptedModel model = new ScriptedModel().reply(reply);
      StructuredOutput<Plan> plans = StructuredOutput.forRecord(Plan.class).maxAttempts(1).build();

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> plans.generate(model, ask("plan")));

      assertThat(e.getMessage())
          .contains("$.steps: expected array but was string")
          .doesNotContain("confidential merger");
    }

    @Test
    void generate_reportsTheLastProblemsOfACutOffReply() {
      ScriptedModel model =
          new ScriptedModel().reply(GOOD_PLAN, FinishReason.LENGTH, TokenUsage.of(1, 1));
      StructuredOutput<Plan> plans = StructuredOutput.forRecord(Plan.class).maxAttempts(1).build();

      StructuredOutputException e =
          catchThrowableOfType(
              StructuredOutputException.class, () -> plans.generate(model, ask("plan")));

      assertThat(e.problems()).singleElement().asString().contains("cut off");
    }
  }

  @Nested
  class Schemas {

    static final String PERSON =
        "{\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"},"
            + " \"age\": {\"type\": \"integer\", \"minimum\": 0}},"
            + " \"required\": [\"name\", \"age\"], \"additionalProperties\": false}";

    @Test
    void generate_returnsAMapForASchema() {
      ScriptedModel model = new ScriptedModel().reply("{\"name\": \"Ada\", \"age\": 36}");

      StructuredResult<Map<String, Object>> result =
          StructuredOutput.forSchema("person", PERSON).build().generate(model, ask("who"));

      assertThat(result.value()).containsOnly(Map.entry("name", "Ada"), Map.entry("age", 36));
      assertThat(result.attempts()).isEqualTo(1);
    }

    @Test
    void generate_reportsAdditionalPropertiesTheSchemaForbids() {
      ScriptedModel model =
          new ScriptedModel()
              .reply("{\"name\": \"Ada\", \"age\": 36, \"email\": \"ada@example.org\"}")
              .reply("{\"name\": \"Ada\", \"age\": 36}");

      StructuredResult<Map<String, Object>> result =
          StructuredOutput.forSchema("person", PERSON).build().generate(model, ask("who"));

      assertThat(result.attempts()).isEqualTo(2);
      assertThat(result.rejected())
          .containsExactly("$.email: property is not allowed by the schema");
      assertThat(result.value()).doesNotContainKey("email");
    }

    @Test
    void generate_checksTheSchemasBounds() {
      ScriptedModel model =
          new ScriptedModel()
              .reply("{\"name\": \"Ada\", \"age\": -1}")
              .reply("{\"name\": \"Ada\", \"age\": 1}");

      StructuredResult<Map<String, Object>> result =
          StructuredOutput.forSchema("person", PERSON).build().generate(model, ask("who"));

      assertThat(result.rejected()).containsExactly("$.age: must be >= 0 but was -1");
    }

    @Test
    void generate_ignoresExtraPropertiesWhenBindingARecord() {
      ScriptedModel model =
          new ScriptedModel()
              .reply("{\"goal\": \"ship\", \"steps\": [\"build\", \"test\"], \"notes\": \"x\"}");

      StructuredResult<Plan> result = plans().generate(model, ask("plan"));

      assertThat(result.value()).isEqualTo(SHIP);
      assertThat(result.attempts()).isEqualTo(1);
    }

    @Test
    void generate_reportsANullReplyForASchemaThatAllowsAnything() {
      ScriptedModel model = new ScriptedModel().reply("null").reply("{\"any\": true}");

      StructuredResult<Map<String, Object>> result =
          StructuredOutput.forSchema("anything", "{}").build().generate(model, ask("any"));

      assertThat(result.value()).containsOnly(Map.entry("any", true));
      assertThat(result.rejected()).singleElement().asString().startsWith("$:");
      assertThat(lastMessage(model.request(1))).contains("$:");
    }

    @Test
    void generate_reportsANonObjectReplyForASchemaThatAllowsAnything() {
      ScriptedModel model = new ScriptedModel().reply("[1, 2]").reply("{\"any\": 1}");

      StructuredResult<Map<String, Object>> result =
          StructuredOutput.forSchema("anything", "{}").build().generate(model, ask("any"));

      assertThat(result.attempts()).isEqualTo(2);
      assertThat(result.rejected()).singleElement().asString().startsWith("$:");
    }

    @Test
    void forSchema_usesTheNameAndTheCompactedSchema() {
      StructuredOutput<Map<String, Object>> people =
          StructuredOutput.forSchema("person", PERSON).build();

      assertThat(people.format().schemaName()).contains("person");
      assertThat(people.format().schema().orElseThrow()).doesNotContain(" ");
    }
  }

  @Nested
  class ModelFailures {

    @Test
    void generate_letsAModelExceptionThroughUnchanged() {
      ModelTimeoutException timeout =
          new ModelTimeoutException("openai", Duration.ofSeconds(30), null);
      ScriptedModel model = new ScriptedModel().fail(timeout);

      assertThatThrownBy(() -> plans().generate(model, ask("plan"))).isSameAs(timeout);
      assertThat(model.requests).hasSize(1);
    }

    @Test
    void generate_letsAModelExceptionDuringARepairThroughUnchanged() {
      ProviderErrorException refused =
          new ProviderErrorException(
              "anthropic", 529, "overloaded_error", "Overloaded", true, null, 4);
      ScriptedModel model = new ScriptedModel().reply("oops").fail(refused);

      assertThatThrownBy(() -> plans().generate(model, ask("plan"))).isSameAs(refused);
      assertThat(model.requests).hasSize(2);
    }

    @Test
    void generate_letsAValidatorFailureThrough() {
      IllegalStateException broken = new IllegalStateException("validator bug");
      StructuredOutput<Plan> plans =
          StructuredOutput.forRecord(Plan.class)
              .validator(plan -> {
                throw broken;
              })
              .build();
      ScriptedModel model = new ScriptedModel().reply(GOOD_PLAN);

      assertThatThrownBy(() -> plans.generate(model, ask("plan"))).isSameAs(broken);
    }
  }

  @Nested
  class Arguments {

    @Test
    void maxAttempts_rejectsZeroNamingTheArgument() {
      StructuredOutput.Builder<Plan> builder = StructuredOutput.forRecord(Plan.class);

      assertThatThrownBy(() -> builder.maxAttempts(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxAttempts must be >= 1, but was 0");
    }

    @Test
    void maxAttempts_rejectsANegativeCount() {
      assertThatThrownBy(() -> StructuredOutput.forRecord(Plan.class).maxAttempts(-3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxAttempts")
          .hasMessageContaining("-3");
    }

    @Test
    void maxEchoChars_rejectsZeroNamingTheArgument() {
      assertThatThrownBy(() -> StructuredOutput.forRecord(Plan.class).maxEchoChars(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxEchoChars must be >= 1, but was 0");
    }

    @Test
    void builder_rejectsNulls() {
      StructuredOutput.Builder<Plan> builder = StructuredOutput.forRecord(Plan.class);

      assertThatThrownBy(() -> builder.validator(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("validator");
      assertThatThrownBy(() -> builder.redactor(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("redactor");
      assertThatThrownBy(() -> StructuredOutput.forRecord(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("type");
      assertThatThrownBy(() -> StructuredOutput.forSchema(null, "{}"))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("name");
      assertThatThrownBy(() -> StructuredOutput.forSchema("x", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("schemaJson");
    }

    @Test
    void generate_rejectsNulls() {
      StructuredOutput<Plan> plans = plans();
      ScriptedModel model = new ScriptedModel();

      assertThatThrownBy(() -> plans.generate(null, ask("plan")))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("model");
      assertThatThrownBy(() -> plans.generate(model, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("request");
      assertThat(model.requests).isEmpty();
    }

    @Test
    void forRecord_rejectsARecordWithoutASchemaNamingTheComponent() {
      assertThatThrownBy(() -> StructuredOutput.forRecord(Unsupported.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'anything'");
    }

    @Test
    void forSchema_rejectsAMalformedName() {
      assertThatThrownBy(() -> StructuredOutput.forSchema("a person", "{}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("name");
    }

    @Test
    void forSchema_rejectsASchemaThatIsNotAnObject() {
      assertThatThrownBy(() -> StructuredOutput.forSchema("person", "[]"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("schemaJson");
      assertThatThrownBy(() -> StructuredOutput.forSchema("person", "{"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("schemaJson");
    }
  }

  enum Priority {
    LOW,
    MEDIUM,
    HIGH
  }

  record Part(String name, @Nullable Integer size, Optional<Priority> priority) {}

  record Sample(
      String title,
      int count,
      long big,
      double ratio,
      BigDecimal amount,
      boolean done,
      Priority priority,
      List<String> tags,
      Set<Integer> ids,
      Map<String, Double> weights,
      Part main,
      List<Part> parts,
      Optional<String> note,
      @Nullable String owner,
      @Nullable Part extra,
      Instant at,
      LocalDate day,
      UUID id) {}

  /** Random values of {@link Sample}, including the characters that trouble JSON extraction. */
  static final class Samples {

    private static final String[] PIECES = {
      "a",
      "Z",
      "7",
      " ",
      "\"",
      "\\",
      "\n",
      "\t",
      "{",
      "}",
      "[",
      "]",
      ",",
      ":",
      "```",
      "```json\n",
      "é",
      "\u00a0",
      "\uD83D\uDE80",
      "//",
      "/*",
      "null",
      "true"
    };

    private final Random random;

    Samples(long seed) {
      this.random = new Random(seed);
    }

    String text() {
      int n = random.nextInt(12);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
      return sb.toString();
    }

    <T> @Nullable T sometimes(Supplier<T> value) {
      return random.nextBoolean() ? value.get() : null;
    }

    <T> List<T> list(Supplier<T> element) {
      int n = random.nextInt(4);
      List<T> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(element.get());
      }
      return list;
    }

    Priority priority() {
      return Priority.values()[random.nextInt(Priority.values().length)];
    }

    Part part() {
      return new Part(
          text(),
          sometimes(() -> random.nextInt(1000) - 500),
          Optional.ofNullable(sometimes(this::priority)));
    }

    Sample sample() {
      Map<String, Double> weights = new LinkedHashMap<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        weights.put(text(), random.nextDouble() * 2_000 - 1_000);
      }
      return new Sample(
          text(),
          random.nextInt(),
          random.nextLong(),
          random.nextBoolean() ? random.nextGaussian() * 1e6 : random.nextInt(100),
          BigDecimal.valueOf(random.nextLong() % 100_000_000_000L, random.nextInt(5)),
          random.nextBoolean(),
          priority(),
          list(this::text),
          new LinkedHashSet<>(list(() -> random.nextInt(50))),
          weights,
          part(),
          list(this::part),
          Optional.ofNullable(sometimes(this::text)),
          sometimes(this::text),
          sometimes(this::part),
          Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000)),
          LocalDate.ofEpochDay(random.nextInt(40_000)),
          new UUID(random.nextLong(), random.nextLong()));
    }
  }

  @Nested
  class RoundTrip {

    /** How a model might wrap the JSON: bare, pretty, fenced, or between prose. */
    String wrap(String compact, String pretty, int style) {
      switch (style) {
        case 0:
          return compact;
        case 1:
          return pretty;
        case 2:
          return "```json\n" + pretty + "\n```";
        default:
          return "Here is the record you asked for:\n" + compact + "\nThat is all.";
      }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {20_260_101L, 7L, -4_242_424_242L})
    void generate_bindsEverySerializedSampleAndItsSchemaAcceptsIt(long seed) throws Exception {
      Samples samples = new Samples(seed);
      JsonNode schema = Json.MAPPER.readTree(RecordSchemas.schemaOf(Sample.class));
      StructuredOutput<Sample> output = StructuredOutput.forRecord(Sample.class).build();

      for (int i = 0; i < 16; i++) {
        Sample sample = samples.sample();
        String compact = Json.MAPPER.writeValueAsString(sample);
        String pretty = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sample);
        String reply = wrap(compact, pretty, i % 4);

        assertThat(JsonSchemaCheck.check(schema, Json.MAPPER.readTree(compact), true))
            .as("schema problems of sample %d from seed %d: %s", i, seed, compact)
            .isEmpty();
        StructuredResult<Sample> result =
            output.generate(new ScriptedModel().reply(reply), ask("sample"));
        assertThat(result.rejected())
            .as("problems of sample %d from seed %d: %s", i, seed, reply)
            .isEmpty();
        assertThat(result.value())
            .as("sample %d from seed %d: %s", i, seed, reply)
            .isEqualTo(sample);
      }
    }
  }

  static String lastMessage(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    return messages.get(messages.size() - 1).content();
  }
}
