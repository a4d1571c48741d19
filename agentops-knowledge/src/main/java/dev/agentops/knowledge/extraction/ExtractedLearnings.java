package dev.agentops.knowledge.extraction;

import dev.agentops.knowledge.LearningKind;
import dev.agentops.llm.Description;
import java.util.List;
import java.util.Objects;

/**
 * The JSON a {@link ModelLearningExtractor}'s model answers with. Its JSON Schema, derived from
 * this record, is sent with the request; a reply that does not fit is sent back to the model with
 * the problems (see {@link dev.agentops.llm.StructuredOutput}).
 *
 * @param learnings the lessons the session taught; may be empty
 * @since 0.1.0
 */
@Description("The lessons a finished session taught, each stated whole.")
public record ExtractedLearnings(List<Item> learnings) {

  /**
   * Copies the list.
   *
   * @param learnings the lessons
   */
  public ExtractedLearnings {
    learnings = List.copyOf(Objects.requireNonNull(learnings, "learnings"));
  }

  /**
   * One lesson, as the model states it.
   *
   * @param kind what kind of lesson it is
   * @param title what it says, in a line
   * @param what the lesson: specific and actionable
   * @param why the evidence or rationale from the session
   * @param context the situation it was learned in
   * @param confidence how sure the model is, from 0 to 1
   * @param tags lower-case topic tags
   * @param when the condition it holds under, or empty
   * @since 0.1.0
   */
  public record Item(
      LearningKind kind,
      @Description("what it says, in one line of at most 12 words") String title,
      @Description(
              "the lesson in 1 to 4 complete sentences: do X when Y, or don't do X when Y; name"
                  + " the files, commands, APIs or numbers involved")
          String what,
      @Description("the evidence from the session, or the rationale of a decision") String why,
      @Description("the situation it was learned in") String context,
      @Description("how sure you are it holds beyond this session, from 0 to 1") double confidence,
      @Description("lower-case topic tags") List<String> tags,
      @Description(
              "the condition it holds under, such as 'when the build runs on CI'; empty if"
                  + " always")
          String when) {

    /**
     * Checks the components.
     *
     * @param kind the kind
     * @param title the title
     * @param what the lesson
     * @param why the evidence
     * @param context the situation
     * @param confidence the confidence
     * @param tags the tags
     * @param when the condition
     */
    public Item {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(what, "what");
      why = why == null ? "" : why;
      context = context == null ? "" : context;
      tags = List.copyOf(tags == null ? List.of() : tags);
      when = when == null ? "" : when;
    }
  }
}
