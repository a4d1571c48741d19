package dev.agentops.ratchet;

import java.nio.file.Path;

/**
 * A worker in its own process: opens its own repository and, round after round, commits on the
 * remote's tip and tries to lock the commit there. The first round is based on a given commit, so
 * that every worker contends for it. Prints {@code <KIND> <base> <commit or actual tip>} per round.
 * Used by {@link RatchetProcessesTest}.
 */
public final class LockerProcess {

  private LockerProcess() {}

  /**
   * Runs the worker.
   *
   * @param args the local repository, the remote's URL, the worker's name, the first base, and the
   *     number of rounds
   */
  public static void main(String[] args) {
    Path local = Path.of(args[0]);
    String remote = args[1];
    String worker = args[2];
    String base = args[3];
    int rounds = Integer.parseInt(args[4]);
    try (Ratchet ratchet =
            Ratchet.builder(local, RatchetTest.MAIN).create(true).remote(remote).build();
        TestRepo repo = TestRepo.open(local)) {
      ratchet.tip(); // brings the first base's objects here
      for (int round = 0; round < rounds; round++) {
        String mine = repo.commitOn(base, worker + ".txt", worker + " round " + round);
        LockOutcome outcome = ratchet.lock(base, mine, "verdict-" + worker + "-" + round);
        String detail;
        if (outcome instanceof LockOutcome.Locked locked) {
          detail = locked.commit();
        } else if (outcome instanceof LockOutcome.LostRace lost) {
          detail = String.valueOf(lost.actual());
        } else {
          detail = outcome.toString().replace(' ', '_');
        }
        System.out.println(outcome.kind() + " " + base + " " + detail);
        System.out.flush();
        base = ratchet.tip().orElseThrow();
      }
    }
  }
}
