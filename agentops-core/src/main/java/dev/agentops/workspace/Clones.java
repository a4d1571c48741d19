package dev.agentops.workspace;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.util.FileUtils;

/** The JGit side of workspaces: clones where there is no git tool, and deleting folders. */
final class Clones {

  private Clones() {}

  /** Clones the repository into {@code dir} and checks out a new branch at the base. */
  static void create(String worker, Path repository, Path dir, String branch, String baseId) {
    try (Git clone =
        Git.cloneRepository()
            .setURI(repository.toUri().toString())
            .setDirectory(dir.toFile())
            .setNoCheckout(true)
            .call()) {
      if (clone.getRepository().parseCommit(ObjectId.fromString(baseId)) == null) {
        throw new IOException("the clone lacks the base commit " + baseId);
      }
      // Not a checkout: with no index and an empty folder, JGit would see every file of HEAD as
      // deleted and refuse to move to another commit. Point HEAD at the new branch, then reset.
      clone.branchCreate().setName(branch).setStartPoint(baseId).call();
      RefUpdate head = clone.getRepository().updateRef(Constants.HEAD);
      RefUpdate.Result linked = head.link(Constants.R_HEADS + branch);
      if (linked != RefUpdate.Result.NEW && linked != RefUpdate.Result.FORCED) {
        throw new IOException("could not point HEAD at " + branch + ": " + linked);
      }
      clone.reset().setMode(ResetCommand.ResetType.HARD).setRef(baseId).call();
    } catch (GitAPIException | IOException | RuntimeException e) {
      try {
        deleteFolder(worker, dir);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new WorkspaceException(
          worker,
          "could not clone the repository for worker '"
              + worker
              + "' into "
              + dir
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Fetches the clone's branch into the repository, if it moved past the base. */
  static void bringBranchBack(
      String worker, Path repository, Path clone, String branch, String baseId) {
    if (!new File(clone.toFile(), ".git").exists()) {
      return;
    }
    String tip;
    try (Git git = Git.open(clone.toFile())) {
      ObjectId id = git.getRepository().resolve("refs/heads/" + branch);
      tip = id == null ? null : id.name();
    } catch (IOException e) {
      throw new WorkspaceException(
          worker, "could not read branch '" + branch + "' of the clone " + clone, e);
    }
    if (tip == null || tip.equals(baseId)) {
      return;
    }
    try (Repository repo = openRepository(repository);
        Git git = Git.wrap(repo)) {
      git.fetch()
          .setRemote(clone.toUri().toString())
          .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/heads/" + branch))
          .call();
    } catch (GitAPIException | IOException e) {
      throw new WorkspaceException(
          worker,
          "could not bring branch '"
              + branch
              + "' back from the clone "
              + clone
              + ": "
              + e.getMessage(),
          e);
    }
  }

  static Repository openRepository(Path repository) throws IOException {
    org.eclipse.jgit.storage.file.FileRepositoryBuilder b =
        new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setMustExist(true);
    File dir = repository.toFile();
    if (new File(dir, ".git").exists()) {
      b.findGitDir(dir);
    } else {
      b.setGitDir(dir);
    }
    return b.build();
  }

  /** Deletes a folder and everything in it; a missing folder is fine. */
  static void deleteFolder(String worker, Path dir) {
    try {
      FileUtils.delete(
          dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
    } catch (IOException e) {
      throw new WorkspaceException(worker, "could not delete the workspace " + dir, e);
    }
  }
}
