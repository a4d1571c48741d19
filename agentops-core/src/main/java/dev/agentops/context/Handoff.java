package dev.agentops.context;

import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.Description;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.StructuredOutput;
import dev.agentops.llm.StructuredResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one session hands the next, and nothing else (Factor I: compressed summaries, not
 * transcripts; Factor III: a new session starts from a handoff). Typed, checked, capped at {@value
 * #MAX_CHARS} characters when rendered, and rendered to prompt text deterministically.
 *
 * <p>A handoff can be built directly, or produced from a model's structured output with {@link
 * #fromModel(LanguageModel, String)}: the record's own checks become the problems the model is
 * asked to fix.
 *
 * <pre>{@code
 * Handoff h = Handoff.builder("Make the nightly build green", "Add the @AfterEach hook")
 *     .decision("Clear the cache in test code", "the leak is in test code, not production")
 *     .finding("OrderServiceTest fails only after CacheWarmupTest")
 *     .build();
 * budget.admit(h.toContextItem());
 * }</pre>
 *
 * @param goal what the work is for, in a sentence
 * @param decisions decisions taken, each with its rationale
 * @param findings facts established
 * @param openQuestions what is still unknown
 * @param artifacts references to what the work produced: paths, commits, record ids
 * @param constraints rules the next session must keep to
 * @param nextStep the single next action
 * @since 0.1.0
 */
@Description("What the next agent needs to continue the work, and nothing else.")
public record Handoff(
    @Description("The goal of the work, in one sentence.") String goal,
    @Description("Decisions taken, each with the reason it was taken.") List<Decision> decisions,
    @Description("Facts established so far.") List<String> findings,
    @Description("Questions still open.") List<String> openQuestions,
    @Description("References to what the work produced: paths, commits, record ids.")
        List<ArtifactRef> artifacts,
    @Description("Rules the next agent must keep to.") List<String> constraints,
    @Description("The single next action, as an imperative sentence.") String nextStep) {

  /** The longest a rendered handoff may be, in characters (about 4,000 tokens). */
  public static final int MAX_CHARS = 16_000;

  /**
   * Checks the handoff: goal and next step are required, no list entry is blank, and the rendered
   * text is within {@value #MAX_CHARS} characters.
   *
   * @param goal the goal
   * @param decisions the decisions
   * @param findings the findings
   * @param openQuestions the open questions
   * @param artifacts the artifact references
   * @param constraints the constraints
   * @param nextStep the next step
   * @throws IllegalArgumentException naming the field that is missing, blank or too long
   */
  public Handoff {
    goal = required(goal, "goal");
    nextStep = required(nextStep, "nextStep");
    decisions = List.copyOf(Objects.requireNonNull(decisions, "decisions"));
    findings = entries(findings, "findings");
    openQuestions = entries(openQuestions, "openQuestions");
    artifacts = List.copyOf(Objects.requireNonNull(artifacts, "artifacts"));
    constraints = entries(constraints, "constraints");
    int length =
        render(goal, decisions, findings, openQuestions, artifacts, constraints, nextStep).length();
    if (length > MAX_CHARS) {
      throw new IllegalArgumentException(
          "a handoff must render to at most "
              + MAX_CHARS
              + " characters, but this one renders to "
              + length
              + "; keep only what the next session needs");
    }
  }

  /**
   * A decision with its rationale.
   *
   * @param decision what was decided
   * @param rationale why
   * @since 0.1.0
   */
  public record Decision(
      @Description("What was decided.") String decision,
      @Description("Why it was decided.") String rationale) {

    /**
     * Checks that both parts are given.
     *
     * @param decision what was decided
     * @param rationale why
     * @throws IllegalArgumentException if either is blank
     */
    public Decision {
      decision = required(decision, "decision");
      rationale = required(rationale, "rationale");
    }
  }

  /**
   * A reference to something the work produced.
   *
   * @param ref a path, commit, URL or record id
   * @param description what it is; may be empty
   * @since 0.1.0
   */
  public record ArtifactRef(
      @Description("A path, commit, URL or record id.") String ref,
      @Description("What it is, in a few words.") String description) {

    /**
     * Checks the reference.
     *
     * @param ref the reference
     * @param description what it is
     * @throws IllegalArgumentException if the reference is blank
     */
    public ArtifactRef {
      ref = required(ref, "ref");
      description = Objects.requireNonNull(description, "description").strip();
    }
  }

  /**
   * Starts a handoff with its two required parts.
   *
   * @param goal what the work is for
   * @param nextStep the single next action
   * @return a builder
   */
  public static Builder builder(String goal, String nextStep) {
    return new Builder(goal, nextStep);
  }

  /**
   * Asks a model to write a handoff from session material (notes, a transcript, findings), through
   * {@link StructuredOutput}: the reply is checked against this record, and the model is asked
   * again with the problems when it does not fit.
   *
   * @param model the model
   * @param material what the session produced
   * @return the handoff and what it took to get it
   * @throws dev.agentops.llm.StructuredOutputException if no usable handoff came back
   */
  public static StructuredResult<Handoff> fromModel(LanguageModel model, String material) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(material, "material");
    ChatRequest request =
        ChatRequest.builder()
            .system(
                "You write the handoff between two agent sessions. Keep only what the next"
                    + " agent needs to continue: the goal, decisions with their reasons, facts"
                    + " found, open questions, references to artifacts, constraints, and the"
                    + " single next step. Never copy the transcript.")
            .user(material)
            .temperature(0)
            .build();
    return StructuredOutput.forRecord(Handoff.class).build().generate(model, request);
  }

  /**
   * Renders the handoff as prompt text: Markdown sections in a fixed order, empty ones left out.
   * The same handoff always renders to the same text.
   *
   * @return the text
   */
  public String render() {
    return render(goal, decisions, findings, openQuestions, artifacts, constraints, nextStep);
  }

  /**
   * Returns the handoff as a pinned context item.
   *
   * @return the item
   */
  public ContextItem toContextItem() {
    return ContextItem.builder(ContextKind.HANDOFF, render()).build();
  }

  private static String render(
      String goal,
      List<Decision> decisions,
      List<String> findings,
      List<String> openQuestions,
      List<ArtifactRef> artifacts,
      List<String> constraints,
      String nextStep) {
    StringBuilder sb = new StringBuilder("# Handoff from the previous session\n\n## Goal\n");
    sb.append(goal).append('\n');
    if (!decisions.isEmpty()) {
      sb.append("\n## Decisions\n");
      decisions.forEach(d ->
          sb.append("- ")
              .append(d.decision())
              .append(" (because ")
              .append(d.rationale())
              .append(")\n"));
    }
    section(sb, "Findings", findings);
    section(sb, "Open questions", openQuestions);
    if (!artifacts.isEmpty()) {
      sb.append("\n## Artifacts\n");
      for (ArtifactRef a : artifacts) {
        sb.append("- ").append(a.ref());
        if (!a.description().isEmpty()) {
          sb.append(": ").append(a.description());
        }
        sb.append('\n');
      }
    }
    section(sb, "Constraints", constraints);
    sb.append("\n## Next step\n").append(nextStep).append('\n');
    return sb.toString();
  }

  private static void section(StringBuilder sb, String title, List<String> items) {
    if (!items.isEmpty()) {
      sb.append("\n## ").append(title).append('\n');
      items.forEach(i -> sb.append("- ").append(i).append('\n'));
    }
  }

  private static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required and must not be blank");
    }
    return value.strip();
  }

  private static List<String> entries(List<String> values, String name) {
    Objects.requireNonNull(values, name);
    List<String> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(name + "[" + i + "] must not be blank");
      }
      out.add(v.strip());
    }
    return List.copyOf(out);
  }

  /**
   * Builds a {@link Handoff}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final String goal;
    private final String nextStep;
    private final List<Decision> decisions = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();
    private final List<String> openQuestions = new ArrayList<>();
    private final List<ArtifactRef> artifacts = new ArrayList<>();
    private final List<String> constraints = new ArrayList<>();

    private Builder(String goal, String nextStep) {
      this.goal = goal;
      this.nextStep = nextStep;
    }

    /**
     * Adds a decision.
     *
     * @param decision what was decided
     * @param rationale why
     * @return this builder
     */
    public Builder decision(String decision, String rationale) {
      decisions.add(new Decision(decision, rationale));
      return this;
    }

    /**
     * Adds a finding.
     *
     * @param finding a fact established
     * @return this builder
     */
    public Builder finding(String finding) {
      findings.add(finding);
      return this;
    }

    /**
     * Adds an open question.
     *
     * @param question what is still unknown
     * @return this builder
     */
    public Builder openQuestion(String question) {
      openQuestions.add(question);
      return this;
    }

    /**
     * Adds an artifact reference.
     *
     * @param ref a path, commit, URL or record id
     * @param description what it is
     * @return this builder
     */
    public Builder artifact(String ref, String description) {
      artifacts.add(new ArtifactRef(ref, description));
      return this;
    }

    /**
     * Adds a constraint.
     *
     * @param constraint a rule the next session must keep to
     * @return this builder
     */
    public Builder constraint(String constraint) {
      constraints.add(constraint);
      return this;
    }

    /**
     * Builds the handoff.
     *
     * @return the handoff
     * @throws IllegalArgumentException if a part is missing, blank or too long
     */
    public Handoff build() {
      return new Handoff(
          goal, decisions, findings, openQuestions, artifacts, constraints, nextStep);
    }
  }
}
