package dev.agentops.knowledge;

/**
 * A structural fault that keeps a candidate learning out of the knowledge base whatever its rubric
 * score: the marks of fragment soup, text cut out of a transcript rather than a lesson written to
 * stand on its own (the reference plugin's regex extractor produced them; see the vault's {@code
 * pending.jsonl}).
 *
 * <p>Each is checked deterministically on the learning's {@link Learning#what()} unless said
 * otherwise; {@link QualityRubric#defects(Learning)} lists a candidate's.
 *
 * @since 0.1.0
 */
public enum QualityDefect {
  /** Fewer words than the rubric's minimum: too little to stand on its own. */
  TOO_SHORT("has too few words to stand on its own"),
  /** More words than the rubric's maximum: a document, not a lesson. */
  TOO_LONG("has too many words for one lesson"),
  /**
   * Cut off: ends with an ellipsis ({@code ...}, {@code ..}, {@code …}) or with a character that
   * introduces more ({@code : , ; ( - |}).
   */
  TRUNCATED("ends mid-thought (an ellipsis, or a colon, comma or dash with nothing after it)"),
  /**
   * Begins inside a sentence: its first character is a lower-case letter and its first word is not
   * code (code is in backticks, or holds a digit or one of {@code . _ / ( ) = -}).
   */
  STARTS_MID_SENTENCE("starts inside a sentence (a lower-case first word that is not code)"),
  /**
   * Markdown cut apart: an odd number of {@code **} or of code fences, a heading line, a table row,
   * or a markup tag such as {@code </result>}.
   */
  MARKUP_DEBRIS("holds broken Markdown or markup (unbalanced **, a cut fence, a heading, a table)"),
  /**
   * An agent's narration or a tool's echo rather than a lesson: "Let me …", "I'll …", "Waiting for
   * …", {@code ARGUMENTS:}, {@code <command-…>}.
   */
  TRANSCRIPT_DEBRIS("is transcript narration or tool echo, not a lesson"),
  /** A {@link LearningKind#DECISION} with no rationale in {@link Learning#why()} (Factor VII). */
  NO_RATIONALE("is a decision recorded without its rationale");

  private final String description;

  QualityDefect(String description) {
    this.description = description;
  }

  /**
   * Describes the defect, for audit logs and reports.
   *
   * @return a phrase such as "has too few words to stand on its own"
   */
  public String description() {
    return description;
  }
}
