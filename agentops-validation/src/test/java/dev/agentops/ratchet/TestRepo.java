package dev.agentops.ratchet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jspecify.annotations.Nullable;

/**
 * A real repository for tests, written by direct object insertion: commits of flat trees of text
 * files, with their own view of refs and reflogs that does not go through the ratchet.
 */
final class TestRepo implements AutoCloseable {

  private final Repository repository;
  private final Path dir;
  private int counter;

  private TestRepo(Repository repository, Path dir) {
    this.repository = repository;
    this.dir = dir;
  }

  /** Creates a bare repository. */
  static TestRepo bare(Path dir) {
    try {
      Git.init().setBare(true).setDirectory(dir.toFile()).call().close();
      return open(dir);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Opens an existing bare repository. */
  static TestRepo open(Path dir) {
    try {
      return new TestRepo(
          new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build(), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dir() {
    return dir;
  }

  Repository repository() {
    return repository;
  }

  /** Commits a whole tree of files with the given parents. */
  synchronized String commit(Map<String, String> files, String... parents) {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      TreeFormatter tree = new TreeFormatter();
      for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
        ObjectId blob =
            inserter.insert(Constants.OBJ_BLOB, f.getValue().getBytes(StandardCharsets.UTF_8));
        tree.append(f.getKey(), FileMode.REGULAR_FILE, blob);
      }
      ObjectId treeId = inserter.insert(tree);
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(treeId);
      List<ObjectId> ps = new ArrayList<>();
      for (String p : parents) {
        ps.add(ObjectId.fromString(p));
      }
      c.setParentIds(ps);
      PersonIdent who =
          new PersonIdent(
              "Worker",
              "worker@localhost",
              Instant.ofEpochSecond(1_700_000_000L + counter),
              ZoneOffset.UTC);
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage("commit " + (++counter) + "\n");
      ObjectId id = inserter.insert(c);
      inserter.flush();
      return id.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits the parent's files with some changed (a null value deletes the file). */
  String commitOn(@Nullable String parent, Map<String, @Nullable String> changes) {
    Map<String, String> files = parent == null ? new TreeMap<>() : new TreeMap<>(files(parent));
    for (Map.Entry<String, @Nullable String> c : changes.entrySet()) {
      if (c.getValue() == null) {
        files.remove(c.getKey());
      } else {
        files.put(c.getKey(), c.getValue());
      }
    }
    return parent == null ? commit(files) : commit(files, parent);
  }

  /** Commits one new file on a parent. */
  String commitOn(@Nullable String parent, String file, String content) {
    return commitOn(parent, Map.of(file, content));
  }

  /** The files of a commit. */
  Map<String, String> files(String commit) {
    try (RevWalk walk = new RevWalk(repository);
        ObjectReader reader = repository.newObjectReader();
        TreeWalk tw = new TreeWalk(reader)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
      tw.addTree(c.getTree());
      tw.setRecursive(true);
      Map<String, String> files = new TreeMap<>();
      while (tw.next()) {
        files.put(
            tw.getPathString(),
            new String(reader.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parents of a commit. */
  List<String> parents(String commit) {
    try (RevWalk walk = new RevWalk(repository)) {
      List<String> out = new ArrayList<>();
      for (RevCommit p : walk.parseCommit(ObjectId.fromString(commit)).getParents()) {
        out.add(p.name());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where a ref is, or null. */
  @Nullable String tip(String ref) {
    try {
      Ref r = repository.exactRef(ref);
      return r == null ? null : r.getObjectId().name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets a ref by force: only tests do this, to set a scene the ratchet must cope with. */
  void forceRef(String ref, String commit) {
    try {
      RefUpdate u = repository.updateRef(ref);
      u.setNewObjectId(ObjectId.fromString(commit));
      u.disableRefLog();
      RefUpdate.Result r = u.forceUpdate();
      if (r != RefUpdate.Result.NEW
          && r != RefUpdate.Result.FORCED
          && r != RefUpdate.Result.FAST_FORWARD
          && r != RefUpdate.Result.NO_CHANGE) {
        throw new IllegalStateException("could not set " + ref + ": " + r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code ancestor} is {@code commit} or reachable from it, as JGit sees it. */
  boolean isAncestor(String ancestor, String commit) {
    try (RevWalk walk = new RevWalk(repository)) {
      return walk.isMergedInto(
          walk.parseCommit(ObjectId.fromString(ancestor)),
          walk.parseCommit(ObjectId.fromString(commit)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ref's reflog, oldest first. */
  List<ReflogEntry> reflog(String ref) {
    try {
      var reader = repository.getRefDatabase().getReflogReader(ref);
      if (reader == null) {
        return List.of();
      }
      List<ReflogEntry> entries = new ArrayList<>(reader.getReverseEntries());
      java.util.Collections.reverse(entries);
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    repository.close();
  }
}
