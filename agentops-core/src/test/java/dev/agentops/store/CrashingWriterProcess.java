package dev.agentops.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A writer that runs until it is killed, started by {@link GitStoreCrashTest}. It opens the store,
 * warms up (loads what writing needs by writing to an in-memory store and reading the git one),
 * prints {@code ready} and waits for a {@code go} line on standard input, so that its start-up
 * overlaps the parent's checks of the previous run without writing anything. Then each of its
 * threads writes batches in a loop through one {@link GitStore} (so batches of different threads
 * share commits), and prints {@code ack <thread> <batch>} as soon as a batch is acknowledged.
 *
 * <p>Batch {@code b} of thread {@code t} in run {@code r} creates the records {@link #id} {@code
 * (r, t, b, k)} for {@code k < }{@link #RECORDS}, the last of them in Markdown, moves the thread's
 * progress record ({@code progress/r<r>-t<t>}) from revision {@code b} to {@code b + 1}, and
 * appends {@code {"batch":b}} to its log shard ({@code crash/r<r>-t<t>}): all of it or none of
 * it must be in the store.
 *
 * <p>Arguments: repository, run, threads.
 */
public final class CrashingWriterProcess {

  static final int RECORDS = 3;

  private CrashingWriterProcess() {}

  static String writer(int run, int thread) {
    return "r" + run + "-t" + thread;
  }

  static String id(int run, int thread, int batch, int k) {
    return writer(run, thread) + "-b" + batch + "-k" + k;
  }

  static RecordFormat format(int k) {
    return k == RECORDS - 1 ? RecordFormat.MARKDOWN : RecordFormat.JSON;
  }

  /** The text submitted for a record; what is stored adds the revision to it. */
  static String content(int run, int thread, int batch, int k) {
    String payload = "payload of " + id(run, thread, batch, k);
    return format(k) == RecordFormat.JSON
        ? "{\"payload\":\"" + payload + "\"}"
        : "---\ntitle: " + id(run, thread, batch, k) + "\n---\n" + payload + "\n";
  }

  static WriteBatch batch(int run, int thread, int b) {
    WriteBatch.Builder batch = WriteBatch.builder();
    for (int k = 0; k < RECORDS; k++) {
      batch.put(
          RecordKey.of("crash", id(run, thread, b, k)),
          format(k),
          content(run, thread, b, k),
          Expect.absent());
    }
    batch.put(
        RecordKey.of("progress", writer(run, thread)),
        RecordFormat.JSON,
        "{\"batches\":" + (b + 1) + "}",
        b == 0 ? Expect.absent() : Expect.revision(b));
    batch.append("crash", writer(run, thread), "{\"batch\":" + b + "}");
    return batch.build();
  }

  public static void main(String[] args) throws Exception {
    Path repository = Path.of(args[0]);
    int run = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    GitStore store = GitStore.builder(repository).build();
    try (InMemoryStore warmUp = InMemoryStore.create()) {
      warmUp.write(batch(run, 0, 0));
      warmUp.read(RecordKey.of("progress", writer(run, 0)));
    }
    store.scan("progress");
    out.println("ready");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!"go".equals(in.readLine())) {
      throw new IllegalStateException("expected 'go' on standard input");
    }
    Thread[] writers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int thread = t;
      writers[t] =
          new Thread(
              () -> {
                for (int b = 0; ; b++) {
                  WriteResult r = store.write(batch(run, thread, b));
                  if (!r.committed()) {
                    System.err.println("unexpected conflict: " + r);
                    System.exit(3);
                  }
                  synchronized (out) {
                    out.println("ack " + thread + " " + b);
                  }
                }
              },
              "writer-" + t);
      writers[t].setUncaughtExceptionHandler(
          (th, e) -> {
            e.printStackTrace();
            System.exit(4);
          });
      writers[t].start();
    }
    for (Thread w : writers) {
      w.join();
    }
  }
}
