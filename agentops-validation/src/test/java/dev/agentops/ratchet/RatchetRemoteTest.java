package dev.agentops.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locks on a remote's ref, through a real git daemon on loopback; races are staged inside the
 * server, at the moments a concurrent pusher could move the ref.
 */
class RatchetRemoteTest {

  static final String MAIN = "refs/heads/main";

  @TempDir Path dir;
  HookedGitServer server;
  String url;
  TestRepo served;

  @BeforeEach
  void serve() {
    server = new HookedGitServer(dir.resolve("served"));
    url = server.createRepository("shared.git");
    served = TestRepo.open(dir.resolve("served/shared.git"));
  }

  @AfterEach
  void stop() {
    served.close();
    server.close();
  }

  Ratchet worker(String name) {
    return Ratchet.builder(dir.resolve(name + ".git"), MAIN).create(true).remote(url).build();
  }

  @Test
  void workersLockTheRemotesRef_andAStaleBaseLosesTheRace() {
    try (Ratchet one = worker("one");
        Ratchet two = worker("two");
        TestRepo oneRepo = TestRepo.open(dir.resolve("one.git"));
        TestRepo twoRepo = TestRepo.open(dir.resolve("two.git"))) {
      assertThat(one.tip()).isEmpty();
      String first = oneRepo.commitOn(null, "a.txt", "one");
      assertThat(one.lock(LockRequest.of(first, "v-1").expectingAbsent()))
          .isEqualTo(new LockOutcome.Locked(MAIN, null, first, "v-1"));
      assertThat(served.tip(MAIN)).isEqualTo(first);

      String base = two.tip().orElseThrow();
      assertThat(base).isEqualTo(first);
      String byTwo = twoRepo.commitOn(base, "b.txt", "two");
      assertThat(two.lock(base, byTwo, "v-2"))
          .isEqualTo(new LockOutcome.Locked(MAIN, first, byTwo, "v-2"));

      String byOne = oneRepo.commitOn(first, "b.txt", "one's take");
      assertThat(one.lock(first, byOne, "v-3"))
          .isEqualTo(new LockOutcome.LostRace(MAIN, first, byTwo));
      assertThat(one.lock(byOne, "v-3"))
          .isEqualTo(new LockOutcome.NotFastForward(MAIN, byTwo, byOne));
      assertThat(served.tip(MAIN)).isEqualTo(byTwo);

      assertThat(one.holds(byTwo)).isTrue();
      assertThat(one.lock(first, "v-4"))
          .isEqualTo(new LockOutcome.AlreadyLocked(MAIN, byTwo, first));
      assertThat(one.remote()).contains(url);
    }
  }

  @Test
  void aRefMovedBeforeTheServerAdvertisesIt_isALostRace() {
    try (Ratchet one = worker("one");
        TestRepo oneRepo = TestRepo.open(dir.resolve("one.git"))) {
      String first = oneRepo.commitOn(null, "a.txt", "one");
      one.lock(LockRequest.of(first, "v-1").expectingAbsent());
      String elsewhere = served.commitOn(first, "c.txt", "pushed by a rival");
      String mine = oneRepo.commitOn(first, "b.txt", "mine");
      server.onceBeforeAdvertise(db -> move(db, elsewhere));

      LockOutcome outcome = one.lock(first, mine, "v-2");

      assertThat(outcome).isEqualTo(new LockOutcome.LostRace(MAIN, first, elsewhere));
      assertThat(served.tip(MAIN)).isEqualTo(elsewhere);
    }
  }

  @Test
  void aRefMovedWhileTheServerReceivesThePush_isALostRace() {
    try (Ratchet one = worker("one");
        TestRepo oneRepo = TestRepo.open(dir.resolve("one.git"))) {
      String first = oneRepo.commitOn(null, "a.txt", "one");
      one.lock(LockRequest.of(first, "v-1").expectingAbsent());
      String elsewhere = served.commitOn(first, "c.txt", "pushed by a rival");
      String mine = oneRepo.commitOn(first, "b.txt", "mine");
      server.onceBeforeUpdate(db -> move(db, elsewhere));

      LockOutcome outcome = one.lock(first, mine, "v-2");

      assertThat(outcome).isEqualTo(new LockOutcome.LostRace(MAIN, first, elsewhere));
      assertThat(served.tip(MAIN)).isEqualTo(elsewhere);
    }
  }

  @Test
  void aRefMovedBeforeTheLockReadsIt_isALostRace() {
    try (Ratchet one = worker("one");
        TestRepo oneRepo = TestRepo.open(dir.resolve("one.git"))) {
      String first = oneRepo.commitOn(null, "a.txt", "one");
      one.lock(LockRequest.of(first, "v-1").expectingAbsent());
      String elsewhere = served.commitOn(first, "c.txt", "pushed by a rival");
      served.forceRef(MAIN, elsewhere);
      String mine = oneRepo.commitOn(first, "b.txt", "mine");

      LockOutcome outcome = one.lock(first, mine, "v-2");

      assertThat(outcome).isEqualTo(new LockOutcome.LostRace(MAIN, first, elsewhere));
      assertThat(served.tip(MAIN)).isEqualTo(elsewhere);
    }
  }

  @Test
  void aRemoteRefThatMovedBackwards_isReported() {
    try (Ratchet one = worker("one");
        TestRepo oneRepo = TestRepo.open(dir.resolve("one.git"))) {
      String first = oneRepo.commitOn(null, "a.txt", "one");
      String second = oneRepo.commitOn(first, "b.txt", "two");
      one.lock(LockRequest.of(first, "v-1").expectingAbsent());
      one.lock(first, second, "v-2");
      served.forceRef(MAIN, first);

      assertThatThrownBy(one::tip)
          .isInstanceOf(RatchetException.class)
          .hasMessageContaining("moved backwards")
          .hasMessageContaining(second);
    }
  }

  @Test
  void anUnreachableRemote_isAFailureNamingTheRef() {
    server.close();
    try (Ratchet one = worker("one")) {
      assertThatThrownBy(one::tip)
          .isInstanceOf(RatchetException.class)
          .hasMessageContaining("could not reach the remote")
          .satisfies(e -> assertThat(((RatchetException) e).ref()).isEqualTo(MAIN));
    }
    server = new HookedGitServer(dir.resolve("served"));
  }

  /** Moves the served ref forward, as a rival's push would. */
  private static void move(Repository db, String commit) {
    try {
      RefUpdate u = db.updateRef(MAIN);
      u.setNewObjectId(ObjectId.fromString(commit));
      RefUpdate.Result r = u.update();
      assertThat(r).isEqualTo(RefUpdate.Result.FAST_FORWARD);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
