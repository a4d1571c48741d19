package dev.agentops.testkit;

import dev.agentops.store.GitStore;
import dev.agentops.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The git store, on a real repository in a temporary folder, keeps the store contract. */
class GitStoreContractTest extends StoreContract {

  @TempDir Path dir;

  @Override
  protected Store open(Clock clock) {
    return GitStore.builder(dir.resolve("store.git")).create(true).clock(clock).build();
  }
}
