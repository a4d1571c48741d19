package dev.agentops.testkit;

import dev.agentops.store.GitStore;
import dev.agentops.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.io.TempDir;

/**
 * The git store in working-tree mode, on a real checkout in a temporary folder, keeps the store
 * contract.
 */
class GitStoreWorkingTreeContractTest extends StoreContract {

  @TempDir Path dir;

  @Override
  protected Store open(Clock clock) {
    Path work = dir.resolve("checkout");
    if (!Files.isDirectory(work.resolve(".git"))) {
      try {
        Git.init().setDirectory(work.toFile()).setInitialBranch("main").call().close();
      } catch (GitAPIException e) {
        throw new IllegalStateException(e);
      }
    }
    return GitStore.builder(work).workingTree(true).clock(clock).build();
  }
}
