package dev.agentops.store.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.zip.Deflater;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.internal.storage.pack.PackExt;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Writes each commit's objects as one pack, and keeps the number of packs small.
 *
 * <p>A batch of 500 records is some 760 objects; as loose objects that is 760 files created,
 * compressed, closed and renamed, and as many opened again by the next lookups, which caps ingest
 * well below 2,000 records a second on an ordinary disk. One pack per commit is two files. Every
 * pack makes each lookup of a missing object one index probe dearer, so once there are more than
 * {@link #MAX_PACKS}, small packs are merged, geometrically: the smallest packs, enough of them to
 * bring the count down to half the limit, and then each next larger pack while it is at most twice
 * the size of what is being merged. Pack sizes so form a geometric progression, an object is copied
 * a logarithmic number of times over the life of a repository, and a merge costs about the size of
 * the recent packs, not of the repository (merging all but the largest pack, as this class once
 * did, copied about half the repository every {@value #MAX_PACKS} commits once the second-largest
 * pack had grown).
 *
 * <p>The inserter does not look up each object in every pack before writing it: a commit's objects
 * are new but for the rare blob whose content is already stored, and a duplicate in another pack is
 * harmless to git (a merge writes each object once).
 *
 * <p>Uses JGit's file-repository internals ({@code ObjectDirectory}, {@code PackInserter}); a
 * repository of another kind gets its usual inserter and is never compacted.
 */
public final class Packs {

  /** More packs than this and the small ones are merged. */
  public static final int MAX_PACKS = 32;

  /**
   * Records are small and compress about as well at the fastest level; {@code git gc} recompresses
   * with deltas if the user wants the space back.
   */
  private static final int COMPRESSION = Deflater.BEST_SPEED;

  private static final String LOCK = "agentops-compact.lock";
  private static final Duration STALE_LOCK = Duration.ofMinutes(10);

  private Packs() {}

  /** An inserter that writes everything inserted before a flush as one pack. */
  public static ObjectInserter inserter(Repository repository) {
    if (repository.getObjectDatabase() instanceof ObjectDirectory objects) {
      PackInserter inserter = objects.newPackInserter();
      inserter.checkExisting(false);
      inserter.setCompressionLevel(COMPRESSION);
      return inserter;
    }
    return repository.newObjectInserter();
  }

  /**
   * Merges small packs into one, if there are more than {@link #MAX_PACKS} (see the class comment
   * for which; packs a {@code .keep} file protects are left alone). Objects are copied before any
   * pack is deleted, so a crash or a reader at any moment finds every object; two processes
   * compacting at once are kept apart by a lock file, and a reader in another process that loses a
   * pack looks again, as it does after {@code git gc}.
   *
   * @return how many packs were merged, 0 if none
   */
  public static int compact(Repository repository) throws IOException {
    if (!(repository.getObjectDatabase() instanceof ObjectDirectory objects)) {
      return 0;
    }
    List<Pack> packs = new ArrayList<>(objects.getPacks());
    if (packs.size() <= MAX_PACKS) {
      return 0;
    }
    packs.removeIf(Pack::shouldBeKept);
    List<Pack> merge = geometric(packs, p -> p.getPackFile().length());
    if (merge.size() < 2) {
      return 0;
    }
    File lock = new File(objects.getPackDirectory(), LOCK);
    if (!takeLock(lock)) {
      return 0;
    }
    try {
      Set<ObjectId> copied = new HashSet<>();
      try (ObjectReader reader = repository.newObjectReader();
          PackInserter inserter = objects.newPackInserter()) {
        inserter.checkExisting(false);
        inserter.setCompressionLevel(COMPRESSION);
        for (Pack pack : merge) {
          for (PackIndex.MutableEntry e : pack) {
            ObjectId id = e.toObjectId();
            if (!copied.add(id)) {
              continue;
            }
            ObjectLoader loader = reader.open(id);
            if (loader.isLarge()) {
              try (InputStream in = loader.openStream()) {
                inserter.insert(loader.getType(), loader.getSize(), in);
              }
            } else {
              inserter.insert(loader.getType(), loader.getCachedBytes());
            }
          }
        }
        inserter.flush();
      }
      for (Pack pack : merge) {
        for (PackExt ext : PackExt.values()) {
          if (ext != PackExt.PACK) {
            Files.deleteIfExists(pack.getPackFile().create(ext).toPath());
          }
        }
        Files.deleteIfExists(pack.getPackFile().create(PackExt.PACK).toPath());
      }
      // Closing the object database makes it list the packs again, without the deleted ones.
      objects.close();
      return merge.size();
    } finally {
      Files.deleteIfExists(lock.toPath());
    }
  }

  /**
   * Chooses the packs to merge: the smallest, enough to bring the count to half the limit, then
   * each next larger one while it is at most twice what is chosen so far.
   */
  static <P> List<P> geometric(List<P> packs, ToLongFunction<P> size) {
    List<P> ascending = new ArrayList<>(packs);
    ascending.sort(Comparator.comparingLong(size));
    int least = Math.max(2, ascending.size() - MAX_PACKS / 2 + 1);
    List<P> merge = new ArrayList<>();
    long total = 0;
    for (P p : ascending) {
      if (merge.size() >= least && size.applyAsLong(p) > 2 * total) {
        break;
      }
      merge.add(p);
      total += size.applyAsLong(p);
    }
    return merge;
  }

  private static boolean takeLock(File lock) throws IOException {
    if (lock.createNewFile()) {
      return true;
    }
    // A compaction that died leaves its lock; nothing it did is lost, so it is simply cleared.
    if (lock.lastModified() < Instant.now().minus(STALE_LOCK).toEpochMilli()) {
      Files.deleteIfExists(lock.toPath());
      return lock.createNewFile();
    }
    return false;
  }
}
