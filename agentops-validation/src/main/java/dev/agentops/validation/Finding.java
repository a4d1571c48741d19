package dev.agentops.validation;

import dev.agentops.llm.Description;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One problem or observation a validator reports about an artifact.
 *
 * @param severity how much it matters
 * @param category what kind of problem it is, such as {@code correctness}, {@code security} or
 *     {@code feasibility}
 * @param description what is wrong, specifically
 * @param location where: a file and line, a section, a step; {@code null} if it concerns the whole
 * @param recommendation what to do about it; {@code null} if the validator has none
 * @since 0.1.0
 */
@Description("One problem or observation about the artifact.")
public record Finding(
    Severity severity,
    @Description("a short lower-case kind, such as correctness, security, tests, clarity")
        String category,
    @Description("what is wrong, specifically") String description,
    @Description("where: file:line, a section or a step; null if it concerns the whole")
        @Nullable String location,
    @Description("what to do about it; null if you have no recommendation")
        @Nullable String recommendation) {

  /**
   * Checks the components.
   *
   * @param severity how much it matters
   * @param category what kind of problem it is
   * @param description what is wrong
   * @param location where, or {@code null}
   * @param recommendation what to do, or {@code null}
   * @throws IllegalArgumentException if the category or description is blank
   */
  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(description, "description");
    if (category.isBlank()) {
      throw new IllegalArgumentException("category of a finding must not be blank");
    }
    if (description.isBlank()) {
      throw new IllegalArgumentException("description of a finding must not be blank");
    }
    location = location == null || location.isBlank() ? null : location;
    recommendation = recommendation == null || recommendation.isBlank() ? null : recommendation;
  }

  /**
   * Creates a finding without location or recommendation.
   *
   * @param severity how much it matters
   * @param category what kind of problem it is
   * @param description what is wrong
   * @return the finding
   */
  public static Finding of(Severity severity, String category, String description) {
    return new Finding(severity, category, description, null, null);
  }
}
