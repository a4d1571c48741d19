package dev.agentops.work;

import dev.agentops.store.RecordKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One piece of work, tracked in the repository: what it is, where it stands, what it depends on,
 * who holds it, how often it was tried, and, once closed, why and on which verdict.
 *
 * <p>Immutable; derive changed copies with {@link #toBuilder()}. Fields other trackers write that
 * AgentOps does not model (beads' {@code notes}, {@code comments}, {@code deleted_at}, …) are kept
 * in {@link #extensions()} and written back unchanged.
 *
 * @param id a short id such as {@code ao-3f9k}; a valid record id
 * @param title what the work is, in a line
 * @param description the details
 * @param acceptanceCriteria what must hold for the work to be done
 * @param status where it stands
 * @param priority 0 (critical) to 4 (backlog)
 * @param type what kind of work: {@code task}, {@code bug}, {@code feature}, {@code epic}, …
 * @param assignee who holds it, if anyone
 * @param labels free labels
 * @param dependencies typed edges to other items
 * @param attempts how many times it was claimed
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param closedAt when it was closed, if it is
 * @param closeReason why it was closed, if it is
 * @param verdictId the id of the verdict that allowed closing it, if it is closed
 * @param extensions fields of other trackers, kept as they were
 * @since 0.1.0
 */
public record WorkItem(
    String id,
    String title,
    String description,
    String acceptanceCriteria,
    WorkStatus status,
    int priority,
    String type,
    @Nullable String assignee,
    List<String> labels,
    List<Dependency> dependencies,
    int attempts,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant closedAt,
    @Nullable String closeReason,
    @Nullable String verdictId,
    Map<String, Object> extensions) {

  /**
   * Checks the item.
   *
   * @param id the id
   * @param title the title
   * @param description the description
   * @param acceptanceCriteria the acceptance criteria
   * @param status the status
   * @param priority the priority
   * @param type the type
   * @param assignee the assignee
   * @param labels the labels
   * @param dependencies the dependencies
   * @param attempts the attempts
   * @param createdAt when created
   * @param updatedAt when last changed
   * @param closedAt when closed
   * @param closeReason why closed
   * @param verdictId the verdict that allowed closing
   * @param extensions other trackers' fields
   * @throws IllegalArgumentException naming the field that is missing or out of range
   */
  public WorkItem {
    RecordKey.checkId(Objects.requireNonNull(id, "id"));
    Objects.requireNonNull(title, "title");
    if (title.isBlank()) {
      throw new IllegalArgumentException("title of work item '" + id + "' must not be blank");
    }
    description = description == null ? "" : description;
    acceptanceCriteria = acceptanceCriteria == null ? "" : acceptanceCriteria;
    Objects.requireNonNull(status, "status");
    if (priority < 0 || priority > 4) {
      throw new IllegalArgumentException(
          "priority of work item '" + id + "' must be 0 to 4, but was " + priority);
    }
    type = type == null || type.isBlank() ? "task" : type;
    labels = List.copyOf(labels == null ? List.of() : labels);
    dependencies = List.copyOf(dependencies == null ? List.of() : dependencies);
    if (attempts < 0) {
      throw new IllegalArgumentException(
          "attempts of work item '" + id + "' must be >= 0, but was " + attempts);
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    extensions =
        extensions == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /**
   * Starts an open item.
   *
   * @param id the id
   * @param title the title
   * @param now when it is created
   * @return a builder: open, priority 2, type task, no dependencies
   */
  public static Builder builder(String id, String title, Instant now) {
    return new Builder(id, title, now);
  }

  /**
   * Returns a builder holding this item's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(id, title, createdAt);
    b.description = description;
    b.acceptanceCriteria = acceptanceCriteria;
    b.status = status;
    b.priority = priority;
    b.type = type;
    b.assignee = assignee;
    b.labels.addAll(labels);
    b.dependencies.addAll(dependencies);
    b.attempts = attempts;
    b.updatedAt = updatedAt;
    b.closedAt = closedAt;
    b.closeReason = closeReason;
    b.verdictId = verdictId;
    b.extensions.putAll(extensions);
    return b;
  }

  /**
   * Returns the ids this item depends on through a type.
   *
   * @param dependencyType the type
   * @return the ids, in order
   */
  public List<String> dependsOn(DependencyType dependencyType) {
    List<String> ids = new ArrayList<>();
    for (Dependency d : dependencies) {
      if (d.type().equals(dependencyType)) {
        ids.add(d.dependsOn());
      }
    }
    return ids;
  }

  /**
   * Returns the item's parent, through its parent-child dependency.
   *
   * @return the parent's id, if it has one
   */
  public Optional<String> parent() {
    List<String> parents = dependsOn(DependencyType.PARENT_CHILD);
    return parents.isEmpty() ? Optional.empty() : Optional.of(parents.get(0));
  }

  /**
   * Builds a {@link WorkItem}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final String id;
    private String title;
    private final Instant createdAt;
    private String description = "";
    private String acceptanceCriteria = "";
    private WorkStatus status = WorkStatus.OPEN;
    private int priority = 2;
    private String type = "task";
    private @Nullable String assignee;
    private final List<String> labels = new ArrayList<>();
    private final List<Dependency> dependencies = new ArrayList<>();
    private int attempts;
    private Instant updatedAt;
    private @Nullable Instant closedAt;
    private @Nullable String closeReason;
    private @Nullable String verdictId;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Builder(String id, String title, Instant now) {
      this.id = id;
      this.title = title;
      this.createdAt = now;
      this.updatedAt = now;
    }

    /**
     * Sets the title.
     *
     * @param title what the work is
     * @return this builder
     */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /**
     * Sets the description.
     *
     * @param description the details
     * @return this builder
     */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * Sets the acceptance criteria.
     *
     * @param criteria what must hold for the work to be done
     * @return this builder
     */
    public Builder acceptanceCriteria(String criteria) {
      this.acceptanceCriteria = Objects.requireNonNull(criteria, "criteria");
      return this;
    }

    /**
     * Sets the status.
     *
     * @param status the status
     * @return this builder
     */
    public Builder status(WorkStatus status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    /**
     * Sets the priority.
     *
     * @param priority 0 (critical) to 4 (backlog)
     * @return this builder
     */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /**
     * Sets the type.
     *
     * @param type such as {@code task}, {@code bug}, {@code epic}
     * @return this builder
     */
    public Builder type(String type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * Sets who holds the item.
     *
     * @param assignee the worker, or {@code null} for nobody
     * @return this builder
     */
    public Builder assignee(@Nullable String assignee) {
      this.assignee = assignee;
      return this;
    }

    /**
     * Adds labels.
     *
     * @param labels the labels
     * @return this builder
     */
    public Builder labels(String... labels) {
      for (String l : labels) {
        this.labels.add(Objects.requireNonNull(l, "label"));
      }
      return this;
    }

    /**
     * Adds a dependency.
     *
     * @param dependency the edge
     * @return this builder
     */
    public Builder dependency(Dependency dependency) {
      dependencies.add(Objects.requireNonNull(dependency, "dependency"));
      return this;
    }

    /**
     * Adds a dependency of a type on another item.
     *
     * @param type the type
     * @param dependsOn the other item's id
     * @return this builder
     */
    public Builder dependsOn(DependencyType type, String dependsOn) {
      return dependency(Dependency.on(dependsOn, type));
    }

    /**
     * Sets the number of attempts.
     *
     * @param attempts at least 0
     * @return this builder
     */
    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    /**
     * Sets when the item last changed.
     *
     * @param updatedAt the time
     * @return this builder
     */
    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
      return this;
    }

    /**
     * Records that the item closed.
     *
     * @param at when
     * @param reason why
     * @param verdictId the verdict that allowed it
     * @return this builder
     */
    public Builder closed(Instant at, String reason, String verdictId) {
      this.status = WorkStatus.CLOSED;
      this.closedAt = Objects.requireNonNull(at, "at");
      this.closeReason = Objects.requireNonNull(reason, "reason");
      this.verdictId = Objects.requireNonNull(verdictId, "verdictId");
      return this;
    }

    /**
     * Clears what closing recorded, for reopening.
     *
     * @return this builder
     */
    public Builder notClosed() {
      this.closedAt = null;
      this.closeReason = null;
      this.verdictId = null;
      return this;
    }

    /**
     * Sets the close fields as another tracker recorded them, without a verdict.
     *
     * @param at when, or {@code null}
     * @param reason why, or {@code null}
     * @param verdictId the verdict, or {@code null}
     * @return this builder
     */
    public Builder closeFields(
        @Nullable Instant at, @Nullable String reason, @Nullable String verdictId) {
      this.closedAt = at;
      this.closeReason = reason;
      this.verdictId = verdictId;
      return this;
    }

    /**
     * Keeps a field of another tracker.
     *
     * @param name the field's name
     * @param value its value: strings, numbers, booleans, lists and maps of them
     * @return this builder
     */
    public Builder extension(String name, Object value) {
      extensions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the item.
     *
     * @return the item
     * @throws IllegalArgumentException if a field is missing or out of range
     */
    public WorkItem build() {
      return new WorkItem(
          id,
          title,
          description,
          acceptanceCriteria,
          status,
          priority,
          type,
          assignee,
          labels,
          dependencies,
          attempts,
          createdAt,
          updatedAt,
          closedAt,
          closeReason,
          verdictId,
          extensions);
    }
  }
}
