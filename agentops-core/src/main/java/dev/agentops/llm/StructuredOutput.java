package dev.agentops.llm;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.agentops.hygiene.SecretRedactor;
import dev.agentops.llm.internal.Json;
import dev.agentops.llm.internal.JsonSchemaCheck;
import dev.agentops.llm.internal.JsonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Asks a model for JSON of a given shape, checks what comes back, and asks again with the problems
 * when it does not fit.
 *
 * <p>Each attempt: the request goes out with a {@link ResponseFormat#jsonSchema JSON Schema
 * response format}; the reply's JSON is found (inside a code fence or between prose), parsed
 * (trailing commas and comments tolerated), checked against the schema, bound to the target type,
 * and checked by the optional {@link Validator}. If any step fails, the model's reply (unless it
 * was blank, which providers refuse as a turn) and a message listing the problems are appended to
 * the conversation and the model is asked again, up to {@link Builder#maxAttempts(int)} calls in
 * all. After the last failed attempt a {@link StructuredOutputException} carries the problems and
 * the truncated reply, both with secrets redacted.
 *
 * <p>Immutable and thread-safe; one instance can serve any number of calls.
 *
 * <pre>{@code
 * record Plan(String goal, List<String> steps) {}
 *
 * StructuredOutput<Plan> plans = StructuredOutput.forRecord(Plan.class)
 *     .validator(plan -> plan.steps().isEmpty()
 *         ? List.of("$.steps: needs at least one step")
 *         : List.of())
 *     .build();
 * StructuredResult<Plan> result = plans.generate(model, ChatRequest.builder().user(task).build());
 * Plan plan = result.value();
 * }</pre>
 *
 * <p>On the module path, the package of a target record must be open to {@code
 * com.fasterxml.jackson.databind}.
 *
 * @param <T> the type of the values produced
 * @since 0.1.0
 */
public final class StructuredOutput<T> {

  /** Checks a parsed value beyond its schema. */
  @FunctionalInterface
  public interface Validator<T> {
    /**
     * Returns what is wrong with a value.
     *
     * @param value the parsed value
     * @return the problems, each naming the JSON path it concerns; empty if the value is good
     */
    List<String> problems(T value);
  }

  private final Class<T> type;
  private final ResponseFormat format;
  private final JsonNode schema;
  private final boolean boundToRecord;
  private final int maxAttempts;
  private final int maxEchoChars;
  private final Validator<? super T> validator;
  private final SecretRedactor redactor;

  private StructuredOutput(Builder<T> b) {
    this.type = b.type;
    this.format = b.format;
    this.boundToRecord = b.boundToRecord;
    this.maxAttempts = b.maxAttempts;
    this.maxEchoChars = b.maxEchoChars;
    this.validator = b.validator;
    this.redactor = b.redactor;
    try {
      this.schema = Json.MAPPER.readTree(b.format.schema().orElseThrow());
    } catch (JacksonException e) {
      throw new AssertionError("a normalized schema must parse", e);
    }
  }

  /**
   * Starts a structured output producing instances of a record class, whose JSON Schema is derived
   * from the record (see {@link ResponseFormat#jsonSchema(Class)}).
   *
   * @param <R> the record type
   * @param type the record class
   * @return a builder
   * @throws IllegalArgumentException if the record cannot be described as a schema
   */
  public static <R extends Record> Builder<R> forRecord(Class<R> type) {
    Objects.requireNonNull(type, "type");
    return new Builder<>(type, ResponseFormat.jsonSchema(type), true);
  }

  /**
   * Starts a structured output producing JSON objects, as maps, that match a schema.
   *
   * @param name the schema's name (see {@link ResponseFormat#jsonSchema(String, String)})
   * @param schemaJson the JSON Schema
   * @return a builder
   * @throws IllegalArgumentException if the name or schema is invalid
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Builder<Map<String, Object>> forSchema(String name, String schemaJson) {
    ResponseFormat format = ResponseFormat.jsonSchema(name, schemaJson);
    return new Builder<>((Class) Map.class, format, false);
  }

  /**
   * Returns the response format this output asks for.
   *
   * @return the JSON Schema format
   */
  public ResponseFormat format() {
    return format;
  }

  /**
   * Asks a model for a value, repairing and re-asking as needed.
   *
   * @param model the model
   * @param request the request; its response format is replaced by this output's
   * @return the value and what it took
   * @throws StructuredOutputException if no attempt produced a usable value
   * @throws LanguageModelException if a call to the model failed
   */
  public StructuredResult<T> generate(LanguageModel model, ChatRequest request) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(request, "request");
    ChatRequest current = request.toBuilder().responseFormat(format).build();
    TokenUsage usage = TokenUsage.NONE;
    List<String> rejected = new ArrayList<>();
    List<String> problems = List.of();
    @Nullable ChatResponse response = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      response = model.chat(current);
      usage = usage.plus(response.usage());
      Decoded<T> decoded = decode(response);
      if (decoded.value != null) {
        return new StructuredResult<>(decoded.value, attempt, usage, rejected, response);
      }
      problems = decoded.problems;
      rejected.add(String.join("; ", problems));
      if (attempt < maxAttempts) {
        ChatRequest.Builder next = current.toBuilder();
        // Providers refuse blank turns; the problems already say that the reply was empty.
        if (!response.text().isBlank()) {
          next.assistant(truncate(response.text(), maxEchoChars));
        }
        current = next.user(feedback(problems)).build();
      }
    }
    // Redact before cutting, so that a secret cut in half is still recognized. Problems can
    // quote the reply (a rejected enum value, a parser's unexpected token), so they are
    // redacted too.
    String output =
        truncate(
            redactor.redactToString(response.text()), StructuredOutputException.MAX_OUTPUT_CHARS);
    List<String> redacted = new ArrayList<>(problems.size());
    for (String problem : problems) {
      redacted.add(redactor.redactToString(problem));
    }
    throw new StructuredOutputException(
        response.modelId(), format.schemaName().orElseThrow(), maxAttempts, redacted, output);
  }

  private Decoded<T> decode(ChatResponse response) {
    String text = response.text();
    List<String> problems = new ArrayList<>();
    if (response.finishReason() == FinishReason.LENGTH) {
      problems.add("the reply was cut off at the output-token limit; keep it shorter");
    }
    if (text.isBlank()) {
      problems.add("the reply was empty");
      return Decoded.failed(problems);
    }
    String json = JsonText.extract(text);
    JsonNode node;
    try {
      node = Json.LENIENT.readTree(json);
    } catch (JacksonException e) {
      problems.add("the reply is not valid JSON: " + Json.describe(e));
      return Decoded.failed(problems);
    }
    if (node == null || node.isMissingNode()) {
      problems.add("the reply held no JSON value");
      return Decoded.failed(problems);
    }
    problems.addAll(JsonSchemaCheck.check(schema, node, !boundToRecord));
    if (!problems.isEmpty()) {
      return Decoded.failed(problems);
    }
    @Nullable T value;
    try {
      // Bound from the text rather than the tree, whose doubles would round BigDecimals.
      value = Json.LENIENT.readValue(json, type);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String why = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
      problems.add(pathOf(e) + ": the value was rejected: " + why);
      return Decoded.failed(problems);
    } catch (JacksonException e) {
      problems.add(
          pathOf(e) + ": the value does not fit " + type.getSimpleName() + ": " + Json.describe(e));
      return Decoded.failed(problems);
    }
    if (value == null) {
      problems.add("$: expected object but was null");
      return Decoded.failed(problems);
    }
    List<String> invalid = validator.problems(value);
    if (invalid != null && !invalid.isEmpty()) {
      return Decoded.failed(invalid);
    }
    return new Decoded<>(value, List.of());
  }

  /** Returns the JSON path of the value a binding failure concerns, such as {@code $.a[1].b}. */
  private static String pathOf(JacksonException e) {
    StringBuilder path = new StringBuilder("$");
    if (e instanceof JsonMappingException mapping) {
      for (JsonMappingException.Reference ref : mapping.getPath()) {
        if (ref.getFieldName() != null) {
          path.append('.').append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          path.append('[').append(ref.getIndex()).append(']');
        }
      }
    }
    return path.toString();
  }

  private static String feedback(List<String> problems) {
    StringBuilder sb = new StringBuilder("Your previous reply could not be used:\n");
    for (String p : problems) {
      sb.append("- ").append(p).append('\n');
    }
    sb.append(
        "Reply again with only a JSON value that matches the required schema, and no other text.");
    return sb.toString();
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…[truncated]";
  }

  private static final class Decoded<T> {
    final @Nullable T value;
    final List<String> problems;

    Decoded(@Nullable T value, List<String> problems) {
      this.value = value;
      this.problems = problems;
    }

    static <T> Decoded<T> failed(List<String> problems) {
      return new Decoded<>(null, List.copyOf(problems));
    }
  }

  /**
   * Builds a {@link StructuredOutput}. Not thread-safe.
   *
   * @param <T> the type of the values produced
   * @since 0.1.0
   */
  public static final class Builder<T> {

    private final Class<T> type;
    private final ResponseFormat format;
    private final boolean boundToRecord;
    private int maxAttempts = 3;
    private int maxEchoChars = 8_000;
    private Validator<? super T> validator = value -> List.of();
    private SecretRedactor redactor = SecretRedactor.defaults();

    private Builder(Class<T> type, ResponseFormat format, boolean boundToRecord) {
      this.type = type;
      this.format = format;
      this.boundToRecord = boundToRecord;
    }

    /**
     * Sets how many calls may be made in all, the first included.
     *
     * @param maxAttempts at least 1; default 3
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder<T> maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets how much of a rejected reply is sent back to the model with the problems.
     *
     * @param maxEchoChars at least 1; default 8,000
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder<T> maxEchoChars(int maxEchoChars) {
      if (maxEchoChars < 1) {
        throw new IllegalArgumentException("maxEchoChars must be >= 1, but was " + maxEchoChars);
      }
      this.maxEchoChars = maxEchoChars;
      return this;
    }

    /**
     * Sets a check applied to each value after it has been parsed.
     *
     * @param validator returns the problems of a value; empty if it is good
     * @return this builder
     */
    public Builder<T> validator(Validator<? super T> validator) {
      this.validator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    /**
     * Sets the redactor applied to the output and the problems kept in a {@link
     * StructuredOutputException}.
     *
     * @param redactor the redactor; default {@link SecretRedactor#defaults()}
     * @return this builder
     */
    public Builder<T> redactor(SecretRedactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /**
     * Builds the structured output.
     *
     * @return the structured output
     */
    public StructuredOutput<T> build() {
      return new StructuredOutput<>(this);
    }
  }
}
