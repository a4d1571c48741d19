package dev.agentops.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.store.InMemoryStore;
import dev.agentops.store.LogEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WorkTrackerTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-01T09:00:00Z"), ZoneOffset.UTC);

  final InMemoryStore store = InMemoryStore.builder().clock(CLOCK).build();
  final WorkTracker tracker =
      WorkTracker.builder(store)
          .clock(CLOCK)
          .random(new SplittableRandom(7))
          .writer("w-test")
          .build();

  WorkItem item(String title) {
    return tracker.create(title, b -> b);
  }

  @Nested
  class Creation {

    @Test
    void givesShortHashIdsWithThePrefix() {
      WorkItem a = item("Fix the flaky test");
      WorkItem b = tracker.create("Document the fix", w -> w.priority(1).labels("docs"));

      assertThat(a.id()).matches("ao-[0-9a-z]{4}");
      assertThat(b.id()).isNotEqualTo(a.id());
      assertThat(tracker.get(b.id()).orElseThrow().labels()).containsExactly("docs");
      assertThat(a.status()).isEqualTo(WorkStatus.OPEN);
      assertThat(a.createdAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void recordsWorkDiscoveredMidTask() {
      WorkItem parent = item("Fix the build");

      WorkItem found = tracker.discovered(parent.id(), "The cache leaks", w -> w.type("bug"));

      assertThat(found.dependsOn(DependencyType.DISCOVERED_FROM)).containsExactly(parent.id());
      assertThatThrownBy(() -> tracker.discovered("ao-none", "x", w -> w))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("work item 'ao-none' does not exist");
    }

    @Test
    void refusesBadFieldsNamingThem() {
      assertThatThrownBy(() -> tracker.create("x", w -> w.priority(7)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("priority of work item")
          .hasMessageContaining("must be 0 to 4, but was 7");
      assertThatThrownBy(() -> tracker.create(" ", w -> w))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("title");
    }
  }

  @Nested
  class Readiness {

    @Test
    void aBlockerKeepsAnItemOutUntilItCloses() {
      WorkItem blocker = item("Blocker");
      WorkItem waiting =
          tracker.create("Waits", w -> w.dependsOn(DependencyType.BLOCKS, blocker.id()));

      assertThat(tracker.ready()).extracting(WorkItem::id).containsExactly(blocker.id());

      tracker.close(blocker.id(), "done", "verdict-1");

      assertThat(tracker.ready()).extracting(WorkItem::id).containsExactly(waiting.id());
    }

    @Test
    void aBlockedParentBlocksItsChildrenButChildrenDoNotBlockTheParent() {
      WorkItem blocker = item("Blocker");
      WorkItem epic =
          tracker.create(
              "Epic", w -> w.type("epic").dependsOn(DependencyType.BLOCKS, blocker.id()));
      WorkItem child =
          tracker.create("Child", w -> w.dependsOn(DependencyType.PARENT_CHILD, epic.id()));
      WorkItem grandchild =
          tracker.create("Grandchild", w -> w.dependsOn(DependencyType.PARENT_CHILD, child.id()));
      WorkItem freeEpic = tracker.create("Free epic", w -> w.type("epic"));
      WorkItem freeChild =
          tracker.create(
              "Free child", w -> w.dependsOn(DependencyType.PARENT_CHILD, freeEpic.id()));

      assertThat(tracker.ready())
          .extracting(WorkItem::id)
          .containsExactlyInAnyOrder(blocker.id(), freeEpic.id(), freeChild.id())
          .doesNotContain(child.id(), grandchild.id());
    }

    @Test
    void deferredAndRelatedAndDiscoveredDoNotCountAsBlocking() {
      WorkItem other = item("Other");
      WorkItem deferred = tracker.create("Later", w -> w.status(WorkStatus.DEFERRED));
      WorkItem related =
          tracker.create(
              "Related",
              w ->
                  w.dependsOn(DependencyType.RELATED, other.id())
                      .dependsOn(DependencyType.DISCOVERED_FROM, other.id())
                      .dependsOn(DependencyType.of("supersedes"), other.id()));

      assertThat(tracker.ready())
          .extracting(WorkItem::id)
          .contains(related.id())
          .doesNotContain(deferred.id());
    }

    @Test
    void ordersByPriorityThenAge() {
      Clock later = Clock.offset(CLOCK, java.time.Duration.ofHours(1));
      WorkTracker t2 =
          WorkTracker.builder(store).clock(later).random(new SplittableRandom(8)).build();
      WorkItem lowOld = tracker.create("low old", w -> w.priority(3));
      WorkItem highNew = t2.create("high new", w -> w.priority(0));
      WorkItem lowNew = t2.create("low new", w -> w.priority(3));

      assertThat(tracker.ready())
          .extracting(WorkItem::id)
          .containsExactly(highNew.id(), lowOld.id(), lowNew.id());
    }

    @Test
    void anItemAttemptedTheMaximumTimesIsNotReady() {
      WorkItem tried = tracker.create("Tried", w -> w.attempts(3));

      assertThat(tracker.ready()).isEmpty();
      assertThat(tracker.claim(tried.id(), "w1"))
          .isEqualTo(
              new WorkTracker.NotClaimed(
                  "attempts-exhausted",
                  "work item '" + tried.id() + "' was attempted 3 times; escalate it"));
    }
  }

  @Nested
  class Claims {

    @Test
    void aClaimAssignsAndCountsTheAttempt() {
      WorkItem w = item("Task");

      WorkTracker.Claim c = tracker.claim(w.id(), "worker-1");

      assertThat(c.claimed()).isTrue();
      WorkItem held = ((WorkTracker.Claimed) c).item();
      assertThat(held.status()).isEqualTo(WorkStatus.IN_PROGRESS);
      assertThat(held.assignee()).isEqualTo("worker-1");
      assertThat(held.attempts()).isEqualTo(1);
      assertThat(tracker.claim(w.id(), "worker-2"))
          .isInstanceOfSatisfying(
              WorkTracker.NotClaimed.class, n -> assertThat(n.reason()).isEqualTo("taken"));
      assertThat(tracker.claim("ao-zzzz", "w").claimed()).isFalse();
    }

    @Test
    void aBlockedItemCannotBeClaimed() {
      WorkItem blocker = item("Blocker");
      WorkItem waiting =
          tracker.create("Waits", w -> w.dependsOn(DependencyType.BLOCKS, blocker.id()));

      assertThat(tracker.claim(waiting.id(), "w"))
          .isInstanceOfSatisfying(
              WorkTracker.NotClaimed.class, n -> assertThat(n.reason()).isEqualTo("not-ready"));
    }

    @Test
    void exactlyOneOfManyConcurrentClaimantsWins() throws Exception {
      for (int round = 0; round < 10; round++) {
        WorkItem w = item("Contended " + round);
        int workers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
          List<Future<WorkTracker.Claim>> claims = new ArrayList<>();
          for (int i = 0; i < workers; i++) {
            String worker = "worker-" + i;
            Callable<WorkTracker.Claim> call =
                () -> {
                  start.await();
                  return tracker.claim(w.id(), worker);
                };
            claims.add(pool.submit(call));
          }
          start.countDown();
          int winners = 0;
          for (Future<WorkTracker.Claim> f : claims) {
            if (f.get(30, TimeUnit.SECONDS).claimed()) {
              winners++;
            }
          }
          assertThat(winners).as("round %d", round).isEqualTo(1);
          assertThat(tracker.get(w.id()).orElseThrow().attempts()).isEqualTo(1);
        } finally {
          pool.shutdownNow();
        }
      }
    }
  }

  @Nested
  class TheStateRatchet {

    @Test
    void closingNeedsAVerdict() {
      WorkItem w = item("Task");

      assertThatThrownBy(() -> tracker.close(w.id(), "done", " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("needs the id of the verdict");
      WorkItem closed = tracker.close(w.id(), "tests pass", "verdict-42");
      assertThat(closed.status()).isEqualTo(WorkStatus.CLOSED);
      assertThat(closed.verdictId()).isEqualTo("verdict-42");
      assertThat(closed.closeReason()).isEqualTo("tests pass");
      assertThatThrownBy(() -> tracker.close(w.id(), "again", "verdict-43"))
          .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUpdateCanNeitherCloseNorReopen() {
      WorkItem w = item("Task");

      assertThatThrownBy(() -> tracker.update(w.id(), b -> b.status(WorkStatus.CLOSED)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("closes only through close");
      tracker.close(w.id(), "done", "v-1");
      assertThatThrownBy(() -> tracker.update(w.id(), b -> b.status(WorkStatus.OPEN)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reopens only through reopen");
    }

    @Test
    void reopeningNeedsAReasonAndIsLoggedWithTheClose() {
      WorkItem w = item("Task");
      tracker.close(w.id(), "done", "v-1");

      assertThatThrownBy(() -> tracker.reopen(w.id(), ""))
          .isInstanceOf(IllegalArgumentException.class);
      WorkItem reopened = tracker.reopen(w.id(), "the fix regressed in CI");

      assertThat(reopened.status()).isEqualTo(WorkStatus.OPEN);
      assertThat(reopened.verdictId()).isNull();
      List<LogEntry> events = store.log(WorkTracker.EVENTS);
      assertThat(events).extracting(LogEntry::writer).containsOnly("w-test");
      assertThat(events.get(0).line())
          .contains("\"event\":\"closed\"")
          .contains("\"verdict\":\"v-1\"");
      assertThat(events.get(1).line())
          .contains("\"event\":\"reopened\"")
          .contains("the fix regressed in CI");
      assertThatThrownBy(() -> tracker.reopen(w.id(), "again"))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
