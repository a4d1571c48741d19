package dev.agentops.ratchet.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Opening a repository the way {@code GitStore} does: a working tree, a git dir, or bare. */
public final class Repositories {

  private Repositories() {}

  /**
   * Opens the repository at a path.
   *
   * @param path a working tree, its {@code .git} directory, or a bare repository
   * @param create whether to create a bare repository if there is none
   * @return the repository
   * @throws IllegalArgumentException if there is none and {@code create} is false
   * @throws IOException if it cannot be opened or created
   */
  public static Repository open(Path path, boolean create) throws IOException {
    Path abs = path.toAbsolutePath().normalize();
    if (Files.isDirectory(abs.resolve(Constants.DOT_GIT))) {
      return new FileRepositoryBuilder().setWorkTree(abs.toFile()).setMustExist(true).build();
    }
    if (Files.isRegularFile(abs.resolve(Constants.DOT_GIT))) {
      return new FileRepositoryBuilder().setWorkTree(abs.toFile()).findGitDir(abs.toFile()).build();
    }
    if (Files.isRegularFile(abs.resolve(Constants.HEAD))
        && Files.isDirectory(abs.resolve("objects"))) {
      return new FileRepositoryBuilder().setGitDir(abs.toFile()).setMustExist(true).build();
    }
    if (!create) {
      throw new IllegalArgumentException(
          "no git repository at '"
              + abs.getFileName()
              + "'; point at a repository or call create(true)");
    }
    Files.createDirectories(abs);
    try {
      Git.init().setBare(true).setDirectory(abs.toFile()).call().close();
    } catch (GitAPIException e) {
      throw new IOException("could not create a repository: " + e.getMessage(), e);
    }
    return new FileRepositoryBuilder().setGitDir(abs.toFile()).setMustExist(true).build();
  }
}
