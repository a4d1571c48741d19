package dev.agentops.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ReflogEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatchetTest {

  static final String MAIN = "refs/heads/main";

  @TempDir Path dir;
  TestRepo repo;
  Ratchet ratchet;

  @BeforeEach
  void open() {
    repo = TestRepo.bare(dir.resolve("repo.git"));
    ratchet = Ratchet.builder(repo.dir(), MAIN).build();
  }

  @AfterEach
  void close() {
    ratchet.close();
    repo.close();
  }

  @Nested
  class Locking {

    @Test
    void lock_createsTheRefWhenItIsAbsent() {
      String first = repo.commitOn(null, "a.txt", "one");

      LockOutcome outcome = ratchet.lock(LockRequest.of(first, "v-1").expectingAbsent());

      assertThat(outcome).isEqualTo(new LockOutcome.Locked(MAIN, null, first, "v-1"));
      assertThat(repo.tip(MAIN)).isEqualTo(first);
      assertThat(ratchet.tip()).contains(first);
    }

    @Test
    void lock_movesTheRefForwardToADescendant() {
      String base = lockFirst();
      String next = repo.commitOn(base, "b.txt", "two");

      LockOutcome outcome = ratchet.lock(base, next, "v-2");

      assertThat(outcome.kind()).isEqualTo(LockOutcome.Kind.LOCKED);
      assertThat(outcome.holds()).isTrue();
      assertThat(outcome).isEqualTo(new LockOutcome.Locked(MAIN, base, next, "v-2"));
      assertThat(repo.tip(MAIN)).isEqualTo(next);
    }

    @Test
    void lock_fromTheCurrentTip_movesSeveralCommitsAtOnce() {
      String base = lockFirst();
      String a = repo.commitOn(base, "b.txt", "two");
      String b = repo.commitOn(a, "c.txt", "three");

      LockOutcome outcome = ratchet.lock(b, "v-2");

      assertThat(outcome).isEqualTo(new LockOutcome.Locked(MAIN, base, b, "v-2"));
    }

    @Test
    void lock_refusesACommitBesideTheTip_andLeavesTheRefAlone() {
      String base = lockFirst();
      String locked = repo.commitOn(base, "b.txt", "locked");
      ratchet.lock(base, locked, "v-2");
      String sibling = repo.commitOn(base, "b.txt", "a rival");

      LockOutcome outcome = ratchet.lock(sibling, "v-3");

      assertThat(outcome).isEqualTo(new LockOutcome.NotFastForward(MAIN, locked, sibling));
      assertThat(outcome.holds()).isFalse();
      assertThat(repo.tip(MAIN)).isEqualTo(locked);
    }

    @Test
    void lock_ofAnUnrelatedHistory_isNotAFastForward() {
      String base = lockFirst();
      String orphan = repo.commitOn(null, "x.txt", "elsewhere");

      assertThat(ratchet.lock(orphan, "v-2"))
          .isEqualTo(new LockOutcome.NotFastForward(MAIN, base, orphan));
      assertThat(repo.tip(MAIN)).isEqualTo(base);
    }

    @Test
    void lock_ofAnAncestor_neverMovesTheRefBack() {
      String base = lockFirst();
      String next = repo.commitOn(base, "b.txt", "two");
      ratchet.lock(base, next, "v-2");

      LockOutcome outcome = ratchet.lock(base, "v-3");

      assertThat(outcome).isEqualTo(new LockOutcome.AlreadyLocked(MAIN, next, base));
      assertThat(outcome.holds()).isTrue();
      assertThat(repo.tip(MAIN)).isEqualTo(next);
    }

    @Test
    void lock_ofTheTipItself_isAlreadyLocked() {
      String base = lockFirst();

      assertThat(ratchet.lock(base, base, "v-2"))
          .isEqualTo(new LockOutcome.AlreadyLocked(MAIN, base, base));
    }

    @Test
    void lock_expectingAStaleTip_losesTheRace() {
      String base = lockFirst();
      String winner = repo.commitOn(base, "b.txt", "first");
      String loser = repo.commitOn(base, "b.txt", "second");
      ratchet.lock(base, winner, "v-2");

      LockOutcome outcome = ratchet.lock(base, loser, "v-3");

      assertThat(outcome).isEqualTo(new LockOutcome.LostRace(MAIN, base, winner));
      assertThat(repo.tip(MAIN)).isEqualTo(winner);
    }

    @Test
    void lock_expectingAbsence_losesTheRaceOnceTheRefExists() {
      String base = lockFirst();
      String next = repo.commitOn(base, "b.txt", "two");

      assertThat(ratchet.lock(LockRequest.of(next, "v-2").expectingAbsent()))
          .isEqualTo(new LockOutcome.LostRace(MAIN, null, base));
    }

    @Test
    void lock_expectingACommit_losesTheRaceWhenTheRefIsAbsent() {
      String a = repo.commitOn(null, "a.txt", "one");
      String b = repo.commitOn(a, "b.txt", "two");

      assertThat(ratchet.lock(a, b, "v-1")).isEqualTo(new LockOutcome.LostRace(MAIN, a, null));
      assertThat(repo.tip(MAIN)).isNull();
    }

    @Test
    void lock_writesTheVerdictAndStepIntoTheReflog_evenInABareRepository() {
      String base = lockFirst();
      String next = repo.commitOn(base, "b.txt", "two");
      ratchet.lock(LockRequest.of(next, "council-42").expecting(base).step("implement"));

      List<ReflogEntry> log = repo.reflog(MAIN);

      assertThat(log).hasSize(2);
      assertThat(log.get(0).getOldId()).isEqualTo(ObjectId.zeroId());
      assertThat(log.get(1).getOldId().name()).isEqualTo(base);
      assertThat(log.get(1).getNewId().name()).isEqualTo(next);
      assertThat(log.get(1).getComment()).contains("implement").contains("council-42");
    }

    @Test
    void holds_tellsWhetherTheRefIsAtOrPastACommit() {
      String base = lockFirst();
      String next = repo.commitOn(base, "b.txt", "two");
      String sibling = repo.commitOn(base, "b.txt", "three");
      ratchet.lock(base, next, "v-2");

      assertThat(ratchet.holds(base)).isTrue();
      assertThat(ratchet.holds(next)).isTrue();
      assertThat(ratchet.holds(sibling)).isFalse();
    }

    @Test
    void tip_isEmptyBeforeTheFirstLock() {
      assertThat(ratchet.tip()).isEmpty();
      assertThat(ratchet.ref()).isEqualTo(MAIN);
      assertThat(ratchet.remote()).isEmpty();
    }

    private String lockFirst() {
      String first = repo.commitOn(null, "a.txt", "one");
      assertThat(ratchet.lock(LockRequest.of(first, "v-1").expectingAbsent()).kind())
          .isEqualTo(LockOutcome.Kind.LOCKED);
      return first;
    }
  }

  @Nested
  class Mistakes {

    @Test
    void aCommitNotInTheRepository_isRefused() {
      String missing = "0123456789abcdef0123456789abcdef01234567";

      assertThatThrownBy(() -> ratchet.lock(missing, "v-1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(missing)
          .hasMessageContaining("not in the repository");
    }

    @Test
    void anObjectThatIsNotACommit_isRefused() throws Exception {
      String blob;
      try (var inserter = repo.repository().newObjectInserter()) {
        blob = inserter.insert(org.eclipse.jgit.lib.Constants.OBJ_BLOB, new byte[] {1}).name();
        inserter.flush();
      }

      assertThatThrownBy(() -> ratchet.lock(blob, "v-1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a commit");
    }

    @Test
    void aLockWithoutAVerdict_isRefused() {
      String c = repo.commitOn(null, "a.txt", "one");

      assertThatThrownBy(() -> LockRequest.of(c, " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("verdictId");
      assertThatThrownBy(() -> LockRequest.of(c, "v\n1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("one line");
    }

    @Test
    void requestsAreChecked() {
      String c = repo.commitOn(null, "a.txt", "one");

      assertThatThrownBy(() -> LockRequest.of("abc", "v-1"))
          .hasMessage("commit must be a full 40-digit hexadecimal object id, but was 'abc'");
      assertThatThrownBy(() -> LockRequest.of(c, "v-1").step("Not A Step"))
          .hasMessageContaining("step must be");
      assertThatThrownBy(
              () -> new LockRequest(c, "v-1", LockRequest.ExpectedTip.CURRENT, c, "lock"))
          .hasMessageContaining("expectedOld is given only when expected is COMMIT");
      assertThat(LockRequest.of(c.toUpperCase(java.util.Locale.ROOT), "v-1").commit()).isEqualTo(c);
    }

    @Test
    void refNamesAreChecked() {
      assertThatThrownBy(() -> Ratchet.builder(repo.dir(), "main"))
          .hasMessageContaining("ref must be a valid full ref name under refs/");
      assertThatThrownBy(() -> Ratchet.builder(repo.dir(), "refs/heads/a..b"))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingRepositoryIsNotCreatedUnlessAskedFor() {
      assertThatThrownBy(() -> Ratchet.builder(dir.resolve("none"), MAIN).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no git repository at 'none'");

      try (Ratchet created = Ratchet.builder(dir.resolve("new.git"), MAIN).create(true).build()) {
        assertThat(created.tip()).isEmpty();
      }
      assertThat(dir.resolve("new.git/HEAD")).exists();
    }

    @Test
    void aClosedRatchetRefusesWork() {
      ratchet.close();

      assertThatThrownBy(() -> ratchet.tip())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }

    @Test
    void theCheckedOutBranchOfAWorkingTree_isNotMoved() throws Exception {
      Path work = dir.resolve("work");
      try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
        Files.writeString(work.resolve("a.txt"), "one");
        git.add().addFilepattern("a.txt").call();
        String base = git.commit().setMessage("one").setSign(false).call().name();
        TestRepo inWork = TestRepo.open(work.resolve(".git"));
        String next = inWork.commitOn(base, "b.txt", "two");
        inWork.close();

        try (Ratchet r = Ratchet.builder(work, MAIN).build()) {
          assertThatThrownBy(() -> r.lock(base, next, "v-1"))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("checked out");
        }
        try (Ratchet other = Ratchet.builder(work, "refs/heads/release").build()) {
          assertThat(other.lock(next, "v-1").kind()).isEqualTo(LockOutcome.Kind.LOCKED);
        }
      }
    }

    @Test
    void aLockFileThatStaysHeld_isAFailureNamingTheRef_andNothingMoves() throws Exception {
      String base = repo.commitOn(null, "a.txt", "one");
      ratchet.lock(LockRequest.of(base, "v-1").expectingAbsent());
      String next = repo.commitOn(base, "b.txt", "two");
      Path lockFile = repo.dir().resolve("refs/heads/main.lock");
      Files.writeString(lockFile, base + "\n");

      try (Ratchet impatient = Ratchet.builder(repo.dir(), MAIN).maxAttempts(3).build()) {
        assertThatThrownBy(() -> impatient.lock(base, next, "v-2"))
            .isInstanceOf(RatchetException.class)
            .hasMessageContaining("lock stayed held")
            .satisfies(e -> assertThat(((RatchetException) e).ref()).isEqualTo(MAIN));
      }
      assertThat(repo.tip(MAIN)).isEqualTo(base);

      Files.delete(lockFile);
      assertThat(ratchet.lock(base, next, "v-2").kind()).isEqualTo(LockOutcome.Kind.LOCKED);
    }
  }
}
