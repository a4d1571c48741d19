package dev.agentops.work;

import dev.agentops.store.GitStore;
import java.nio.file.Path;

/**
 * A worker in its own process: opens its own repository, and tries to claim every listed work item
 * through a shared remote. Prints {@code CLAIMED <id>} or {@code REFUSED <id> <reason>} per item.
 * Used by {@link WorkTrackerProcessesTest}.
 */
public final class ClaimWorkerProcess {

  private ClaimWorkerProcess() {}

  /**
   * Runs the worker.
   *
   * @param args the local repository, the remote's URL, the worker's name, then item ids
   */
  public static void main(String[] args) {
    Path repo = Path.of(args[0]);
    String remote = args[1];
    String worker = args[2];
    try (GitStore store = GitStore.builder(repo).create(true).build()) {
      WorkTracker tracker =
          WorkTracker.builder(store).writeThrough(store.through(remote)).writer(worker).build();
      store.sync(remote);
      for (int i = 3; i < args.length; i++) {
        WorkTracker.Claim claim = tracker.claim(args[i], worker);
        if (claim instanceof WorkTracker.Claimed) {
          System.out.println("CLAIMED " + args[i]);
        } else {
          System.out.println(
              "REFUSED " + args[i] + " " + ((WorkTracker.NotClaimed) claim).reason());
        }
        System.out.flush();
      }
    }
  }
}
