package dev.agentops.supervision;

import dev.agentops.store.RecordKey;
import dev.agentops.work.WorkItem;
import java.util.Objects;

/**
 * What a {@link Supervisor} runs: an id that names the work in records, and the goal that becomes
 * the task of every session working on it.
 *
 * @param id a valid record id, such as a work item's id
 * @param goal what the work must achieve; each attempt's session is started with it as its task
 * @since 0.1.0
 */
public record WorkUnit(String id, String goal) {

  /**
   * Checks the components.
   *
   * @param id the id
   * @param goal the goal
   * @throws IllegalArgumentException if the id is not a valid record id or the goal is blank
   */
  public WorkUnit {
    RecordKey.checkId(Objects.requireNonNull(id, "id"));
    Objects.requireNonNull(goal, "goal");
    if (goal.isBlank()) {
      throw new IllegalArgumentException("goal of work unit '" + id + "' must not be blank");
    }
    goal = goal.strip();
  }

  /**
   * Makes a unit of a tracked work item: its id, and a goal made of its title, description and
   * acceptance criteria.
   *
   * @param item the item
   * @return the unit
   */
  public static WorkUnit of(WorkItem item) {
    Objects.requireNonNull(item, "item");
    StringBuilder goal = new StringBuilder(item.title());
    if (!item.description().isBlank()) {
      goal.append("\n\n").append(item.description().strip());
    }
    if (!item.acceptanceCriteria().isBlank()) {
      goal.append("\n\nDone when: ").append(item.acceptanceCriteria().strip());
    }
    return new WorkUnit(item.id(), goal.toString());
  }
}
