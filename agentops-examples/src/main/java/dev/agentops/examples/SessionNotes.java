package dev.agentops.examples;

/** Notes an agent left at the end of a working session; the input of the main example. */
final class SessionNotes {

  private SessionNotes() {}

  static final String TEXT =
      String.join(
          "\n",
          "Goal: make the nightly build green again.",
          "Constraint: do not disable or skip any test.",
          "Found: OrderServiceTest fails only when run after CacheWarmupTest.",
          "Found: CacheWarmupTest leaves a static cache populated between tests.",
          "Observed: the failure disappears with -Dsurefire.reuseForks=false.",
          "We tried marking OrderServiceTest @Isolated, but the failure came back in CI.",
          "We will clear the cache in an @AfterEach hook because the leak is in test code, "
              + "not in production code.",
          "We will keep reuseForks enabled because forking per class doubles the build time.",
          "Does InventoryServiceTest depend on the warm cache too?",
          "Should the cache become an instance field instead of a static one?",
          "Artifact: src/test/java/com/acme/CacheWarmupTest.java holds the static cache.",
          "Next: add the @AfterEach hook to CacheWarmupTest and run the suite in the CI order.");
}
