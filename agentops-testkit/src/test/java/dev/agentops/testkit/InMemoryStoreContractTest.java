package dev.agentops.testkit;

import dev.agentops.store.InMemoryStore;
import dev.agentops.store.Store;
import java.time.Clock;

/** The in-memory store keeps the store contract. */
class InMemoryStoreContractTest extends StoreContract {

  @Override
  protected Store open(Clock clock) {
    return InMemoryStore.builder().clock(clock).build();
  }
}
