package dev.agentops.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.agentops.knowledge.internal.WireNames;

/**
 * What a session said about a learning it used: the reward that moves the learning's utility.
 *
 * @since 0.1.0
 */
public enum Feedback {
  /** It helped. Reward 1. */
  HELPFUL(1.0),
  /** It made no difference. Reward 0.5. */
  NEUTRAL(0.5),
  /** Following it made things worse. Reward 0; counted toward anti-pattern maturity. */
  HARMFUL(0.0);

  private final double reward;

  Feedback(double reward) {
    this.reward = reward;
  }

  /**
   * Returns the reward the utility moving average takes in.
   *
   * @return 1, 0.5 or 0
   */
  public double reward() {
    return reward;
  }

  /**
   * Returns the name written in the citation log.
   *
   * @return the wire name, such as {@code helpful}
   */
  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Reads written feedback.
   *
   * @param name the wire name, in any case
   * @return the feedback
   * @throws IllegalArgumentException if the name is not feedback
   */
  @JsonCreator
  public static Feedback fromWireName(String name) {
    return WireNames.parse(Feedback.class, "feedback", name);
  }
}
