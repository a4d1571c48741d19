package dev.agentops.store.internal;

import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer per repository inside a JVM: every store opened on the same git directory shares its
 * queue and its lock. JGit's own index and ref locks are per process; this keeps the stores of one
 * process from racing each other and lets one commit carry many batches.
 */
public final class WriterLocks {

  /**
   * A batch waiting to be committed, the store it was written through (whose branch, author, clock
   * and hygiene it must be committed with, whichever store's thread commits it), and where its
   * result goes.
   */
  public record Pending(WriteBatch batch, Object owner, CompletableFuture<WriteResult> future) {
    public Pending(WriteBatch batch, Object owner) {
      this(batch, owner, new CompletableFuture<>());
    }
  }

  /** The shared writer of one repository. */
  public static final class Writer {
    private final File directory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private int references;

    private Writer(File directory) {
      this.directory = directory;
    }

    public ReentrantLock lock() {
      return lock;
    }

    public Queue<Pending> queue() {
      return queue;
    }
  }

  private static final Map<File, Writer> WRITERS = new HashMap<>();

  private WriterLocks() {}

  /** Returns the writer of a git directory, shared with every other store on it. */
  public static synchronized Writer acquire(File gitDirectory) {
    File key = canonical(gitDirectory);
    Writer w = WRITERS.computeIfAbsent(key, Writer::new);
    w.references++;
    return w;
  }

  /** Gives back a writer; the last store to close it forgets it. */
  public static synchronized void release(Writer writer) {
    writer.references--;
    if (writer.references <= 0) {
      WRITERS.remove(writer.directory);
    }
  }

  private static File canonical(File dir) {
    try {
      return dir.getCanonicalFile();
    } catch (IOException e) {
      return dir.getAbsoluteFile();
    }
  }
}
