package dev.agentops.llm;

import java.util.List;
import java.util.Objects;

/**
 * A value obtained through {@link StructuredOutput}, with what it took to get it.
 *
 * @param <T> the value's type
 * @param value the parsed and checked value
 * @param attempts how many calls were made, at least 1
 * @param usage the tokens spent over every attempt
 * @param rejected the problems that made earlier attempts unusable, one line per attempt, oldest
 *     first; empty if the first reply was good
 * @param response the reply the value came from
 * @since 0.1.0
 */
public record StructuredResult<T>(
    T value, int attempts, TokenUsage usage, List<String> rejected, ChatResponse response) {

  /**
   * Checks the components.
   *
   * @param value the parsed and checked value
   * @param attempts how many calls were made
   * @param usage the tokens spent over every attempt
   * @param rejected why earlier attempts were unusable
   * @param response the reply the value came from
   * @throws IllegalArgumentException if {@code attempts} is below 1
   */
  public StructuredResult {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(response, "response");
    rejected = List.copyOf(rejected);
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, but was " + attempts);
    }
  }
}
