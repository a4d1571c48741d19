package dev.agentops.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ReflogEntry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The promise of Factor VI as a property over seeded random histories on a real repository:
 * attempts are committed on random bases, some are validated, locks are tried with fresh, stale and
 * absent expectations through two ratchets on one repository, and rivals win races. Every outcome
 * is the one an independent model of the commit graph predicts, and the ref's reflog shows that it
 * only ever moved forward.
 */
class RatchetPropertyTest {

  /**
   * Seeds to run; raise it for a deeper search with {@code -Dagentops.ratchet.seeds=500}. Every
   * failure names its seed and step.
   */
  private static final int SEEDS = Integer.getInteger("agentops.ratchet.seeds", 40);

  private static final int OPERATIONS = 60;
  private static final String MAIN = RatchetTest.MAIN;

  /** Outcome kinds seen over all seeds: a generator that never reaches one is a useless test. */
  private static final Set<LockOutcome.Kind> SEEN =
      java.util.Collections.synchronizedSet(EnumSet.noneOf(LockOutcome.Kind.class));

  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, SEEDS).map(i -> 0x5EED_0000L + i * 7919);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aLockedRefNeverMovesBackwards(long seed) {
    Random random = new Random(seed);
    try (TestRepo repo = TestRepo.bare(dir.resolve("repo.git"));
        Ratchet mine = Ratchet.builder(repo.dir(), MAIN).build();
        Ratchet rival = Ratchet.builder(repo.dir(), MAIN).build()) {
      Model model = new Model();
      for (int op = 0; op < OPERATIONS; op++) {
        int roll = random.nextInt(100);
        String where = "seed " + seed + ", step " + op;
        if (roll < 30 || model.commits.isEmpty()) {
          attempt(random, repo, model);
        } else if (roll < 50) {
          validate(random, model, op);
        } else if (roll < 80) {
          lock(random, model, random.nextBoolean() ? mine : rival, where + " (lock)");
        } else {
          race(random, repo, model, mine, rival, op, where + " (race)");
        }
        assertThat(repo.tip(MAIN)).as("%s: the ref", where).isEqualTo(model.tip);
      }

      List<ReflogEntry> reflog = repo.reflog(MAIN);
      String where = "seed " + seed + ", the reflog";
      assertThat(reflog).as(where).hasSize(model.locks.size());
      for (int i = 0; i < reflog.size(); i++) {
        ReflogEntry e = reflog.get(i);
        LockOutcome.Locked locked = model.locks.get(i);
        assertThat(e.getNewId().name()).as(where).isEqualTo(locked.commit());
        assertThat(e.getComment()).as(where).contains(locked.verdictId());
        if (i == 0) {
          assertThat(e.getOldId()).as(where).isEqualTo(ObjectId.zeroId());
        } else {
          String old = e.getOldId().name();
          assertThat(old).as(where).isEqualTo(reflog.get(i - 1).getNewId().name());
          assertThat(model.isAncestor(old, locked.commit()))
              .as("%s: entry %d moves forward", where, i)
              .isTrue();
          assertThat(repo.isAncestor(old, locked.commit())).as(where).isTrue();
          assertThat(old).as(where).isNotEqualTo(locked.commit());
        }
      }
    }
  }

  @AfterAll
  static void everyOutcomeWasReached() {
    if (SEEDS >= 20) {
      assertThat(SEEN).containsExactlyInAnyOrder(LockOutcome.Kind.values());
    }
  }

  /** A worker commits on a random base: the tip, any earlier commit, nothing, or two commits. */
  private static void attempt(Random random, TestRepo repo, Model model) {
    int roll = random.nextInt(100);
    String commit;
    if (model.commits.isEmpty() || roll < 10) {
      commit = repo.commitOn(null, file(random), "orphan " + random.nextInt());
      model.add(commit);
    } else if (roll < 20 && model.commits.size() > 1) {
      String a = pick(random, model.commits);
      String b = pick(random, model.commits);
      if (a.equals(b)) {
        return;
      }
      Map<String, String> files = new LinkedHashMap<>(repo.files(a));
      files.putAll(repo.files(b));
      commit = repo.commit(files, a, b);
      model.add(commit, a, b);
    } else {
      String base = model.tip != null && roll < 65 ? model.tip : pick(random, model.commits);
      commit = repo.commitOn(base, file(random), "change " + random.nextInt());
      model.add(commit, base);
    }
  }

  /** An external validator passes or fails an attempt. */
  private static void validate(Random random, Model model, int op) {
    String commit = pick(random, model.commits);
    if (model.verdicts.containsKey(commit) || model.failed.contains(commit)) {
      return;
    }
    if (random.nextInt(100) < 70) {
      model.verdicts.put(commit, "v-" + op);
    } else {
      model.failed.add(commit);
    }
  }

  /** Locks a validated commit with a random expectation; the model predicts the outcome. */
  private static void lock(Random random, Model model, Ratchet ratchet, String where) {
    if (model.verdicts.isEmpty()) {
      return;
    }
    String commit = pick(random, new ArrayList<>(model.verdicts.keySet()));
    LockRequest request = LockRequest.of(commit, model.verdicts.get(commit));
    int roll = random.nextInt(100);
    if (roll < 30) {
      request = model.tip == null ? request.expectingAbsent() : request.expecting(model.tip);
    } else if (roll < 55) {
      request = request.expecting(pick(random, model.commits));
    } else if (roll < 65) {
      request = request.expectingAbsent();
    }
    check(model, ratchet, request, where);
  }

  /** Two workers start from the tip; the rival locks first, and the other loses the race. */
  private static void race(
      Random random,
      TestRepo repo,
      Model model,
      Ratchet mine,
      Ratchet rival,
      int op,
      String where) {
    if (model.tip == null) {
      return;
    }
    String base = model.tip;
    String ours = repo.commitOn(base, file(random), "ours " + op);
    String theirs = repo.commitOn(base, file(random), "theirs " + op);
    model.add(ours, base);
    model.add(theirs, base);
    model.verdicts.put(ours, "v-ours-" + op);
    model.verdicts.put(theirs, "v-theirs-" + op);
    check(model, rival, LockRequest.of(theirs, "v-theirs-" + op).expecting(base), where);
    LockOutcome lost =
        check(model, mine, LockRequest.of(ours, "v-ours-" + op).expecting(base), where);
    assertThat(lost).as(where).isEqualTo(new LockOutcome.LostRace(MAIN, base, theirs));
  }

  private static LockOutcome check(
      Model model, Ratchet ratchet, LockRequest request, String where) {
    LockOutcome predicted = model.predict(request);
    LockOutcome actual = ratchet.lock(request);
    assertThat(actual).as("%s: %s", where, request).isEqualTo(predicted);
    SEEN.add(actual.kind());
    if (actual instanceof LockOutcome.Locked locked) {
      model.tip = locked.commit();
      model.locks.add(locked);
    }
    return actual;
  }

  private static String file(Random random) {
    return "f" + random.nextInt(5) + ".txt";
  }

  private static <T> T pick(Random random, List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  /** The commit graph and the ref as the test believes them to be, independent of JGit. */
  private static final class Model {
    final Map<String, List<String>> parents = new HashMap<>();
    final List<String> commits = new ArrayList<>();
    final Map<String, String> verdicts = new LinkedHashMap<>();
    final Set<String> failed = new HashSet<>();
    final List<LockOutcome.Locked> locks = new ArrayList<>();
    @Nullable String tip;

    void add(String commit, String... parentIds) {
      if (parents.putIfAbsent(commit, List.of(parentIds)) == null) {
        commits.add(commit);
      }
    }

    boolean isAncestor(String ancestor, String commit) {
      Deque<String> todo = new ArrayDeque<>(List.of(commit));
      Set<String> seen = new HashSet<>();
      while (!todo.isEmpty()) {
        String c = todo.pop();
        if (c.equals(ancestor)) {
          return true;
        }
        if (seen.add(c)) {
          todo.addAll(parents.getOrDefault(c, List.of()));
        }
      }
      return false;
    }

    LockOutcome predict(LockRequest r) {
      String expected;
      switch (r.expected()) {
        case CURRENT:
          expected = tip;
          break;
        case ABSENT:
          expected = null;
          break;
        default:
          expected = r.expectedOld();
      }
      if (!Objects.equals(expected, tip)) {
        return new LockOutcome.LostRace(MAIN, expected, tip);
      }
      if (tip != null && isAncestor(r.commit(), tip)) {
        return new LockOutcome.AlreadyLocked(MAIN, tip, r.commit());
      }
      if (tip != null && !isAncestor(tip, r.commit())) {
        return new LockOutcome.NotFastForward(MAIN, tip, r.commit());
      }
      return new LockOutcome.Locked(MAIN, tip, r.commit(), r.verdictId());
    }
  }
}
