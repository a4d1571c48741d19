package dev.agentops.store.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TreeEditor} against JGit's own tree building: after any sequence of edits, the tree it
 * writes has the id of the tree JGit builds from the same files through an index, so it is the same
 * canonical tree, byte for byte, entries in git's order.
 */
class TreeEditorTest {

  /**
   * Names chosen so that git's order differs from string order: a tree sorts as its name and a
   * slash, so {@code a.json} sorts before the folder {@code a} and {@code a0} after it.
   */
  private static final List<String> NAMES =
      List.of("a", "a.json", "a-b", "a0", "a_", "b", "ab", "é", "z.md", "Z", "10", "9");

  private static String randomPath(SplittableRandom random) {
    int depth = 1 + random.nextInt(3);
    StringBuilder path = new StringBuilder();
    for (int d = 0; d < depth; d++) {
      if (d > 0) {
        path.append('/');
      }
      path.append(NAMES.get(random.nextInt(NAMES.size())));
    }
    return path.toString();
  }

  /** Whether a path is not a file's folder or below a file in the set. */
  private static boolean fits(Map<String, ObjectId> files, String path) {
    for (String other : files.keySet()) {
      if (other.startsWith(path + "/") || path.startsWith(other + "/")) {
        return false;
      }
    }
    return true;
  }

  @ParameterizedTest
  @ValueSource(longs = {1L, 7L, 20261124L, 424242L, 99L})
  void writesTheTreeJGitBuildsFromTheSameFiles(long seed, @TempDir Path dir) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    try (Repository repo = new FileRepository(dir.resolve("r.git").toFile());
        ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader()) {
      repo.create(true);
      Map<String, ObjectId> files = new TreeMap<>();
      ObjectId tree = null;
      for (int round = 0; round < 60; round++) {
        Map<String, @Nullable ObjectId> changes = new HashMap<>();
        Map<String, ObjectId> next = new TreeMap<>(files);
        for (int k = random.nextInt(1, 8); k > 0; k--) {
          String path = randomPath(random);
          if (changes.keySet().stream()
              .anyMatch(p -> p.startsWith(path + "/") || path.startsWith(p + "/"))) {
            continue;
          }
          if (next.containsKey(path) && random.nextInt(3) == 0) {
            changes.put(path, null);
            next.remove(path);
          } else if (fits(next, path) || next.containsKey(path)) {
            ObjectId blob =
                inserter.insert(
                    Constants.OBJ_BLOB, (seed + ":" + round + ":" + path).getBytes(UTF_8));
            changes.put(path, blob);
            next.put(path, blob);
          }
        }
        tree = TreeEditor.apply(reader, inserter, tree, changes);
        files = next;

        assertThat(tree).as("seed %d, round %d", seed, round).isEqualTo(viaIndex(inserter, files));
        assertThat(TreeEditor.blobs(reader, tree)).as("seed %d", seed).isEqualTo(files);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "a/b.json"})
  void aFileReplacesAFolderOfTheSameNameAndTheOtherWayRound(String first, @TempDir Path dir)
      throws Exception {
    try (Repository repo = new FileRepository(dir.resolve("r.git").toFile());
        ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader()) {
      repo.create(true);
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, "x".getBytes(UTF_8));
      String second = first.equals("a") ? "a/b.json" : "a";
      Map<String, @Nullable ObjectId> before = new HashMap<>();
      before.put(first, blob);
      ObjectId tree = TreeEditor.apply(reader, inserter, null, before);
      Map<String, @Nullable ObjectId> swap = new HashMap<>();
      swap.put(first, null);
      swap.put(second, blob);

      ObjectId after = TreeEditor.apply(reader, inserter, tree, swap);

      assertThat(TreeEditor.blobs(reader, after)).containsOnlyKeys(second);
      assertThat(after).isEqualTo(viaIndex(inserter, Map.of(second, blob)));
    }
  }

  @Test
  void aFileReplacesANonEmptyFolder_alsoWhenTheChangeDeletesPartOfIt(@TempDir Path dir)
      throws Exception {
    try (Repository repo = new FileRepository(dir.resolve("r.git").toFile());
        ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader()) {
      repo.create(true);
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, "x".getBytes(UTF_8));
      Map<String, @Nullable ObjectId> folder = Map.of("a/x", blob, "a/y", blob);
      ObjectId base = TreeEditor.apply(reader, inserter, null, folder);
      Map<String, @Nullable ObjectId> change = new HashMap<>();
      change.put("a", blob);
      change.put("a/x", null);

      ObjectId after = TreeEditor.apply(reader, inserter, base, change);

      assertThat(TreeEditor.blobs(reader, after)).containsOnlyKeys("a");
      assertThat(after).isEqualTo(TreeEditor.apply(reader, inserter, base, Map.of("a", blob)));
    }
  }

  @Test
  void refusesAFileAndAFolderOfTheSameNameInOneChange(@TempDir Path dir) throws Exception {
    try (Repository repo = new FileRepository(dir.resolve("r.git").toFile());
        ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader()) {
      repo.create(true);
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, "x".getBytes(UTF_8));
      Map<String, @Nullable ObjectId> both = Map.of("a", blob, "a/b.json", blob);

      assertThatIllegalArgumentException()
          .isThrownBy(() -> TreeEditor.apply(reader, inserter, null, both))
          .withMessageContaining("both a file and a folder at a");
    }
  }

  private static ObjectId viaIndex(ObjectInserter inserter, Map<String, ObjectId> files)
      throws Exception {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    for (Map.Entry<String, ObjectId> f : files.entrySet()) {
      DirCacheEntry entry = new DirCacheEntry(f.getKey());
      entry.setFileMode(FileMode.REGULAR_FILE);
      entry.setObjectId(f.getValue());
      builder.add(entry);
    }
    builder.finish();
    return index.writeTree(inserter);
  }
}
