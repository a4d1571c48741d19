package dev.agentops.store.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.jspecify.annotations.Nullable;

/**
 * Writes a new git tree from a base tree and a set of file changes, reading and rewriting only the
 * trees along the changed paths. No index, no working tree: what direct object insertion needs.
 * Directories left empty disappear, as in git.
 */
public final class TreeEditor {

  private TreeEditor() {}

  private record Entry(FileMode mode, ObjectId id) {}

  /**
   * Applies changes and returns the new tree's id.
   *
   * @param base the base tree, or null for none
   * @param changes paths ({@code a/b/c.json}) to the new blob, or to null to delete
   */
  public static ObjectId apply(
      ObjectReader reader,
      ObjectInserter inserter,
      @Nullable ObjectId base,
      Map<String, @Nullable ObjectId> changes)
      throws IOException {
    ObjectId tree = edit(reader, inserter, base, changes);
    return tree != null ? tree : inserter.insert(new TreeFormatter());
  }

  private static @Nullable ObjectId edit(
      ObjectReader reader,
      ObjectInserter inserter,
      @Nullable ObjectId base,
      Map<String, @Nullable ObjectId> changes)
      throws IOException {
    TreeMap<String, Entry> entries = new TreeMap<>(TreeEditor::compareNames);
    if (base != null) {
      CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, base);
      while (!parser.eof()) {
        FileMode mode = parser.getEntryFileMode();
        entries.put(
            key(parser.getEntryPathString(), mode), new Entry(mode, parser.getEntryObjectId()));
        parser.next();
      }
    }
    Map<String, Map<String, @Nullable ObjectId>> byChild = new LinkedHashMap<>();
    for (Map.Entry<String, @Nullable ObjectId> c : changes.entrySet()) {
      String path = c.getKey();
      int slash = path.indexOf('/');
      if (slash < 0) {
        entries.remove(key(path, FileMode.TREE));
        if (c.getValue() == null) {
          entries.remove(key(path, FileMode.REGULAR_FILE));
        } else {
          entries.put(
              key(path, FileMode.REGULAR_FILE), new Entry(FileMode.REGULAR_FILE, c.getValue()));
        }
      } else {
        byChild
            .computeIfAbsent(path.substring(0, slash), k -> new LinkedHashMap<>())
            .put(path.substring(slash + 1), c.getValue());
      }
    }
    for (Map.Entry<String, Map<String, @Nullable ObjectId>> child : byChild.entrySet()) {
      String dir = child.getKey();
      Entry existing = entries.get(key(dir, FileMode.TREE));
      ObjectId sub =
          edit(reader, inserter, existing == null ? null : existing.id(), child.getValue());
      entries.remove(key(dir, FileMode.REGULAR_FILE));
      if (sub == null) {
        entries.remove(key(dir, FileMode.TREE));
      } else {
        entries.put(key(dir, FileMode.TREE), new Entry(FileMode.TREE, sub));
      }
    }
    if (entries.isEmpty()) {
      return null;
    }
    TreeFormatter formatter = new TreeFormatter();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      String name =
          e.getKey().endsWith("/") ? e.getKey().substring(0, e.getKey().length() - 1) : e.getKey();
      formatter.append(name, e.getValue().mode(), e.getValue().id());
    }
    return inserter.insert(formatter);
  }

  /** Trees sort as if their name ended in '/': the key carries the slash. */
  private static String key(String name, FileMode mode) {
    return mode == FileMode.TREE ? name + "/" : name;
  }

  /**
   * Git's tree order: by the UTF-8 bytes of the names, with trees compared as name + '/'. UTF-8
   * byte order is code point order, so the names are compared by code point without encoding them.
   */
  private static int compareNames(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /** Lists the blobs below a tree: relative path to id. For tests and the merge. */
  public static Map<String, ObjectId> blobs(ObjectReader reader, @Nullable ObjectId tree)
      throws IOException {
    Map<String, ObjectId> out = new TreeMap<>();
    if (tree == null) {
      return out;
    }
    List<String[]> stack = new ArrayList<>();
    collect(reader, tree, "", out);
    return out;
  }

  private static void collect(
      ObjectReader reader, ObjectId tree, String prefix, Map<String, ObjectId> out)
      throws IOException {
    CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
    while (!parser.eof()) {
      String path = prefix + parser.getEntryPathString();
      if (parser.getEntryFileMode() == FileMode.TREE) {
        collect(reader, parser.getEntryObjectId(), path + "/", out);
      } else {
        out.put(path, parser.getEntryObjectId());
      }
      parser.next();
    }
  }
}
