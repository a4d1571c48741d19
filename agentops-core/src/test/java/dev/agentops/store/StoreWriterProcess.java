package dev.agentops.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A writer in its own JVM, started by {@link GitStoreProcessesTest}: it opens the store, says
 * {@code ready}, waits for a {@code go} line on standard input so that all writers start together,
 * then, {@code records} times, writes a record of its own (with a log line) and increments the
 * shared counter by compare-and-swap, re-reading and retrying until its increment lands. It ends by
 * printing {@code done <increments> <conflicts> <store-exceptions>}.
 *
 * <p>Arguments: repository, writer name, number of records.
 */
public final class StoreWriterProcess {

  static final RecordKey COUNTER = RecordKey.of("counters", "shared");

  private StoreWriterProcess() {}

  public static void main(String[] args) throws Exception {
    Path repository = Path.of(args[0]);
    String name = args[1];
    int records = Integer.parseInt(args[2]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ObjectMapper json = new ObjectMapper();
    int increments = 0;
    int conflicts = 0;
    int failures = 0;
    try (GitStore store =
        GitStore.builder(repository).author(name, name + "@example.test").build()) {
      out.println("ready");
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      if (!"go".equals(in.readLine())) {
        throw new IllegalStateException("expected 'go' on standard input");
      }
      for (int i = 0; i < records; i++) {
        RecordKey own = RecordKey.of("own", name + "-" + i);
        WriteBatch batch =
            WriteBatch.builder()
                .put(own, RecordFormat.JSON, "{\"writer\":\"" + name + "\",\"i\":" + i + "}",
                    Expect.absent())
                .append("writes", name, "{\"i\":" + i + "}")
                .build();
        while (true) {
          try {
            WriteResult r = store.write(batch);
            if (!r.committed()) {
              // Only this process writes its own records: a conflict means a write it was told
              // had failed had in fact landed, or another process wrote its record.
              throw new IllegalStateException(own + " already existed: " + r);
            }
            break;
          } catch (StoreException e) {
            failures++;
          }
        }
        while (true) {
          StoredRecord counter = store.read(COUNTER).orElseThrow();
          long count = json.readTree(counter.content()).get("count").asLong();
          WriteResult r;
          try {
            r =
                store.write(
                    WriteBatch.builder()
                        .put(COUNTER, RecordFormat.JSON, "{\"count\":" + (count + 1) + "}",
                            Expect.revision(counter.revision()))
                        .build());
          } catch (StoreException e) {
            failures++;
            continue;
          }
          if (r.committed()) {
            increments++;
            break;
          }
          conflicts++;
        }
      }
    }
    out.println("done " + increments + " " + conflicts + " " + failures);
  }
}
