package dev.agentops.context;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a budget puts the items it removes, so that compaction never loses anything: every original
 * stays retrievable by its id.
 *
 * <p>{@link #inMemory()} keeps them for the life of the budget; a host that wants them across
 * processes stores them in git (the persistence SPI). Implementations must be thread-safe and must
 * keep every archived item; archiving an id again replaces nothing that differs.
 *
 * @since 0.1.0
 */
public interface ContextArchive {

  /**
   * Keeps an item.
   *
   * @param item the item, which has an id
   */
  void archive(ContextItem item);

  /**
   * Finds an archived item.
   *
   * @param id the item's id
   * @return the item, if archived
   */
  Optional<ContextItem> find(String id);

  /**
   * Returns the ids of every archived item.
   *
   * @return the ids, in no particular order
   */
  List<String> ids();

  /**
   * Returns an archive held in memory.
   *
   * @return a new, empty archive
   */
  static ContextArchive inMemory() {
    Map<String, ContextItem> items = new ConcurrentHashMap<>();
    return new ContextArchive() {
      @Override
      public void archive(ContextItem item) {
        String id =
            item.id()
                .orElseThrow(() -> new IllegalArgumentException("an archived item needs an id"));
        items.putIfAbsent(id, item);
      }

      @Override
      public Optional<ContextItem> find(String id) {
        return Optional.ofNullable(items.get(Objects.requireNonNull(id, "id")));
      }

      @Override
      public List<String> ids() {
        return List.copyOf(items.keySet());
      }
    };
  }
}
