package dev.agentops.work;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A typed edge from a work item to the item it depends on.
 *
 * @param dependsOn the id of the other item
 * @param type how this item depends on it
 * @param createdAt when the edge was made, if known
 * @param createdBy who made it, if known
 * @since 0.1.0
 */
public record Dependency(
    String dependsOn,
    DependencyType type,
    @Nullable Instant createdAt,
    @Nullable String createdBy) {

  /**
   * Checks the components.
   *
   * @param dependsOn the other item
   * @param type the type
   * @param createdAt when
   * @param createdBy who
   */
  public Dependency {
    Objects.requireNonNull(dependsOn, "dependsOn");
    Objects.requireNonNull(type, "type");
    if (dependsOn.isBlank()) {
      throw new IllegalArgumentException("dependsOn must not be blank");
    }
  }

  /**
   * An edge with no creation details.
   *
   * @param dependsOn the other item
   * @param type the type
   * @return the dependency
   */
  public static Dependency on(String dependsOn, DependencyType type) {
    return new Dependency(dependsOn, type, null, null);
  }
}
