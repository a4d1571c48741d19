package dev.agentops.benchmarks;

import dev.agentops.store.GitStore;
import dev.agentops.store.RecordFormat;
import dev.agentops.store.RecordKey;
import dev.agentops.store.WriteBatch;
import dev.agentops.work.WorkItem;
import dev.agentops.work.WorkTracker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A worker process for {@link ClaimBenchmark}: opens its own repository, syncs with the shared
 * remote, says {@code ready}, waits for a line on standard input, does its work, prints {@code done
 * <n> refused <m>} and exits.
 *
 * <ul>
 *   <li>{@code claim}: claims ready work until none is left, picking at random among what it sees
 *       as ready;
 *   <li>{@code push}: the baseline, {@code n} times: one record committed locally, then pushed with
 *       JGit's porcelain push.
 * </ul>
 */
public final class ClaimWorker {

  private ClaimWorker() {}

  /**
   * Runs the worker.
   *
   * @param args {@code claim} or {@code push}, the local repository, the remote's URL, the worker's
   *     name, and for {@code push} the number of pushes
   * @throws Exception if anything fails; the benchmark then fails too
   */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path repo = Path.of(args[1]);
    String remote = args[2];
    String worker = args[3];
    try (GitStore store = GitStore.builder(repo).create(true).build()) {
      store.sync(remote);
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (mode.equals("claim")) {
        claim(store, remote, worker);
      } else {
        push(store, repo, remote, Integer.parseInt(args[4]));
      }
    }
  }

  private static void claim(GitStore store, String remote, String worker) {
    SplittableRandom random = new SplittableRandom(worker.hashCode());
    WorkTracker tracker =
        WorkTracker.builder(store).writeThrough(store.through(remote)).writer(worker).build();
    int claimed = 0;
    int refused = 0;
    List<WorkItem> ready = new ArrayList<>(tracker.ready());
    while (true) {
      if (ready.isEmpty()) {
        store.sync(remote);
        ready = new ArrayList<>(tracker.ready());
        if (ready.isEmpty()) {
          break;
        }
      }
      WorkItem pick = ready.remove(random.nextInt(ready.size()));
      if (tracker.claim(pick.id(), worker).claimed()) {
        claimed++;
      } else {
        refused++;
      }
    }
    System.out.println("done " + claimed + " refused " + refused);
  }

  private static void push(GitStore store, Path repo, String remote, int pushes) throws Exception {
    try (Repository r = new FileRepositoryBuilder().setGitDir(repo.toFile()).build();
        Git git = Git.wrap(r)) {
      RefSpec spec = new RefSpec(store.refName() + ":" + store.refName());
      for (int i = 0; i < pushes; i++) {
        store.write(
            WriteBatch.builder()
                .put(RecordKey.of("pushes", "p-" + i), RecordFormat.JSON, "{\"n\":" + i + "}")
                .build());
        git.push().setRemote(remote).setRefSpecs(spec).call();
      }
    }
    System.out.println("done " + pushes + " refused 0");
  }
}
