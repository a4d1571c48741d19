package dev.agentops.store;

import dev.agentops.hygiene.PathNormalizer;
import dev.agentops.hygiene.RecordHygiene;
import dev.agentops.store.internal.BatchPlan;
import dev.agentops.store.internal.Envelope;
import dev.agentops.store.internal.GitPaths;
import dev.agentops.store.internal.GitSync;
import dev.agentops.store.internal.Packs;
import dev.agentops.store.internal.TreeEditor;
import dev.agentops.store.internal.WriterLocks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Store} kept in a git repository with JGit (Factor II: if it's not in git, it didn't
 * happen).
 *
 * <p>Records live on a dedicated branch, {@code agentops} by default, written by direct object
 * insertion: blobs, trees and commits are written straight into the object database and the branch
 * is moved by compare-and-swap on its expected old id. There is no checkout and no index, so the
 * user's working tree and index are never touched, and the store works in bare repositories too.
 * The branch syncs with ordinary push and fetch.
 *
 * <p>Alternatively, in {@linkplain Builder#workingTree(boolean) working-tree mode}, records are
 * committed under {@code .agentops/} on the branch that is checked out, and the working tree and
 * index are brought in step for those files only.
 *
 * <h2>Layout</h2>
 *
 * <ul>
 *   <li>a record: {@code <collection>/<ab>/<c>/<id>.json} or {@code .md}, where {@code abc} are the
 *       first three hex digits of the SHA-1 of the id, which keeps every tree small and what a
 *       commit rewrites small;
 *   <li>a log: {@code logs/<log>/<writer>/<yyyy-mm>.jsonl}, one shard per writer and month.
 * </ul>
 *
 * <h2>Writers</h2>
 *
 * <p>Inside one JVM, every {@code GitStore} on a repository shares one writer: concurrent callers
 * queue their batches, and whoever holds the writer commits everything queued as one commit (each
 * batch still succeeds or fails on its own). Batches queued through stores with another branch,
 * author or clock go into commits of their own, and every batch passes the hygiene of the store it
 * was written through. Across processes, the branch update is a compare-and-swap on its old id; a
 * writer that loses the race reads the new tip, re-checks its batches against it, and tries again
 * after a short random pause, a bounded number of times. A branch lock file that a writer killed
 * mid-update left behind is removed once it is a few seconds old, so a crash never blocks the
 * writers after it.
 *
 * <p>Commit messages are structured: {@code agentops: <op> <collection>/<id>} for each operation.
 * Author and committer are configurable. Before anything is written, records pass the store's
 * {@link RecordHygiene}: secrets redacted, absolute paths made relative.
 *
 * <p>Thread-safe. Close it to release the repository.
 *
 * <pre>{@code
 * try (GitStore store = GitStore.builder(Path.of(".")).build()) {
 *   WriteResult r = store.write(WriteBatch.builder()
 *       .put(RecordKey.of("work", "bd-7"), RecordFormat.JSON, "{\"title\":\"Fix the build\"}",
 *           Expect.absent())
 *       .build());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class GitStore implements Store {

  private final Repository repository;
  private final String refName;

  /** Where records live in the tree: "" on the store's own branch, ".agentops/" in a checkout. */
  private final String prefix;

  /** The working tree kept in step with the records, in working-tree mode; null otherwise. */
  private final @Nullable Path workTree;

  private final PersonIdent identity;
  private final Clock clock;
  private final RecordHygiene hygiene;
  private final int maxAttempts;
  private final int maxRemoteAttempts;
  private final CommitKey commitKey;
  private final WriterLocks.Writer writer;
  private volatile boolean closed;

  /**
   * How old a branch's lock file must be before a writer takes it for one left by a writer that
   * died between taking the lock and moving the branch. Git and JGit hold it for well under a
   * millisecond.
   */
  static final Duration STALE_LOCK = Duration.ofSeconds(5);

  /**
   * How many files at a record's place (readable or not) a scanned collection must hold for them to
   * be read on several threads: below it, handing the work out costs more than it wins.
   */
  static final int PARALLEL_SCAN = 2_048;

  /** How many files of a scanned collection one thread reads with one object reader. */
  static final int SCAN_CHUNK = 1_024;

  private static final Logger LOG = LoggerFactory.getLogger(GitStore.class);

  /**
   * What batches must share to go into one commit: the branch, the folder, who commits, and the
   * clock.
   */
  private record CommitKey(String refName, String prefix, String name, String email, Clock clock) {}

  /** The folder of the working tree that records are kept in, in working-tree mode. */
  public static final String WORKING_TREE_FOLDER = ".agentops";

  /** How one attempt to commit ended. */
  private enum Attempt {
    /** The branch was moved, or nothing needed committing. */
    DONE,
    /** Another writer moved the branch first. */
    LOST,
    /** The branch did not move, but could not be locked. */
    LOCKED,
    /** In working-tree mode: nothing was done, because the index is locked by another process. */
    INDEX_LOCKED
  }

  private GitStore(Builder b, Repository repository, Path root, String refName) {
    this.repository = repository;
    this.refName = refName;
    this.prefix = b.workingTree ? WORKING_TREE_FOLDER + "/" : "";
    this.workTree = b.workingTree ? root : null;
    this.identity = new PersonIdent(b.authorName, b.authorEmail);
    this.clock = b.clock;
    this.hygiene = b.hygiene != null ? b.hygiene : RecordHygiene.of(PathNormalizer.forRoot(root));
    this.maxAttempts = b.maxAttempts;
    this.maxRemoteAttempts = b.maxRemoteAttempts;
    this.commitKey = new CommitKey(refName, prefix, b.authorName, b.authorEmail, b.clock);
    this.writer = WriterLocks.acquire(repository.getDirectory());
  }

  /**
   * Starts a store on a repository.
   *
   * @param repository a repository's working directory, its {@code .git} directory, or a bare
   *     repository; with {@link Builder#create(boolean)}, a directory to create a bare repository
   *     in
   * @return a builder
   */
  public static Builder builder(Path repository) {
    return new Builder(Objects.requireNonNull(repository, "repository"));
  }

  // --- writing ---

  @Override
  public WriteResult write(WriteBatch batch) {
    Objects.requireNonNull(batch, "batch");
    checkOpen();
    WriterLocks.Pending pending = new WriterLocks.Pending(batch, this);
    writer.queue().add(pending);
    ReentrantLock lock = writer.lock();
    lock.lock();
    try {
      if (!pending.future().isDone()) {
        commitQueued();
      }
    } finally {
      lock.unlock();
    }
    try {
      return pending.future().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(refName, "interrupted while writing", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreException(refName, "write failed: " + cause, cause);
    }
  }

  /**
   * Commits everything queued on the repository's writer. Batches queued through stores with
   * another branch, author or clock are committed apart, each group with its own store's settings.
   */
  private void commitQueued() {
    Map<CommitKey, List<WriterLocks.Pending>> groups = new LinkedHashMap<>();
    List<WriterLocks.Pending> drained = new ArrayList<>();
    WriterLocks.Pending p;
    while ((p = writer.queue().poll()) != null) {
      drained.add(p);
      groups.computeIfAbsent(owner(p).commitKey, k -> new ArrayList<>()).add(p);
    }
    try {
      for (List<WriterLocks.Pending> group : groups.values()) {
        owner(group.get(0)).commitGroup(group);
      }
    } finally {
      // Whatever went wrong, no caller may be left waiting for a result.
      for (WriterLocks.Pending d : drained) {
        d.future()
            .completeExceptionally(
                new StoreException(refName, "the write was abandoned by a failed writer", null));
      }
    }
  }

  private static GitStore owner(WriterLocks.Pending p) {
    return (GitStore) p.owner();
  }

  /**
   * Commits a group of batches. A lost race for the branch is retried on the new tip, after a short
   * random pause, up to {@code maxAttempts} times. A branch that is locked without moving is waited
   * for; a lock older than {@link #STALE_LOCK} is taken for one left by a writer that died and is
   * removed.
   */
  private void commitGroup(List<WriterLocks.Pending> group) {
    try {
      int lost = 0;
      int waits = 0;
      long waitingSince = System.nanoTime();
      while (true) {
        Attempt attempt = tryCommit(group);
        if (attempt == Attempt.DONE) {
          compactPacks();
          return;
        }
        if (attempt == Attempt.LOST) {
          if (++lost >= maxAttempts) {
            fail(
                group,
                new StoreException(
                    refName,
                    "the branch kept moving under this writer: gave up after "
                        + maxAttempts
                        + " attempts",
                    null));
            return;
          }
          waits = 0;
          waitingSince = System.nanoTime();
          pause(lost);
        } else if (attempt == Attempt.INDEX_LOCKED) {
          if (System.nanoTime() - waitingSince > 2 * STALE_LOCK.toNanos()) {
            fail(
                group,
                new StoreException(
                    refName,
                    "could not lock the index: another git process holds it, or one died and"
                        + " left its index.lock behind",
                    null));
            return;
          }
          pause(++waits);
        } else if (!clearStaleLock()) {
          if (System.nanoTime() - waitingSince > 2 * STALE_LOCK.toNanos()) {
            fail(
                group,
                new StoreException(
                    refName,
                    "could not lock "
                        + refName
                        + ": its lock file stayed, or the name clashes with another ref",
                    null));
            return;
          }
          pause(++waits);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(group, new StoreException(refName, "interrupted while writing", e));
    } catch (IOException e) {
      StoreException failure =
          new StoreException(
              repository.getDirectory().getName(), "could not write to the repository: " + e, e);
      group.forEach(p -> p.future().completeExceptionally(failure));
    } catch (RuntimeException e) {
      group.forEach(p -> p.future().completeExceptionally(e));
    }
  }

  /** Merges small packs once there are many; a failure here loses nothing and is only logged. */
  private void compactPacks() {
    try {
      int merged = Packs.compact(repository);
      if (merged > 0) {
        LOG.debug("merged {} packs of {}", merged, repository.getDirectory().getName());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not merge the packs of {}: {}", repository.getDirectory().getName(), e);
    }
  }

  private static void fail(List<WriterLocks.Pending> group, StoreException e) {
    group.forEach(p -> p.future().completeExceptionally(e));
  }

  /** Waits a random 1 to 2^n milliseconds, at most 64, so that contending writers spread out. */
  private static void pause(int n) throws InterruptedException {
    Thread.sleep(1 + ThreadLocalRandom.current().nextLong(1L << Math.min(n, 6)));
  }

  /**
   * Removes the branch's lock file if it is older than {@link #STALE_LOCK}: a writer killed between
   * taking the lock and moving the branch leaves it behind, and git would refuse every later
   * update.
   *
   * @return whether it was removed
   */
  private boolean clearStaleLock() throws IOException {
    Path lock = repository.getCommonDirectory().toPath().resolve(refName + ".lock");
    long modified;
    try {
      modified = Files.getLastModifiedTime(lock).toMillis();
    } catch (NoSuchFileException e) {
      return false;
    }
    long age = System.currentTimeMillis() - modified;
    if (age < STALE_LOCK.toMillis()) {
      return false;
    }
    if (Files.deleteIfExists(lock)) {
      LOG.warn(
          "removed the lock file of {}, left {} s ago by a writer that did not finish",
          refName,
          age / 1000);
    }
    return true;
  }

  /** One attempt: plan every batch on the current tip, commit, move the branch by CAS. */
  private Attempt tryCommit(List<WriterLocks.Pending> group) throws IOException {
    Ref ref = repository.exactRef(refName);
    ObjectId tip = ref == null ? null : ref.getObjectId();
    try (ObjectReader reader = repository.newObjectReader();
        ObjectInserter inserter = Packs.inserter(repository);
        RevWalk walk = new RevWalk(reader)) {
      checkBranchIsCheckedOut();
      Prepared prepared = prepare(group, tip, reader, inserter, walk);
      String commitId = tip == null ? null : tip.getName();
      if (prepared.commit() != null) {
        // In working-tree mode the index is locked before the branch moves: a git commit started
        // in between would otherwise take the old records from the index and undo the new ones.
        DirCache index = workTree == null ? null : lockIndex();
        if (workTree != null && index == null) {
          return Attempt.INDEX_LOCKED;
        }
        try {
          Attempt moved = moveBranch(tip, prepared.commit(), walk);
          if (moved != Attempt.DONE) {
            return moved;
          }
          commitId = prepared.commit().getName();
          if (index != null) {
            checkOut(prepared.paths(), reader, index);
          }
        } finally {
          if (index != null) {
            index.unlock();
          }
        }
      }
      complete(prepared.outcomes(), commitId);
      return Attempt.DONE;
    }
  }

  /**
   * Returns the tree records are in: a commit's tree itself, or in working-tree mode its {@code
   * .agentops} folder (null when there is none yet).
   */
  private @Nullable ObjectId storeTree(ObjectReader reader, @Nullable ObjectId tree)
      throws IOException {
    if (tree == null || prefix.isEmpty()) {
      return tree;
    }
    try (TreeWalk walk = TreeWalk.forPath(reader, WORKING_TREE_FOLDER, tree)) {
      return walk != null && walk.getFileMode(0) == FileMode.TREE ? walk.getObjectId(0) : null;
    }
  }

  /**
   * In working-tree mode, refuses to write once the checkout has moved to another branch: the
   * records would land on a branch the working tree does not show.
   */
  private void checkBranchIsCheckedOut() throws IOException {
    if (workTree == null) {
      return;
    }
    if (!refName.equals(repository.getFullBranch())) {
      throw new StoreException(
          refName,
          "the working tree no longer has "
              + refName
              + " checked out; records are written under "
              + WORKING_TREE_FOLDER
              + "/ only while the store's branch is checked out",
          null);
    }
  }

  /** Locks and reads the index, or returns null if another process holds its lock. */
  private @Nullable DirCache lockIndex() throws IOException {
    try {
      return repository.lockDirCache();
    } catch (LockFailedException e) {
      return null;
    }
  }

  /**
   * Brings the working tree and the index in step with a commit just made, for the paths it changed
   * and no others: the user's other files, staged or not, are left as they were.
   */
  private void checkOut(Map<String, @Nullable ObjectId> paths, ObjectReader reader, DirCache index)
      throws IOException {
    Path root = Objects.requireNonNull(workTree);
    DirCacheEditor editor = index.editor();
    for (Map.Entry<String, @Nullable ObjectId> e : paths.entrySet()) {
      Path file = root.resolve(e.getKey());
      ObjectId blob = e.getValue();
      if (blob == null) {
        if (Files.deleteIfExists(file)) {
          deleteEmptyFolders(file.getParent(), root.resolve(WORKING_TREE_FOLDER));
        }
        editor.add(new DirCacheEditor.DeletePath(e.getKey()));
        continue;
      }
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".agentops-tmp");
      try (InputStream in = reader.open(blob, Constants.OBJ_BLOB).openStream()) {
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      long length = Files.size(file);
      Instant modified = Files.getLastModifiedTime(file).toInstant();
      editor.add(
          new DirCacheEditor.PathEdit(e.getKey()) {
            @Override
            public void apply(DirCacheEntry entry) {
              entry.setFileMode(FileMode.REGULAR_FILE);
              entry.setObjectId(blob);
              entry.setLength(length);
              entry.setLastModified(modified);
            }
          });
    }
    editor.commit();
  }

  /** Removes a folder left empty by a deleted record, and its empty parents up to {@code stop}. */
  private static void deleteEmptyFolders(Path folder, Path stop) throws IOException {
    for (Path f = folder; f != null && f.startsWith(stop) && !f.equals(stop); f = f.getParent()) {
      try (var entries = Files.list(f)) {
        if (entries.findAny().isPresent()) {
          return;
        }
      }
      Files.delete(f);
    }
  }

  /** Batches planned on a tip, and the commit holding the ones that apply (null: no change). */
  private record Prepared(
      @Nullable ObjectId commit,
      Map<WriterLocks.Pending, Object> outcomes,
      Map<String, @Nullable ObjectId> paths) {}

  /** Plans every batch on a tip and writes a commit holding those that apply; no ref moves. */
  private Prepared prepare(
      List<WriterLocks.Pending> group,
      @Nullable ObjectId tip,
      ObjectReader reader,
      ObjectInserter inserter,
      RevWalk walk)
      throws IOException {
    ObjectId baseTree = tip == null ? null : walk.parseCommit(tip).getTree().getId();
    TreeView base = new TreeView(reader, storeTree(reader, baseTree));
    Map<RecordKey, @Nullable StoredRecord> overlay = new HashMap<>();
    Map<String, @Nullable ObjectId> paths = new LinkedHashMap<>();
    Map<String, ByteArrayOutputStream> logShards = new LinkedHashMap<>();
    Map<WriterLocks.Pending, Object> outcomes = new LinkedHashMap<>();
    List<String> summary = new ArrayList<>();
    YearMonth month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
    for (WriterLocks.Pending p : group) {
      Object planned;
      try {
        planned =
            BatchPlan.plan(
                p.batch(),
                key -> {
                  if (overlay.containsKey(key)) {
                    StoredRecord r = overlay.get(key);
                    return r == null ? 0 : r.revision();
                  }
                  try {
                    return base.read(key).map(StoredRecord::revision).orElse(0L);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                },
                owner(p).hygiene,
                month);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      } catch (IllegalArgumentException | StoreException e) {
        // This batch is malformed or touches an unreadable record; the others go ahead.
        outcomes.put(p, e);
        continue;
      }
      outcomes.put(p, planned);
      if (planned instanceof BatchPlan plan) {
        for (BatchPlan.RecordChange c : plan.changes()) {
          for (RecordFormat f : RecordFormat.values()) {
            paths.put(prefix + GitPaths.record(c.key(), f), null);
          }
          if (c.after() != null) {
            byte[] bytes = c.after().content().getBytes(StandardCharsets.UTF_8);
            paths.put(
                prefix + GitPaths.record(c.key(), c.after().format()),
                inserter.insert(Constants.OBJ_BLOB, bytes));
          }
          overlay.put(c.key(), c.after());
        }
        for (BatchPlan.LogAppend a : plan.appends()) {
          String relative = GitPaths.log(a.log(), a.writer(), a.month());
          String path = prefix + relative;
          ByteArrayOutputStream shard = logShards.get(path);
          if (shard == null) {
            // Appended to as bytes: a line already there that is not valid UTF-8 stays as it was.
            shard = new ByteArrayOutputStream();
            shard.writeBytes(base.bytes(relative));
            logShards.put(path, shard);
          }
          for (String line : a.lines()) {
            shard.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            shard.write('\n');
          }
        }
        summary.addAll(plan.summary());
      }
    }
    for (Map.Entry<String, ByteArrayOutputStream> shard : logShards.entrySet()) {
      paths.put(
          shard.getKey(), inserter.insert(Constants.OBJ_BLOB, shard.getValue().toByteArray()));
    }
    if (paths.isEmpty()) {
      return new Prepared(null, outcomes, paths);
    }
    ObjectId tree = TreeEditor.apply(reader, inserter, baseTree, paths);
    if (tree.equals(baseTree)) {
      return new Prepared(null, outcomes, paths);
    }
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    if (tip != null) {
      commit.setParentId(tip);
    }
    PersonIdent who = now();
    commit.setAuthor(who);
    commit.setCommitter(who);
    commit.setMessage(message(summary));
    ObjectId id = inserter.insert(commit);
    inserter.flush();
    return new Prepared(id, outcomes, paths);
  }

  /**
   * Moves the branch from {@code from} to {@code to}: {@link Attempt#LOST} if it was not at {@code
   * from}, {@link Attempt#LOCKED} if it was but could not be locked.
   */
  private Attempt moveBranch(@Nullable ObjectId from, ObjectId to, RevWalk walk)
      throws IOException {
    RefUpdate update = repository.updateRef(refName);
    update.setExpectedOldObjectId(from == null ? ObjectId.zeroId() : from);
    update.setNewObjectId(to);
    update.setRefLogMessage("agentops: commit", false);
    update.setRefLogIdent(now());
    RefUpdate.Result result = update.update(walk);
    switch (result) {
      case NEW:
      case FAST_FORWARD:
      case NO_CHANGE:
        return Attempt.DONE;
      case LOCK_FAILURE:
        Ref now = repository.exactRef(refName);
        ObjectId nowId = now == null ? null : now.getObjectId();
        return Objects.equals(nowId, from) ? Attempt.LOCKED : Attempt.LOST;
      case REJECTED:
      case REJECTED_MISSING_OBJECT:
        return Attempt.LOST;
      default:
        throw new IOException("updating " + refName + " failed: " + result);
    }
  }

  private static void complete(
      Map<WriterLocks.Pending, Object> outcomes, @Nullable String commitId) {
    for (Map.Entry<WriterLocks.Pending, Object> o : outcomes.entrySet()) {
      CompletableFuture<WriteResult> future = o.getKey().future();
      if (o.getValue() instanceof BatchPlan plan) {
        future.complete(
            new WriteResult.Committed(
                commitId == null ? ObjectId.zeroId().getName() : commitId,
                plan.revisions(),
                plan.hygiene()));
      } else if (o.getValue() instanceof WriteResult.Conflict conflict) {
        future.complete(conflict);
      } else {
        future.completeExceptionally((Throwable) o.getValue());
      }
    }
  }

  private PersonIdent now() {
    return new PersonIdent(identity, clock.instant(), ZoneOffset.UTC);
  }

  // --- sharing through a remote ---

  /**
   * Brings this store and a remote's copy of the branch together: fetch, then fast-forward, push,
   * or merge and push. The merge goes record by record: a record changed on one side takes that
   * side's version; a record changed differently on both sides keeps the higher revision (ties are
   * broken the same way on every machine) and the other version is saved in the {@code conflicts}
   * collection, never dropped; a log changed on both sides keeps both sides' lines. The push is a
   * compare-and-swap on the remote's branch; if someone pushed in between, the round starts again
   * after a random pause that grows with each attempt (up to a second), a bounded number of times
   * ({@link Builder#maxRemoteAttempts(int)}).
   *
   * @param remote a remote's name in the repository's configuration, or a URL ({@code git://},
   *     {@code https://}, {@code file://}, or a path)
   * @return what was done
   * @throws StoreException if the remote cannot be reached, or kept moving
   * @throws IllegalStateException in working-tree mode
   */
  public SyncResult sync(String remote) {
    Objects.requireNonNull(remote, "remote");
    checkOpen();
    checkOwnBranch("sync");
    String tracking = GitSync.trackingRef(remote, refName.substring(Constants.R_HEADS.length()));
    try {
      for (int attempt = 1; attempt <= maxRemoteAttempts; attempt++) {
        ObjectId remoteTip = GitSync.fetch(repository, remote, refName, tracking);
        Round round = syncRound(remote, remoteTip);
        if (round.pushTo() == null
            || GitSync.push(repository, remote, refName, round.pushTo(), remoteTip)) {
          return new SyncResult(round.outcome(), head(), round.conflicts(), attempt);
        }
        backOff(attempt, remote);
      }
    } catch (IOException e) {
      throw new StoreException(remote, "could not sync with the remote: " + e.getMessage(), e);
    }
    throw new StoreException(
        remote,
        "the remote kept moving: gave up syncing after " + maxRemoteAttempts + " attempts",
        null);
  }

  /**
   * Waits before trying a remote again after losing a push race: a random time up to 25 ms doubled
   * per attempt, at most a second, so that writers contending for one remote spread out instead of
   * colliding again and again.
   */
  private static void backOff(int attempt, String remote) {
    long bound = Math.min(1000L, 25L << Math.min(attempt, 6));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(remote, "interrupted while waiting to try the remote again", e);
    }
  }

  /** One sync round, under the writer lock: what to push, and what was done locally. */
  private record Round(
      SyncResult.Outcome outcome,
      @Nullable ObjectId pushTo,
      List<SyncResult.SyncConflict> conflicts) {}

  private Round syncRound(String remote, @Nullable ObjectId remoteTip) throws IOException {
    ReentrantLock lock = writer.lock();
    lock.lock();
    try (ObjectReader reader = repository.newObjectReader();
        ObjectInserter inserter = Packs.inserter(repository);
        RevWalk walk = new RevWalk(reader)) {
      Ref ref = repository.exactRef(refName);
      ObjectId local = ref == null ? null : ref.getObjectId();
      if (remoteTip == null) {
        return new Round(
            local == null ? SyncResult.Outcome.UP_TO_DATE : SyncResult.Outcome.PUSHED,
            local,
            List.of());
      }
      if (local == null || GitSync.isAncestor(walk, local, remoteTip)) {
        if (!remoteTip.equals(local) && moveBranch(local, remoteTip, walk) != Attempt.DONE) {
          throw new IOException(refName + " moved during the sync");
        }
        return new Round(
            remoteTip.equals(local)
                ? SyncResult.Outcome.UP_TO_DATE
                : SyncResult.Outcome.FAST_FORWARDED,
            null,
            List.of());
      }
      if (GitSync.isAncestor(walk, remoteTip, local)) {
        return new Round(SyncResult.Outcome.PUSHED, local, List.of());
      }
      GitSync.Merged merged =
          GitSync.merge(
              reader, inserter, walk, local, remoteTip, identity, clock.instant(), remote);
      walk.reset();
      if (moveBranch(local, merged.commit(), walk) != Attempt.DONE) {
        throw new IOException(refName + " moved during the sync");
      }
      return new Round(SyncResult.Outcome.MERGED, merged.commit(), merged.conflicts());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes a batch through a remote: syncs, checks the batch's expectations against the synced
   * state, commits, and pushes by compare-and-swap on the remote's branch; if the remote moved in
   * between, everything is done again after a random pause, as for {@link #sync(String)}. Of
   * several machines writing the same record through the same remote, exactly one succeeds per
   * revision: this is how claims stay atomic across machines.
   *
   * @param remote a remote's name or URL, as for {@link #sync(String)}
   * @param batch the writes
   * @return committed (and pushed), or a conflict against the remote's state
   * @throws StoreException if the remote cannot be reached or kept moving
   * @throws IllegalStateException in working-tree mode
   */
  public WriteResult writeThrough(String remote, WriteBatch batch) {
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(batch, "batch");
    checkOpen();
    checkOwnBranch("writeThrough");
    try {
      for (int attempt = 1; attempt <= maxRemoteAttempts; attempt++) {
        sync(remote);
        Ref synced = repository.exactRef(refName);
        ObjectId remoteTip = synced == null ? null : synced.getObjectId();
        ReentrantLock lock = writer.lock();
        lock.lock();
        try (ObjectReader reader = repository.newObjectReader();
            ObjectInserter inserter = Packs.inserter(repository);
            RevWalk walk = new RevWalk(reader)) {
          Ref ref = repository.exactRef(refName);
          ObjectId local = ref == null ? null : ref.getObjectId();
          WriterLocks.Pending pending = new WriterLocks.Pending(batch, this);
          Prepared prepared = prepare(List.of(pending), local, reader, inserter, walk);
          Object outcome = prepared.outcomes().get(pending);
          if (!(outcome instanceof BatchPlan) || prepared.commit() == null) {
            complete(prepared.outcomes(), local == null ? null : local.getName());
            return join(pending);
          }
          if (GitSync.push(repository, remote, refName, prepared.commit(), remoteTip)) {
            moveBranch(local, prepared.commit(), walk);
            complete(prepared.outcomes(), prepared.commit().getName());
            return join(pending);
          }
        } finally {
          lock.unlock();
        }
        backOff(attempt, remote);
      }
    } catch (IOException e) {
      throw new StoreException(remote, "could not write through the remote: " + e.getMessage(), e);
    }
    throw new StoreException(
        remote, "the remote kept moving: gave up after " + maxRemoteAttempts + " attempts", null);
  }

  /**
   * Returns a writer that writes every batch {@link #writeThrough(String, WriteBatch) through} a
   * remote.
   *
   * @param remote a remote's name or URL
   * @return the writer
   * @throws IllegalStateException in working-tree mode
   */
  public BatchWriter through(String remote) {
    Objects.requireNonNull(remote, "remote");
    checkOwnBranch("through");
    return batch -> writeThrough(remote, batch);
  }

  private static WriteResult join(WriterLocks.Pending pending) {
    try {
      return pending.future().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("write", "interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreException("write", "write failed: " + e.getCause(), e.getCause());
    }
  }

  private static String message(List<String> summary) {
    if (summary.size() == 1) {
      return "agentops: " + summary.get(0) + "\n";
    }
    StringBuilder sb = new StringBuilder("agentops: ");
    sb.append(summary.size()).append(" operations\n\n");
    summary.forEach(s -> sb.append("agentops: ").append(s).append('\n'));
    return sb.toString();
  }

  // --- reading ---

  @Override
  public Optional<StoredRecord> read(RecordKey key) {
    return withTip(view -> view.read(key));
  }

  @Override
  public List<String> ids(String collection) {
    return withTip(view -> view.ids(collection));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The tree is walked on the caller's thread. A collection of 2,048 records or more has its
   * records read and decoded by a parallel stream: on the caller's thread and those of the common
   * {@link java.util.concurrent.ForkJoinPool} (or of the pool the caller runs in, if it is a pool's
   * worker). The result is the same as a scan on one thread.
   */
  @Override
  public ScanResult scan(String collection) {
    return withTip(view -> view.scan(collection));
  }

  /**
   * Scans as {@link #scan(String)} does, with another threshold for reading on several threads and
   * another number of files for each, so tests can take either path on any collection.
   */
  ScanResult scan(String collection, int parallelFrom, int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be >= 1, but was " + chunk);
    }
    return withTip(view -> view.scan(collection, parallelFrom, chunk));
  }

  @Override
  public List<String> collections() {
    return withTip(TreeView::collections);
  }

  @Override
  public LogScan scanLog(String log) {
    return withTip(view -> view.scanLog(log));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The id of the collection's folder in the store's tree, looked up without reading a record;
   * the zero id when the collection has no records.
   */
  @Override
  public Optional<String> contentId(String collection) {
    return withTip(view -> view.contentId(collection));
  }

  @Override
  public Optional<Set<String>> changedIds(String collection, String since) {
    Objects.requireNonNull(since, "since");
    return withTip(view -> view.changedIds(collection, since));
  }

  @Override
  public List<RecordVersion> history(RecordKey key) {
    Objects.requireNonNull(key, "key");
    checkOpen();
    List<RecordVersion> versions = new ArrayList<>();
    try (ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      Ref ref = repository.exactRef(refName);
      if (ref == null) {
        return versions;
      }
      walk.markStart(walk.parseCommit(ref.getObjectId()));
      List<String> paths = new ArrayList<>();
      for (RecordFormat f : RecordFormat.values()) {
        paths.add(prefix + GitPaths.record(key, f));
      }
      walk.setTreeFilter(
          AndTreeFilter.create(PathFilterGroup.createFromStrings(paths), TreeFilter.ANY_DIFF));
      for (RevCommit c : walk) {
        TreeView view = new TreeView(reader, storeTree(reader, c.getTree().getId()));
        versions.add(
            new RecordVersion(
                c.getName(), Instant.ofEpochSecond(c.getCommitTime()), view.read(key)));
      }
      return versions;
    } catch (IOException e) {
      throw new StoreException(key.toString(), "could not read the history of " + key, e);
    }
  }

  @Override
  public ReadableStore at(String commitId) {
    Objects.requireNonNull(commitId, "commitId");
    checkOpen();
    ObjectId id;
    try {
      id = repository.resolve(commitId + "^{commit}");
    } catch (IOException | RuntimeException e) {
      id = null;
    }
    if (id == null) {
      throw new IllegalArgumentException("commit '" + commitId + "' is not in this repository");
    }
    ObjectId commit = id;
    return new ReadableStore() {
      @Override
      public Optional<StoredRecord> read(RecordKey key) {
        return withCommit(commit, view -> view.read(key));
      }

      @Override
      public List<String> ids(String collection) {
        return withCommit(commit, view -> view.ids(collection));
      }

      @Override
      public ScanResult scan(String collection) {
        return withCommit(commit, view -> view.scan(collection));
      }

      @Override
      public List<String> collections() {
        return withCommit(commit, TreeView::collections);
      }

      @Override
      public LogScan scanLog(String log) {
        return withCommit(commit, view -> view.scanLog(log));
      }

      @Override
      public Optional<String> contentId(String collection) {
        return withCommit(commit, view -> view.contentId(collection));
      }

      @Override
      public Optional<Set<String>> changedIds(String collection, String since) {
        Objects.requireNonNull(since, "since");
        return withCommit(commit, view -> view.changedIds(collection, since));
      }
    };
  }

  @Override
  public Optional<String> head() {
    checkOpen();
    try {
      Ref ref = repository.exactRef(refName);
      return ref == null ? Optional.empty() : Optional.of(ref.getObjectId().getName());
    } catch (IOException e) {
      throw new StoreException(refName, "could not read " + refName, e);
    }
  }

  /**
   * Returns the branch records are kept on.
   *
   * @return the full ref name, such as {@code refs/heads/agentops}
   */
  public String refName() {
    return refName;
  }

  /**
   * Repacks the repository, as {@code git gc} does: one pack, with deltas. Writes already go into
   * one pack per commit and small packs are merged as they pile up, so this is only needed to win
   * back space, or after other tools wrote loose objects.
   *
   * @throws StoreException if packing fails
   */
  public void pack() {
    checkOpen();
    try (Git git = Git.wrap(repository)) {
      git.gc().setAggressive(false).call();
    } catch (GitAPIException e) {
      throw new StoreException(repository.getDirectory().getName(), "could not pack: " + e, e);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      WriterLocks.release(writer);
      repository.close();
    }
  }

  @Override
  public String toString() {
    return "GitStore[" + repository.getDirectory().getName() + ", " + refName + "]";
  }

  private void checkOwnBranch(String operation) {
    if (workTree != null) {
      throw new IllegalStateException(
          operation
              + " is for a store on a branch of its own; in working-tree mode the records travel"
              + " with "
              + refName
              + ": push and pull it as usual");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this GitStore is closed");
    }
  }

  private interface ViewCall<T> {
    T apply(TreeView view) throws IOException;
  }

  private <T> T withTip(ViewCall<T> call) {
    checkOpen();
    try {
      Ref ref = repository.exactRef(refName);
      return withCommit(ref == null ? null : ref.getObjectId(), call);
    } catch (IOException e) {
      throw new StoreException(refName, "could not read " + refName, e);
    }
  }

  private <T> T withCommit(@Nullable ObjectId commit, ViewCall<T> call) {
    checkOpen();
    try (ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      ObjectId tree = commit == null ? null : walk.parseCommit(commit).getTree().getId();
      return call.apply(new TreeView(reader, storeTree(reader, tree)));
    } catch (IOException e) {
      throw new StoreException(
          commit == null ? refName : commit.getName(), "could not read the store: " + e, e);
    }
  }

  /** Reads records and logs from one tree. */
  private static final class TreeView {
    private final ObjectReader reader;
    private final @Nullable ObjectId tree;
    private final Map<String, @Nullable Map<String, Entry>> folders = new HashMap<>();

    TreeView(ObjectReader reader, @Nullable ObjectId tree) {
      this.reader = reader;
      this.tree = tree;
    }

    Optional<StoredRecord> read(RecordKey key) throws IOException {
      Objects.requireNonNull(key, "key");
      for (RecordFormat f : RecordFormat.values()) {
        String path = GitPaths.record(key, f);
        ObjectId blob = blob(path);
        if (blob != null) {
          try {
            return Optional.of(decode(key, f, reader.open(blob)));
          } catch (Envelope.Unreadable e) {
            throw new StoreException(key.toString(), "record " + key + " " + e.getMessage(), null);
          }
        }
      }
      return Optional.empty();
    }

    byte[] bytes(String path) throws IOException {
      ObjectId blob = blob(path);
      return blob == null ? new byte[0] : reader.open(blob).getBytes(Integer.MAX_VALUE);
    }

    @Nullable ObjectId blob(String path) throws IOException {
      int slash = path.lastIndexOf('/');
      Map<String, Entry> folder = folder(slash < 0 ? "" : path.substring(0, slash));
      Entry entry = folder == null ? null : folder.get(path.substring(slash + 1));
      return entry == null || entry.tree() ? null : entry.id();
    }

    /**
     * Lists a folder of the tree, or returns null if there is none. Listings are kept for the life
     * of the view: a batch of 500 records looks up each of them in the same few hundred folders.
     */
    private @Nullable Map<String, Entry> folder(String path) throws IOException {
      if (folders.containsKey(path)) {
        return folders.get(path);
      }
      ObjectId id;
      if (path.isEmpty()) {
        id = tree;
      } else {
        int slash = path.lastIndexOf('/');
        Map<String, Entry> parent = folder(slash < 0 ? "" : path.substring(0, slash));
        Entry entry = parent == null ? null : parent.get(path.substring(slash + 1));
        id = entry != null && entry.tree() ? entry.id() : null;
      }
      Map<String, Entry> listing = null;
      if (id != null) {
        listing = new HashMap<>();
        CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, id);
        while (!parser.eof()) {
          listing.put(
              parser.getEntryPathString(),
              new Entry(parser.getEntryObjectId(), parser.getEntryFileMode() == FileMode.TREE));
          parser.next();
        }
      }
      folders.put(path, listing);
      return listing;
    }

    private record Entry(ObjectId id, boolean tree) {}

    Optional<String> contentId(String collection) throws IOException {
      RecordKey.checkCollection(collection);
      Map<String, Entry> root = folder("");
      Entry entry = root == null ? null : root.get(collection);
      return Optional.of(
          entry != null && entry.tree() ? entry.id().name() : ObjectId.zeroId().name());
    }

    /**
     * Diffs the collection's tree with an earlier one, walking only the folders that differ. An id
     * that is not a tree this repository holds gives empty.
     */
    Optional<Set<String>> changedIds(String collection, String since) throws IOException {
      RecordKey.checkCollection(collection);
      ObjectId before;
      try {
        before = ObjectId.fromString(since);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      Map<String, Entry> root = folder("");
      Entry entry = root == null ? null : root.get(collection);
      ObjectId now = entry != null && entry.tree() ? entry.id() : ObjectId.zeroId();
      Set<String> changed = new TreeSet<>();
      if (now.equals(before)) {
        return Optional.of(changed);
      }
      try (TreeWalk walk = new TreeWalk(reader)) {
        walk.addTree(treeOrEmpty(before));
        walk.addTree(treeOrEmpty(now));
        walk.setRecursive(true);
        walk.setFilter(TreeFilter.ANY_DIFF);
        while (walk.next()) {
          String path = collection + "/" + walk.getPathString();
          String id = idOf(path);
          RecordFormat format = formatOf(path);
          // only records at their place, as ids() and scan() list them
          if (id != null
              && format != null
              && path.equals(GitPaths.record(RecordKey.of(collection, id), format))) {
            changed.add(id);
          }
        }
      } catch (MissingObjectException | IncorrectObjectTypeException e) {
        return Optional.empty();
      }
      return Optional.of(changed);
    }

    private AbstractTreeIterator treeOrEmpty(ObjectId tree) throws IOException {
      return tree.equals(ObjectId.zeroId())
          ? new EmptyTreeIterator()
          : new CanonicalTreeParser(null, reader, tree);
    }

    List<String> ids(String collection) throws IOException {
      RecordKey.checkCollection(collection);
      TreeSet<String> ids = new TreeSet<>();
      walk(
          collection,
          (path, blob) -> {
            String id = idOf(path);
            RecordFormat format = formatOf(path);
            if (id != null
                && format != null
                && path.equals(GitPaths.record(RecordKey.of(collection, id), format))) {
              ids.add(id);
            }
          });
      return List.copyOf(ids);
    }

    ScanResult scan(String collection) throws IOException {
      return scan(collection, PARALLEL_SCAN, SCAN_CHUNK);
    }

    /**
     * Scans a collection: walks its tree and checks each path on this thread, then reads the
     * records' blobs, on several threads when there are at least {@code parallelFrom} of them.
     * Whatever the threads, the result is the sequential one: quarantined files and the first of
     * two records with one id are taken in the walk's order.
     */
    ScanResult scan(String collection, int parallelFrom, int chunk) throws IOException {
      RecordKey.checkCollection(collection);
      // In walk order: a Quarantined for a bad path, a Blob for a record to read.
      List<Object> found = new ArrayList<>();
      int[] blobs = {0};
      walk(
          collection,
          (path, blob) -> {
            RecordFormat format = formatOf(path);
            String id = idOf(path);
            int depth = path.split("/").length - 2;
            if (depth != GitPaths.RECORD_DEPTH) {
              found.add(
                  new Quarantined(
                      path,
                      "is not at the depth of a record: <collection>/<ab>/<c>/<id>.<ext>"
                          + (depth == 1 ? " (one folder deep, as earlier versions wrote)" : "")));
              return;
            }
            if (format == null) {
              found.add(new Quarantined(path, "is not named <id>.json or <id>.md"));
              return;
            }
            if (id == null) {
              found.add(new Quarantined(path, "is not named by a valid id"));
              return;
            }
            RecordKey key = RecordKey.of(collection, id);
            if (!path.equals(GitPaths.record(key, format))) {
              found.add(new Quarantined(path, "is not in the shard its id belongs to"));
              return;
            }
            found.add(new Blob(path, key, format, blob));
            blobs[0]++;
          });
      Object[] read = found.toArray();
      if (blobs[0] < parallelFrom) {
        readBlobs(reader, read, 0, read.length);
      } else {
        int chunks = (read.length + chunk - 1) / chunk;
        IntStream.range(0, chunks)
            .parallel()
            .forEach(c -> {
              // JGit's readers are not thread-safe: one of its own for each chunk
              try (ObjectReader own = reader.newReader()) {
                readBlobs(own, read, c * chunk, Math.min(read.length, (c + 1) * chunk));
              }
            });
      }
      TreeMap<String, StoredRecord> records = new TreeMap<>();
      List<Quarantined> quarantined = new ArrayList<>();
      for (int i = 0; i < read.length; i++) {
        Object o = read[i];
        if (o instanceof StoredRecord r) {
          if (records.putIfAbsent(r.key().id(), r) != null) {
            quarantined.add(
                new Quarantined(
                    ((Blob) found.get(i)).path(),
                    "has the same id as another record in another format"));
          }
        } else if (o instanceof Quarantined q) {
          quarantined.add(q);
        } else if (o instanceof IOException e) {
          throw e;
        } else if (o instanceof RuntimeException e) {
          throw e;
        } else {
          throw new AssertionError("blob " + i + " of " + read.length + " was not read: " + o);
        }
      }
      return new ScanResult(List.copyOf(records.values()), quarantined);
    }

    /** A record's blob found by a scan's walk, still to be read. */
    private record Blob(String path, RecordKey key, RecordFormat format, ObjectId id) {}

    /**
     * Replaces each {@link Blob} in {@code slots[from, to)} with its record, or with why it was
     * quarantined; an exception that is not about one record is put in its place and ends the
     * range, to be thrown in walk order.
     */
    private static void readBlobs(ObjectReader reader, Object[] slots, int from, int to) {
      for (int i = from; i < to; i++) {
        if (slots[i] instanceof Blob b) {
          slots[i] = readBlob(reader, b);
          if (slots[i] instanceof Exception) {
            return;
          }
        }
      }
    }

    private static Object readBlob(ObjectReader reader, Blob b) {
      try {
        ObjectLoader loader = reader.open(b.id());
        if (loader.getSize() > Envelope.MAX_RECORD_BYTES) {
          return new Quarantined(
              b.path(),
              "is " + loader.getSize() + " bytes, over the limit of " + Envelope.MAX_RECORD_BYTES);
        }
        return decode(b.key(), b.format(), loader);
      } catch (Envelope.Unreadable e) {
        return new Quarantined(b.path(), e.getMessage());
      } catch (MissingObjectException e) {
        return new Quarantined(b.path(), "is missing from the object database");
      } catch (IOException | RuntimeException e) {
        return e;
      }
    }

    List<String> collections() throws IOException {
      TreeSet<String> names = new TreeSet<>();
      if (tree != null) {
        try (TreeWalk walk = new TreeWalk(reader)) {
          walk.addTree(tree);
          walk.setRecursive(false);
          while (walk.next()) {
            String name = walk.getPathString();
            if (walk.isSubtree() && isCollection(name)) {
              names.add(name);
            }
          }
        }
      }
      return List.copyOf(names);
    }

    private static boolean isValidId(String id) {
      try {
        RecordKey.checkId(id);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    LogScan scanLog(String log) throws IOException {
      WriteBatch.checkLog(log);
      TreeMap<String, ObjectId> shards = new TreeMap<>(GitPaths.LOG_SHARDS);
      walk(RecordKey.LOGS + "/" + log, (path, blob) -> shards.put(path, blob));
      List<LogEntry> entries = new ArrayList<>();
      List<Quarantined> quarantined = new ArrayList<>();
      for (Map.Entry<String, ObjectId> shard : shards.entrySet()) {
        String path = shard.getKey();
        String[] parts = path.split("/");
        YearMonth month = null;
        if (parts.length == 4 && parts[3].endsWith(".jsonl") && isValidId(parts[2])) {
          try {
            month = YearMonth.parse(parts[3].substring(0, parts[3].length() - ".jsonl".length()));
          } catch (RuntimeException e) {
            month = null;
          }
        }
        if (month == null) {
          quarantined.add(
              new Quarantined(
                  path,
                  "is not a log shard: expected "
                      + RecordKey.LOGS
                      + "/<log>/<writer>/<yyyy-mm>.jsonl"));
          continue;
        }
        byte[] bytes = reader.open(shard.getValue()).getBytes(Integer.MAX_VALUE);
        int number = 0;
        for (int from = 0; from < bytes.length; ) {
          int end = from;
          while (end < bytes.length && bytes[end] != '\n') {
            end++;
          }
          number++;
          if (end > from) {
            try {
              entries.add(
                  new LogEntry(
                      log, parts[2], month, Envelope.decode(Arrays.copyOfRange(bytes, from, end))));
            } catch (Envelope.Unreadable e) {
              quarantined.add(
                  new Quarantined(path + ":" + number, "line " + number + " " + e.getMessage()));
            }
          }
          from = end + 1;
        }
      }
      return new LogScan(entries, quarantined);
    }

    private interface BlobVisitor {
      void visit(String path, ObjectId blob) throws IOException;
    }

    private void walk(String dir, BlobVisitor visitor) throws IOException {
      if (tree == null) {
        return;
      }
      try (TreeWalk walk = new TreeWalk(reader)) {
        walk.addTree(tree);
        walk.setRecursive(true);
        walk.setFilter(PathFilterGroup.createFromStrings(dir));
        while (walk.next()) {
          if (walk.getFileMode(0) != FileMode.GITLINK) {
            visitor.visit(walk.getPathString(), walk.getObjectId(0));
          }
        }
      }
    }

    private static StoredRecord decode(RecordKey key, RecordFormat format, ObjectLoader loader)
        throws IOException, Envelope.Unreadable {
      if (loader.getSize() > Envelope.MAX_RECORD_BYTES) {
        throw new Envelope.Unreadable(
            "is " + loader.getSize() + " bytes, over the limit of " + Envelope.MAX_RECORD_BYTES);
      }
      String content = Envelope.decode(loader.getBytes());
      return new StoredRecord(key, Envelope.revision(format, content), format, content);
    }

    private static boolean isCollection(String name) {
      try {
        RecordKey.checkCollection(name);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    private static @Nullable RecordFormat formatOf(String name) {
      for (RecordFormat f : RecordFormat.values()) {
        if (name.endsWith("." + f.extension())) {
          return f;
        }
      }
      return null;
    }

    private static @Nullable String idOf(String path) {
      String[] parts = path.split("/");
      if (parts.length != 2 + GitPaths.RECORD_DEPTH) {
        return null;
      }
      RecordFormat f = formatOf(parts[parts.length - 1]);
      if (f == null) {
        return null;
      }
      String id =
          parts[parts.length - 1].substring(
              0, parts[parts.length - 1].length() - f.extension().length() - 1);
      try {
        return RecordKey.checkId(id);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  /**
   * Builds a {@link GitStore}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final Path path;
    private String branch = "agentops";
    private String authorName = "AgentOps";
    private String authorEmail = "agentops@localhost";
    private Clock clock = Clock.systemUTC();
    private @Nullable RecordHygiene hygiene;
    private int maxAttempts = 20;
    private int maxRemoteAttempts = 100;
    private boolean create;
    private boolean branchSet;
    private boolean workingTree;

    private Builder(Path path) {
      this.path = path;
    }

    /**
     * Sets the branch records are kept on.
     *
     * @param branch a branch name; default {@code agentops}
     * @return this builder
     */
    public Builder branch(String branch) {
      Objects.requireNonNull(branch, "branch");
      if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
        throw new IllegalArgumentException("branch '" + branch + "' is not a valid branch name");
      }
      this.branch = branch;
      this.branchSet = true;
      return this;
    }

    /**
     * Keeps the records in the working tree, under {@value GitStore#WORKING_TREE_FOLDER}/ on the
     * branch that is checked out, instead of on a branch of their own: for those who want code and
     * knowledge in one history.
     *
     * <p>Each write is still a commit of its own, moved onto the checked-out branch by
     * compare-and-swap; the files it changed are then written into the working tree and the index,
     * and nothing else there is touched: the user's own changes, staged or not, stay as they were.
     * The index is locked while the branch moves, so a {@code git commit} running at the same time
     * can never undo a record. The folder belongs to the store: edits made there by hand are
     * overwritten by the next write of the same record. Writes are refused once another branch is
     * checked out. In this mode the records travel with the branch, so {@link GitStore#sync},
     * {@link GitStore#writeThrough} and {@link GitStore#through} are not available: push and pull
     * the branch as usual.
     *
     * @param workingTree {@code true} for working-tree mode; default {@code false}
     * @return this builder
     */
    public Builder workingTree(boolean workingTree) {
      this.workingTree = workingTree;
      return this;
    }

    /**
     * Sets who commits.
     *
     * @param name the author's name
     * @param email the author's email
     * @return this builder
     */
    public Builder author(String name, String email) {
      this.authorName = Objects.requireNonNull(name, "name");
      this.authorEmail = Objects.requireNonNull(email, "email");
      return this;
    }

    /**
     * Sets the clock commits are timed by and log shards are chosen by.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets what records pass through before they are written; by default secrets are redacted,
     * paths under the repository made relative and home paths made home-relative.
     *
     * @param hygiene the hygiene
     * @return this builder
     */
    public Builder hygiene(RecordHygiene hygiene) {
      this.hygiene = Objects.requireNonNull(hygiene, "hygiene");
      return this;
    }

    /**
     * Sets how many times a writer tries to move the branch when other processes keep moving it.
     *
     * @param attempts at least 1; default 20
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Sets how many times {@link GitStore#sync(String) sync} and {@link
     * GitStore#writeThrough(String, WriteBatch) writeThrough} try to update the remote's branch
     * while other machines keep updating it. A writer that lost has to fetch before it can try
     * again, so against several busy writers it loses more often than it wins; with pauses of up to
     * a second between attempts, the default gives a busy remote about a minute.
     *
     * @param attempts at least 1; default 100
     * @return this builder
     */
    public Builder maxRemoteAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxRemoteAttempts must be >= 1, but was " + attempts);
      }
      this.maxRemoteAttempts = attempts;
      return this;
    }

    /**
     * Creates a bare repository at the path if there is no repository there, with its {@code HEAD}
     * naming the store's branch.
     *
     * @param create {@code true} to create one; default {@code false}
     * @return this builder
     */
    public Builder create(boolean create) {
      this.create = create;
      return this;
    }

    /**
     * Opens the store.
     *
     * @return the store
     * @throws IllegalArgumentException if there is no repository at the path and creating one was
     *     not asked for
     * @throws StoreException if the repository cannot be opened
     */
    public GitStore build() {
      Path abs = path.toAbsolutePath().normalize();
      if (workingTree && branchSet) {
        throw new IllegalArgumentException(
            "branch(...) and workingTree(true) do not go together: in working-tree mode records"
                + " are committed on the branch that is checked out");
      }
      if (workingTree && create) {
        throw new IllegalArgumentException(
            "create(true) makes a bare repository, which has no working tree for"
                + " workingTree(true)");
      }
      try {
        Repository repo;
        Path root;
        if (Files.isDirectory(abs.resolve(Constants.DOT_GIT))) {
          repo = new FileRepositoryBuilder().setWorkTree(abs.toFile()).setMustExist(true).build();
          root = abs;
        } else if (Files.isRegularFile(abs.resolve(Constants.DOT_GIT))) {
          repo =
              new FileRepositoryBuilder()
                  .setWorkTree(abs.toFile())
                  .findGitDir(abs.toFile())
                  .build();
          root = abs;
        } else if (Files.isRegularFile(abs.resolve(Constants.HEAD))
            && Files.isDirectory(abs.resolve("objects"))) {
          repo = new FileRepositoryBuilder().setGitDir(abs.toFile()).setMustExist(true).build();
          root = repo.isBare() ? abs : repo.getWorkTree().toPath();
        } else if (create) {
          Files.createDirectories(abs);
          // HEAD names the store's branch, so that a clone of the repository gets the records.
          Git.init()
              .setBare(true)
              .setInitialBranch(branch)
              .setDirectory(abs.toFile())
              .call()
              .close();
          repo = new FileRepositoryBuilder().setGitDir(abs.toFile()).setMustExist(true).build();
          root = abs;
        } else {
          throw new IllegalArgumentException(
              "no git repository at '"
                  + abs.getFileName()
                  + "'; point at a repository or call create(true)");
        }
        String refName = Constants.R_HEADS + branch;
        if (workingTree) {
          refName = checkedOutBranch(repo, abs);
          root = repo.getWorkTree().toPath();
        }
        return new GitStore(this, repo, root, refName);
      } catch (IOException | GitAPIException e) {
        throw new StoreException(
            abs.getFileName().toString(), "could not open the repository: " + e, e);
      }
    }

    /** The branch a working tree has checked out; the repository is closed if there is none. */
    private static String checkedOutBranch(Repository repo, Path abs) throws IOException {
      String problem = null;
      String full = null;
      if (repo.isBare()) {
        problem = "is a bare repository, with no working tree for workingTree(true)";
      } else {
        full = repo.getFullBranch();
        if (full == null || !full.startsWith(Constants.R_HEADS)) {
          problem =
              "has no branch checked out (HEAD is detached); check one out for workingTree(true)";
        }
      }
      if (problem != null || full == null) {
        repo.close();
        throw new IllegalArgumentException("'" + abs.getFileName() + "' " + problem);
      }
      return full;
    }
  }
}
