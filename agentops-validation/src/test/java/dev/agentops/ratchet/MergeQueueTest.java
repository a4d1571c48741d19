package dev.agentops.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.validation.VerdictStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ReflogEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MergeQueueTest {

  static final String MAIN = RatchetTest.MAIN;

  @TempDir Path dir;
  TestRepo repo;
  Ratchet ratchet;
  String base;

  /** Every commit the validator was asked about, and a verdict id per call. */
  final List<String> validated = new CopyOnWriteArrayList<>();

  final CandidateValidator passing =
      (candidate, commit) -> {
        validated.add(commit);
        return Assessment.pass("re-" + candidate.id() + "-" + validated.size());
      };

  @BeforeEach
  void open() {
    repo = TestRepo.bare(dir.resolve("repo.git"));
    ratchet = Ratchet.builder(repo.dir(), MAIN).build();
    base =
        repo.commit(
            Map.of("a.txt", "alpha\nbeta\ngamma\n", "b.txt", "one\ntwo\nthree\n", "c.txt", "c\n"));
    ratchet.lock(LockRequest.of(base, "v-base").expectingAbsent());
  }

  @AfterEach
  void close() {
    ratchet.close();
    repo.close();
  }

  MergeQueue queue(MergeQueue.Integration integration) {
    return MergeQueue.builder(ratchet).integration(integration).validator(passing).build();
  }

  @Nested
  class Integrating {

    @Test
    void aCandidateOnTheTip_isLockedAsItIs_withoutValidatingAgain() {
      String mine = repo.commitOn(base, "a.txt", "alpha\nBETA\ngamma\n");

      MergeOutcome outcome =
          queue(MergeQueue.Integration.MERGE).submit(Candidate.of("w1", mine, "v-1"));

      assertThat(outcome)
          .isEqualTo(
              new MergeOutcome.Locked(
                  "w1",
                  new LockOutcome.Locked(MAIN, base, mine, "v-1"),
                  MergeOutcome.Method.FAST_FORWARD,
                  false,
                  1));
      assertThat(validated).isEmpty();
    }

    @Test
    void aCandidateOnAnOldTip_isMerged_validatedAgain_andLockedWithTheNewVerdict() {
      String first = repo.commitOn(base, "a.txt", "alpha\nBETA\ngamma\n");
      String second = repo.commitOn(base, "b.txt", "one\nTWO\nthree\n");
      MergeQueue queue = queue(MergeQueue.Integration.MERGE);
      queue.submit(Candidate.of("w1", first, "v-1"));

      MergeOutcome outcome = queue.submit(Candidate.of("w2", second, "v-2"));

      assertThat(outcome.kind()).isEqualTo(MergeOutcome.Kind.LOCKED);
      MergeOutcome.Locked locked = (MergeOutcome.Locked) outcome;
      assertThat(locked.method()).isEqualTo(MergeOutcome.Method.MERGED);
      assertThat(locked.revalidated()).isTrue();
      String merge = locked.lock().commit();
      assertThat(repo.tip(MAIN)).isEqualTo(merge);
      assertThat(repo.parents(merge)).containsExactly(first, second);
      assertThat(repo.files(merge))
          .containsEntry("a.txt", "alpha\nBETA\ngamma\n")
          .containsEntry("b.txt", "one\nTWO\nthree\n");
      assertThat(validated).containsExactly(merge);
      assertThat(locked.lock().verdictId()).isEqualTo("re-w2-1");
      List<ReflogEntry> log = repo.reflog(MAIN);
      assertThat(log.get(log.size() - 1).getComment()).contains("re-w2-1");
    }

    @Test
    void aCandidateOnAnOldTip_isRebased_keepingItsCommitsAuthorsAndMessages() throws Exception {
      String first = repo.commitOn(base, "a.txt", "alpha\nBETA\ngamma\n");
      String second1 = repo.commitOn(base, "b.txt", "one\nTWO\nthree\n");
      String second2 = repo.commitOn(second1, "c.txt", "C\n");
      MergeQueue queue = queue(MergeQueue.Integration.REBASE);
      queue.submit(Candidate.of("w1", first, "v-1"));

      MergeOutcome.Locked locked =
          (MergeOutcome.Locked) queue.submit(Candidate.of("w2", second2, "v-2"));

      assertThat(locked.method()).isEqualTo(MergeOutcome.Method.REBASED);
      String top = locked.lock().commit();
      String middle = repo.parents(top).get(0);
      assertThat(repo.parents(middle)).containsExactly(first);
      assertThat(repo.files(middle))
          .containsEntry("a.txt", "alpha\nBETA\ngamma\n")
          .containsEntry("b.txt", "one\nTWO\nthree\n")
          .containsEntry("c.txt", "c\n");
      assertThat(repo.files(top)).containsEntry("c.txt", "C\n");
      try (var walk = new org.eclipse.jgit.revwalk.RevWalk(repo.repository())) {
        var replayed = walk.parseCommit(org.eclipse.jgit.lib.ObjectId.fromString(top));
        var original = walk.parseCommit(org.eclipse.jgit.lib.ObjectId.fromString(second2));
        assertThat(replayed.getFullMessage()).isEqualTo(original.getFullMessage());
        assertThat(replayed.getAuthorIdent()).isEqualTo(original.getAuthorIdent());
        assertThat(replayed.getCommitterIdent().getName()).isEqualTo("AgentOps");
      }
      assertThat(validated).containsExactly(top);
    }

    @Test
    void editsOfDifferentLinesOfOneFile_mergeCleanly() {
      String first = repo.commitOn(base, "a.txt", "ALPHA\nbeta\ngamma\n");
      String second = repo.commitOn(base, "a.txt", "alpha\nbeta\nGAMMA\n");
      MergeQueue queue = queue(MergeQueue.Integration.REBASE);
      queue.submit(Candidate.of("w1", first, "v-1"));

      MergeOutcome.Locked locked =
          (MergeOutcome.Locked) queue.submit(Candidate.of("w2", second, "v-2"));

      assertThat(repo.files(locked.lock().commit())).containsEntry("a.txt", "ALPHA\nbeta\nGAMMA\n");
    }

    @ParameterizedTest
    @EnumSource(MergeQueue.Integration.class)
    void conflictingEdits_comeBackAsAConflict_andNothingMoves(MergeQueue.Integration how) {
      String first = repo.commitOn(base, "b.txt", "one\nTWO by one\nthree\n");
      String second = repo.commitOn(base, "b.txt", "one\nTWO by two\nthree\n");
      MergeQueue queue = queue(how);
      queue.submit(Candidate.of("w1", first, "v-1"));

      MergeOutcome outcome = queue.submit(Candidate.of("w2", second, "v-2"));

      assertThat(outcome).isEqualTo(new MergeOutcome.Conflicted("w2", first, List.of("b.txt")));
      assertThat(repo.tip(MAIN)).isEqualTo(first);
      assertThat(validated).isEmpty();
    }

    @Test
    void aCandidateTheRefAlreadyHolds_isAlreadyLocked() {
      String first = repo.commitOn(base, "a.txt", "x\n");
      String next = repo.commitOn(first, "b.txt", "y\n");
      ratchet.lock(base, first, "v-1");
      ratchet.lock(first, next, "v-2");

      assertThat(queue(MergeQueue.Integration.MERGE).submit(Candidate.of("w1", first, "v-1")))
          .isEqualTo(new MergeOutcome.AlreadyLocked("w1", next));
    }

    @Test
    void anAbsentRef_takesTheCandidateAsItsFirstLock() throws Exception {
      try (Ratchet other = Ratchet.builder(repo.dir(), "refs/heads/release").build()) {
        MergeOutcome outcome =
            MergeQueue.builder(other)
                .validator(passing)
                .build()
                .submit(Candidate.of("w1", base, "v-1").step("release"));

        assertThat(outcome.kind()).isEqualTo(MergeOutcome.Kind.LOCKED);
        assertThat(((MergeOutcome.Locked) outcome).lock().previous()).isNull();
        assertThat(repo.tip("refs/heads/release")).isEqualTo(base);
      }
    }
  }

  @Nested
  class Revalidating {

    @Test
    void aFailedRevalidation_rejectsTheCandidate_andNothingMoves() {
      String first = repo.commitOn(base, "a.txt", "alpha\nBETA\ngamma\n");
      String second = repo.commitOn(base, "b.txt", "one\nTWO\nthree\n");
      MergeQueue queue =
          MergeQueue.builder(ratchet)
              .validator((c, commit) -> Assessment.fail("the merged build breaks"))
              .build();
      ratchet.lock(base, first, "v-1");

      MergeOutcome outcome = queue.submit(Candidate.of("w2", second, "v-2"));

      assertThat(outcome.kind()).isEqualTo(MergeOutcome.Kind.REJECTED);
      MergeOutcome.Rejected rejected = (MergeOutcome.Rejected) outcome;
      assertThat(rejected.assessment()).isEqualTo(Assessment.fail("the merged build breaks"));
      assertThat(repo.parents(rejected.commit())).containsExactly(first, second);
      assertThat(repo.tip(MAIN)).isEqualTo(first);
    }

    @Test
    void aValidatorThatThrows_rejectsTheCandidate_andTheQueueCarriesOn() {
      String first = repo.commitOn(base, "a.txt", "alpha\nBETA\ngamma\n");
      String second = repo.commitOn(base, "b.txt", "one\nTWO\nthree\n");
      AtomicInteger calls = new AtomicInteger();
      MergeQueue queue =
          MergeQueue.builder(ratchet)
              .validator((c, commit) -> {
                if (calls.incrementAndGet() == 1) {
                  throw new IllegalStateException("the judge crashed");
                }
                return Assessment.pass("v-retry");
              })
              .build();
      ratchet.lock(base, first, "v-1");

      MergeOutcome outcome = queue.submit(Candidate.of("w2", second, "v-2"));

      assertThat(outcome.kind()).isEqualTo(MergeOutcome.Kind.REJECTED);
      Assessment a = ((MergeOutcome.Rejected) outcome).assessment();
      assertThat(a.status()).isEqualTo(VerdictStatus.ERROR);
      assertThat(a.summary()).contains("IllegalStateException");
      assertThat(repo.tip(MAIN)).isEqualTo(first);

      assertThat(queue.submit(Candidate.of("w2", second, "v-2")).kind())
          .isEqualTo(MergeOutcome.Kind.LOCKED);
    }

    @Test
    void always_validatesEvenAFastForward() {
      String mine = repo.commitOn(base, "a.txt", "x\n");
      MergeQueue queue =
          MergeQueue.builder(ratchet)
              .revalidation(MergeQueue.Revalidation.ALWAYS)
              .validator(passing)
              .build();

      MergeOutcome.Locked locked =
          (MergeOutcome.Locked) queue.submit(Candidate.of("w1", mine, "v-1"));

      assertThat(locked.revalidated()).isTrue();
      assertThat(validated).containsExactly(mine);
      assertThat(locked.lock().verdictId()).isEqualTo("re-w1-1");
    }

    @Test
    void never_locksTheMergeOnTheCandidatesOwnVerdict() {
      String first = repo.commitOn(base, "a.txt", "alpha\nBETA\ngamma\n");
      String second = repo.commitOn(base, "b.txt", "one\nTWO\nthree\n");
      ratchet.lock(base, first, "v-1");
      MergeQueue queue =
          MergeQueue.builder(ratchet).revalidation(MergeQueue.Revalidation.NEVER).build();

      MergeOutcome.Locked locked =
          (MergeOutcome.Locked) queue.submit(Candidate.of("w2", second, "v-2"));

      assertThat(locked.revalidated()).isFalse();
      assertThat(locked.lock().verdictId()).isEqualTo("v-2");
    }

    @Test
    void revalidatingWithoutAValidator_isRefusedWhenTheQueueIsBuilt() {
      assertThatThrownBy(() -> MergeQueue.builder(ratchet).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs a validator");
    }
  }

  @Nested
  class Racing {

    @Test
    void aWriterThatMovesTheRefDuringValidation_makesTheQueueIntegrateAgain() {
      String first = repo.commitOn(base, "a.txt", "alpha\nBETA\ngamma\n");
      String second = repo.commitOn(base, "b.txt", "one\nTWO\nthree\n");
      String rival = repo.commitOn(base, "c.txt", "rival\n");
      ratchet.lock(base, first, "v-1");
      String rivalMerge =
          repo.commit(
              Map.of(
                  "a.txt",
                  "alpha\nBETA\ngamma\n",
                  "b.txt",
                  "one\ntwo\nthree\n",
                  "c.txt",
                  "rival\n"),
              first,
              rival);
      AtomicInteger calls = new AtomicInteger();
      try (Ratchet elsewhere = Ratchet.builder(repo.dir(), MAIN).build()) {
        MergeQueue queue =
            MergeQueue.builder(ratchet)
                .validator((c, commit) -> {
                  validated.add(commit);
                  if (calls.incrementAndGet() == 1) {
                    // Another writer locks while this candidate is being validated.
                    assertThat(elsewhere.lock(first, rivalMerge, "v-rival").kind())
                        .isEqualTo(LockOutcome.Kind.LOCKED);
                  }
                  return Assessment.pass("re-" + calls.get());
                })
                .build();

        MergeOutcome.Locked locked =
            (MergeOutcome.Locked) queue.submit(Candidate.of("w2", second, "v-2"));

        assertThat(locked.attempts()).isEqualTo(2);
        assertThat(validated).hasSize(2);
        String merge = locked.lock().commit();
        assertThat(validated.get(1)).isEqualTo(merge);
        assertThat(repo.parents(merge)).containsExactly(rivalMerge, second);
        assertThat(repo.files(merge))
            .containsEntry("a.txt", "alpha\nBETA\ngamma\n")
            .containsEntry("b.txt", "one\nTWO\nthree\n")
            .containsEntry("c.txt", "rival\n");
        assertThat(locked.lock().verdictId()).isEqualTo("re-2");
      }
    }

    @Test
    void aRefThatKeepsMoving_givesUpAfterTheAttempts() {
      String second = repo.commitOn(base, "b.txt", "one\nTWO\nthree\n");
      String first = repo.commitOn(base, "a.txt", "x\n");
      ratchet.lock(base, first, "v-1");
      try (Ratchet elsewhere = Ratchet.builder(repo.dir(), MAIN).build()) {
        MergeQueue queue =
            MergeQueue.builder(ratchet)
                .maxAttempts(3)
                .validator((c, commit) -> {
                  String tip = elsewhere.tip().orElseThrow();
                  String next = repo.commitOn(tip, "d.txt", "moved " + validated.size());
                  validated.add(commit);
                  elsewhere.lock(tip, next, "v-elsewhere");
                  return Assessment.pass("v");
                })
                .build();

        MergeOutcome outcome = queue.submit(Candidate.of("w2", second, "v-2"));

        assertThat(outcome)
            .isEqualTo(new MergeOutcome.Contended("w2", 3, repo.parents(repo.tip(MAIN)).get(0)));
        assertThat(validated).hasSize(3);
      }
    }

    @Test
    void parallelWorkersOnOneBase_allGetLocked_oneAtATime() throws Exception {
      int workers = 6;
      List<String> candidates = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        candidates.add(repo.commitOn(base, "w" + w + ".txt", "work of " + w + "\n"));
      }
      MergeQueue queue = queue(MergeQueue.Integration.MERGE);
      ExecutorService pool = Executors.newFixedThreadPool(workers);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<MergeOutcome>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          Candidate c = Candidate.of("w" + w, candidates.get(w), "v-" + w);
          futures.add(
              pool.submit(() -> {
                start.await();
                return queue.submit(c);
              }));
        }
        start.countDown();
        for (Future<MergeOutcome> f : futures) {
          assertThat(f.get(60, TimeUnit.SECONDS).kind()).isEqualTo(MergeOutcome.Kind.LOCKED);
        }
      } finally {
        pool.shutdownNow();
      }
      String tip = repo.tip(MAIN);
      for (int w = 0; w < workers; w++) {
        assertThat(repo.isAncestor(candidates.get(w), tip)).isTrue();
        assertThat(repo.files(tip)).containsEntry("w" + w + ".txt", "work of " + w + "\n");
      }
      assertThat(repo.reflog(MAIN)).hasSize(1 + workers);
    }
  }

  @Nested
  class ThroughARemote {

    @Test
    void workersWithTheirOwnRepositories_mergeOntoTheRemotesTip() {
      try (HookedGitServer server = new HookedGitServer(dir.resolve("served"))) {
        String url = server.createRepository("shared.git");
        try (Ratchet one =
                Ratchet.builder(dir.resolve("one.git"), MAIN).create(true).remote(url).build();
            Ratchet two =
                Ratchet.builder(dir.resolve("two.git"), MAIN).create(true).remote(url).build();
            TestRepo oneRepo = TestRepo.open(dir.resolve("one.git"));
            TestRepo twoRepo = TestRepo.open(dir.resolve("two.git"));
            TestRepo served = TestRepo.open(dir.resolve("served/shared.git"))) {
          String seed = oneRepo.commitOn(null, "a.txt", "a\n");
          one.lock(LockRequest.of(seed, "v-seed").expectingAbsent());
          two.tip();
          String byOne = oneRepo.commitOn(seed, "one.txt", "1\n");
          String byTwo = twoRepo.commitOn(seed, "two.txt", "2\n");

          MergeQueue.builder(one)
              .validator(passing)
              .build()
              .submit(Candidate.of("one", byOne, "v-1"));
          MergeOutcome outcome =
              MergeQueue.builder(two)
                  .validator(passing)
                  .build()
                  .submit(Candidate.of("two", byTwo, "v-2"));

          assertThat(outcome.kind()).isEqualTo(MergeOutcome.Kind.LOCKED);
          String merged = ((MergeOutcome.Locked) outcome).lock().commit();
          assertThat(served.tip(MAIN)).isEqualTo(merged);
          assertThat(served.parents(merged)).containsExactly(byOne, byTwo);
          assertThat(served.files(merged)).containsKeys("a.txt", "one.txt", "two.txt");
        }
      }
    }
  }
}
