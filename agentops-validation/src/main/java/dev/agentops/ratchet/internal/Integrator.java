package dev.agentops.ratchet.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.jspecify.annotations.Nullable;

/**
 * Brings a candidate commit onto a newer tip, in memory: no working tree, no index. A merge makes
 * one commit with the tip and the candidate as parents; a rebase replays the candidate's own
 * commits (those the tip does not have, along first parents) one by one on the tip, keeping their
 * authors and messages. Both use JGit's recursive three-way merger.
 */
public final class Integrator {

  private Integrator() {}

  /**
   * What integration produced.
   *
   * @param commit the new commit, or null if there were conflicts
   * @param conflicts the paths that could not be merged, sorted
   * @param replayed how many commits a rebase replayed; 1 for a merge
   */
  public record Result(@Nullable ObjectId commit, List<String> conflicts, int replayed) {}

  /** Merges {@code candidate} into {@code tip}: a merge commit with both as parents. */
  public static Result merge(
      Repository repository,
      RevWalk walk,
      RevCommit tip,
      RevCommit candidate,
      PersonIdent committer,
      String message)
      throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      ResolveMerger merger =
          (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter, repository.getConfig());
      if (!merger.merge(tip, candidate)) {
        return conflicts(merger);
      }
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(merger.getResultTreeId());
      c.setParentIds(tip, candidate);
      c.setAuthor(committer);
      c.setCommitter(committer);
      c.setMessage(message);
      ObjectId id = inserter.insert(c);
      inserter.flush();
      return new Result(id, List.of(), 1);
    }
  }

  /** Replays the candidate's commits that the tip does not have onto the tip. */
  public static Result rebase(
      Repository repository,
      RevWalk walk,
      RevCommit tip,
      RevCommit candidate,
      PersonIdent committer)
      throws IOException {
    List<RevCommit> own = new ArrayList<>();
    RevCommit at = candidate;
    while (true) {
      walk.reset();
      if (walk.isMergedInto(walk.parseCommit(at), walk.parseCommit(tip))) {
        break;
      }
      own.add(0, at);
      if (at.getParentCount() == 0) {
        break;
      }
      at = walk.parseCommit(at.getParent(0));
    }
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId onto = tip;
      for (RevCommit c : own) {
        ResolveMerger merger =
            (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter, repository.getConfig());
        if (c.getParentCount() > 0) {
          merger.setBase(walk.parseCommit(c.getParent(0)).getTree());
        } else {
          merger.setBase(inserter.insert(new TreeFormatter()));
        }
        if (!merger.merge(onto, c)) {
          return conflicts(merger);
        }
        CommitBuilder b = new CommitBuilder();
        b.setTreeId(merger.getResultTreeId());
        b.setParentId(onto);
        b.setAuthor(c.getAuthorIdent());
        b.setCommitter(committer);
        b.setMessage(c.getFullMessage());
        onto = inserter.insert(b);
      }
      inserter.flush();
      return new Result(onto, List.of(), own.size());
    }
  }

  private static Result conflicts(ResolveMerger merger) {
    TreeSet<String> paths = new TreeSet<>(merger.getUnmergedPaths());
    if (merger.getFailingPaths() != null) {
      paths.addAll(merger.getFailingPaths().keySet());
    }
    return new Result(null, List.copyOf(paths), 0);
  }
}
