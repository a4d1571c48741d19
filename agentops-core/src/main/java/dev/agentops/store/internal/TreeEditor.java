package dev.agentops.store.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.eclipse.jgit.lib.Constants.OBJ_TREE;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
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
 * Directories left empty disappear, as in git. A file written where a folder of its name is
 * replaces the folder and everything below it; a change that also writes below that folder is
 * refused.
 */
public final class TreeEditor {

  private TreeEditor() {}

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

  /**
   * An edit of one entry, keyed by its name in git's tree order: a tree's key is its name and a
   * slash. A null id deletes the entry.
   */
  private record Edit(FileMode mode, @Nullable ObjectId id) {}

  /**
   * Rewrites one tree. The base tree's entries are never decoded into strings: its raw bytes are
   * merged, in git's order, with the sorted edits, and unchanged entries are copied as they are.
   */
  private static @Nullable ObjectId edit(
      ObjectReader reader,
      ObjectInserter inserter,
      @Nullable ObjectId base,
      Map<String, @Nullable ObjectId> changes)
      throws IOException {
    RawTree tree =
        base == null ? RawTree.EMPTY : new RawTree(reader.open(base, OBJ_TREE).getCachedBytes());
    Map<String, Map<String, @Nullable ObjectId>> byChild = new LinkedHashMap<>();
    TreeMap<byte[], Edit> edits = new TreeMap<>(Arrays::compareUnsigned);
    for (Map.Entry<String, @Nullable ObjectId> c : changes.entrySet()) {
      String path = c.getKey();
      int slash = path.indexOf('/');
      if (slash < 0) {
        byte[] name = path.getBytes(UTF_8);
        edits.put(treeKey(name), new Edit(FileMode.TREE, null));
        edits.put(name, new Edit(FileMode.REGULAR_FILE, c.getValue()));
      } else {
        byChild
            .computeIfAbsent(path.substring(0, slash), k -> new LinkedHashMap<>())
            .put(path.substring(slash + 1), c.getValue());
      }
    }
    for (Map.Entry<String, Map<String, @Nullable ObjectId>> child : byChild.entrySet()) {
      byte[] name = child.getKey().getBytes(UTF_8);
      byte[] key = treeKey(name);
      Edit file = edits.get(name);
      if (file != null && file.id() != null) {
        if (child.getValue().values().stream().anyMatch(Objects::nonNull)) {
          throw new IllegalArgumentException(
              "changes put both a file and a folder at " + child.getKey());
        }
        // a file replaces a folder of its name, as it does with no change below the folder
        continue;
      }
      ObjectId sub = edit(reader, inserter, tree.treeId(key), child.getValue());
      edits.put(key, new Edit(FileMode.TREE, sub));
      edits.put(name, new Edit(FileMode.REGULAR_FILE, null));
    }

    // Merge the base's entries with the edits, both in git's order: an entry index stands for a
    // base entry copied as it is, an edit for a new or replaced entry.
    List<Object> out = new ArrayList<>(tree.size() + edits.size());
    int size = 0;
    int i = 0;
    Iterator<Map.Entry<byte[], Edit>> pending = edits.entrySet().iterator();
    Map.Entry<byte[], Edit> next = pending.hasNext() ? pending.next() : null;
    while (i < tree.size() || next != null) {
      if (next == null || (i < tree.size() && tree.compare(i, next.getKey()) < 0)) {
        out.add(i);
        size += TreeFormatter.entrySize(tree.mode(i), tree.nameLength(i));
        i++;
        continue;
      }
      if (i < tree.size() && tree.compare(i, next.getKey()) == 0) {
        i++; // replaced or deleted by the edit
      }
      if (next.getValue().id() != null) {
        out.add(next);
        size += TreeFormatter.entrySize(next.getValue().mode(), nameLength(next));
      }
      next = pending.hasNext() ? pending.next() : null;
    }
    if (out.isEmpty()) {
      return null;
    }
    TreeFormatter formatter = new TreeFormatter(size);
    for (Object o : out) {
      if (o instanceof Integer e) {
        formatter.append(
            tree.raw,
            tree.nameStart(e),
            tree.nameLength(e),
            tree.mode(e),
            tree.raw,
            tree.idStart(e));
      } else {
        @SuppressWarnings("unchecked")
        Map.Entry<byte[], Edit> e = (Map.Entry<byte[], Edit>) o;
        ObjectId id = Objects.requireNonNull(e.getValue().id());
        formatter.append(e.getKey(), 0, nameLength(e), e.getValue().mode(), id);
      }
    }
    return inserter.insert(formatter);
  }

  private static byte[] treeKey(byte[] name) {
    byte[] key = Arrays.copyOf(name, name.length + 1);
    key[name.length] = '/';
    return key;
  }

  private static int nameLength(Map.Entry<byte[], Edit> e) {
    return e.getValue().mode() == FileMode.TREE ? e.getKey().length - 1 : e.getKey().length;
  }

  /**
   * A tree object's entries, located in its raw bytes: {@code <octal mode> <name>\0<20-byte id>}
   * each, in git's order.
   */
  private static final class RawTree {
    static final RawTree EMPTY = new RawTree(new byte[0]);

    final byte[] raw;
    private int[] entries = new int[48]; // per entry: name start, name length, mode bits
    private int count;

    RawTree(byte[] raw) {
      this.raw = raw;
      int p = 0;
      while (p < raw.length) {
        int mode = 0;
        while (raw[p] != ' ') {
          mode = (mode << 3) + (raw[p++] - '0');
        }
        int nameStart = ++p;
        while (raw[p] != 0) {
          p++;
        }
        if (3 * count + 3 > entries.length) {
          entries = Arrays.copyOf(entries, entries.length * 2);
        }
        entries[3 * count] = nameStart;
        entries[3 * count + 1] = p - nameStart;
        entries[3 * count + 2] = mode;
        count++;
        p += 1 + Constants.OBJECT_ID_LENGTH;
      }
    }

    int size() {
      return count;
    }

    int nameStart(int i) {
      return entries[3 * i];
    }

    int nameLength(int i) {
      return entries[3 * i + 1];
    }

    FileMode mode(int i) {
      return FileMode.fromBits(entries[3 * i + 2]);
    }

    int idStart(int i) {
      return nameStart(i) + nameLength(i) + 1;
    }

    private boolean isTree(int i) {
      return (entries[3 * i + 2] & FileMode.TYPE_MASK) == FileMode.TYPE_TREE;
    }

    /** Compares entry i's key (its name, and a slash if it is a tree) with a key. */
    int compare(int i, byte[] key) {
      int start = nameStart(i);
      int length = nameLength(i);
      int keyLength = length + (isTree(i) ? 1 : 0);
      int n = Math.min(keyLength, key.length);
      for (int k = 0; k < n; k++) {
        int a = k < length ? raw[start + k] & 0xff : '/';
        int b = key[k] & 0xff;
        if (a != b) {
          return Integer.compare(a, b);
        }
      }
      return Integer.compare(keyLength, key.length);
    }

    /** The id of the subtree with this key (a name and a slash), or null if there is none. */
    @Nullable ObjectId treeId(byte[] key) {
      int lo = 0;
      int hi = count - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = compare(mid, key);
        if (c == 0) {
          return isTree(mid) ? ObjectId.fromRaw(raw, idStart(mid)) : null;
        } else if (c < 0) {
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return null;
    }
  }

  /** Lists the blobs below a tree: relative path to id. For tests and the merge. */
  public static Map<String, ObjectId> blobs(ObjectReader reader, @Nullable ObjectId tree)
      throws IOException {
    Map<String, ObjectId> out = new TreeMap<>();
    if (tree == null) {
      return out;
    }
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
