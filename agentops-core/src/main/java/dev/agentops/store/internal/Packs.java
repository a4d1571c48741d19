package dev.agentops.store.internal;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.zip.Deflater;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.internal.storage.pack.PackExt;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.pack.PackConfig;

/**
 * Writes each commit's objects as one pack, and keeps the number of packs small.
 *
 * <p>A batch of 500 records is some 760 objects; as loose objects that is 760 files created,
 * compressed, closed and renamed, and as many opened again by the next lookups, which caps ingest
 * well below 2,000 records a second on an ordinary disk. One pack per commit is two files. Every
 * pack makes each lookup of a missing object one index probe dearer, so once there are more than
 * {@link #MAX_PACKS}, small packs are merged, geometrically: the smallest packs, enough of them to
 * bring the count down to half the limit, and then each next larger pack while it is at most twice
 * the size of what is being merged. Pack sizes so form a geometric progression and an object is
 * copied a logarithmic number of times over the life of a repository: amortized, a merge costs
 * about the size of the recent packs, not of the repository. Not every merge is small: about each
 * time the repository doubles, one merge takes in the largest pack and so copies the whole
 * repository, on the writer's thread (merging all but the largest pack, as this class once did,
 * copied about half the repository every {@value #MAX_PACKS} commits once the second-largest pack
 * had grown). Before merged packs are deleted, the new pack and its index are forced to disk.
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
  private static final String TEMP_PREFIX = "agentops-compact-";
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
    int all = packs.size();
    packs.removeIf(Pack::shouldBeKept);
    List<Pack> merge = geometric(packs, p -> p.getPackFile().length(), all - packs.size());
    if (merge.size() < 2) {
      return 0;
    }
    File lock = new File(objects.getPackDirectory(), LOCK);
    if (!takeLock(lock)) {
      return 0;
    }
    try {
      File directory = objects.getPackDirectory();
      String merged = writeMerged(repository, objects, merge);
      // The merged packs' objects now live in the new pack only: it is on disk (forced before it
      // was renamed), and so must its name be before they are deleted.
      force(directory.toPath());
      for (Pack pack : merge) {
        if (pack.getPackFile().getName().equals(merged)) {
          // the merge wrote a pack that was there already (a merge that died before deleting
          // what it had merged left it): it is the copy, not a source to delete
          continue;
        }
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
   * Writes the objects of the packs to merge as one new pack, copying each object's stored bytes as
   * they are (no hashing, no recompression: that made merges cost several times the writing of the
   * objects), and opens it. The pack and its index are written under temporary names and renamed,
   * the index last, so that no reader sees a pack without its index.
   */
  private static String writeMerged(
      Repository repository, ObjectDirectory objects, List<Pack> merge) throws IOException {
    File directory = objects.getPackDirectory();
    PackConfig config = new PackConfig(repository);
    config.setDeltaCompress(false);
    config.setReuseObjects(true);
    config.setReuseDeltas(true);
    config.setCompressionLevel(COMPRESSION);
    config.setBuildBitmaps(false);
    config.setThreads(1);
    clearLeftovers(directory);
    // names that neither JGit nor git pair into a pack, so that no reader opens a half-written one
    File packTemp = File.createTempFile(TEMP_PREFIX, ".pack.tmp", directory);
    File indexTemp = new File(directory, packTemp.getName().replace(".pack.tmp", ".idx.tmp"));
    try (ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader);
        PackWriter writer = new PackWriter(config, reader)) {
      writer.setUseBitmaps(false);
      for (Pack pack : merge) {
        for (PackIndex.MutableEntry e : pack) {
          ObjectId id = e.toObjectId();
          if (!writer.willInclude(id)) {
            // the type is what the pack writer needs to copy an object as it is stored; reading it
            // inflates the object, but nothing is hashed or compressed again
            writer.addObject(walk.lookupAny(id, reader.open(id).getType()));
          }
        }
      }
      try (OutputStream out = new BufferedOutputStream(new FileOutputStream(packTemp))) {
        writer.writePack(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE, out);
      }
      try (OutputStream out = new BufferedOutputStream(new FileOutputStream(indexTemp))) {
        writer.writeIndex(out);
      }
      force(packTemp.toPath());
      force(indexTemp.toPath());
      String name = "pack-" + writer.computeName().name();
      File pack = new File(directory, name + ".pack");
      File index = new File(directory, name + ".idx");
      if (!(pack.exists() && index.exists())) {
        packTemp.setReadOnly();
        indexTemp.setReadOnly();
        Files.move(packTemp.toPath(), pack.toPath(), StandardCopyOption.ATOMIC_MOVE);
        Files.move(indexTemp.toPath(), index.toPath(), StandardCopyOption.ATOMIC_MOVE);
      }
      // else the same objects were merged before and that pack is kept (it holds them all)
      return pack.getName();
    } finally {
      Files.deleteIfExists(packTemp.toPath());
      Files.deleteIfExists(indexTemp.toPath());
    }
  }

  /** Deletes temporary files of merges that died, once they are old enough not to be running. */
  private static void clearLeftovers(File directory) throws IOException {
    File[] leftovers = directory.listFiles((d, n) -> n.startsWith(TEMP_PREFIX));
    long before = Instant.now().minus(STALE_LOCK).toEpochMilli();
    for (File f : leftovers == null ? new File[0] : leftovers) {
      if (f.lastModified() < before) {
        Files.deleteIfExists(f.toPath());
      }
    }
  }

  /** Forces a file, or a directory's entries, to disk. */
  private static void force(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      if (!Files.isDirectory(path)) {
        throw e;
      }
      // some platforms cannot open a directory to sync it; its entries are then as safe as the
      // file system makes them
    }
  }

  /**
   * Chooses the packs to merge: the smallest, enough to bring the count (with {@code others}, the
   * packs that are never merged) to half the limit, then each next larger one while it is at most
   * twice what is chosen so far.
   */
  static <P> List<P> geometric(List<P> packs, ToLongFunction<P> size, int others) {
    List<P> ascending = new ArrayList<>(packs);
    ascending.sort(Comparator.comparingLong(size));
    int least = Math.max(2, ascending.size() + others - MAX_PACKS / 2 + 1);
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
