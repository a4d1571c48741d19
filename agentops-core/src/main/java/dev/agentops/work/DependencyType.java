package dev.agentops.work;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How one work item depends on another, by name as beads writes it. The well-known types are
 * constants; any other name (beads has {@code supersedes}, {@code replies-to}, …) is kept as it is.
 *
 * <p>Only {@link #BLOCKS} and {@link #PARENT_CHILD} affect which items are ready.
 *
 * @since 0.1.0
 */
public final class DependencyType {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

  /** The item waits for the other to close. */
  public static final DependencyType BLOCKS = new DependencyType("blocks");

  /** The item is a child of the other; a blocked parent blocks its children. */
  public static final DependencyType PARENT_CHILD = new DependencyType("parent-child");

  /** The items are related; no effect on readiness. */
  public static final DependencyType RELATED = new DependencyType("related");

  /** The item was found while working on the other. */
  public static final DependencyType DISCOVERED_FROM = new DependencyType("discovered-from");

  private final String name;

  private DependencyType(String name) {
    this.name = name;
  }

  /**
   * Returns the type with a name.
   *
   * @param name a lower-case name such as {@code blocks}
   * @return the type
   * @throws IllegalArgumentException if the name is malformed
   */
  @JsonCreator
  public static DependencyType of(String name) {
    Objects.requireNonNull(name, "name");
    switch (name) {
      case "blocks":
        return BLOCKS;
      case "parent-child":
        return PARENT_CHILD;
      case "related":
        return RELATED;
      case "discovered-from":
        return DISCOVERED_FROM;
      default:
        if (!NAME.matcher(name).matches()) {
          throw new IllegalArgumentException(
              "a dependency type is 1 to 40 lower-case letters, digits, '-' or '_', but was '"
                  + name
                  + "'");
        }
        return new DependencyType(name);
    }
  }

  /**
   * Returns the name as written.
   *
   * @return the name
   */
  @JsonValue
  public String name() {
    return name;
  }

  /**
   * Tells whether this type decides readiness.
   *
   * @return {@code true} for blocks and parent-child
   */
  public boolean affectsReadiness() {
    return equals(BLOCKS) || equals(PARENT_CHILD);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DependencyType other && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
