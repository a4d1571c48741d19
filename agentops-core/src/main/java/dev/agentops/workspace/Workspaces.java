package dev.agentops.workspace;

import dev.agentops.store.RecordKey;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.jspecify.annotations.Nullable;

/**
 * Makes {@link Workspace}s for the workers of one repository: a linked git worktree per worker,
 * made with the git command-line tool, or, where that tool is not installed, a local clone made
 * with JGit. Either way each worker has its own folder on its own branch, starting at the same base
 * commit.
 *
 * <p>Which kind is decided once, when the factory is built: {@link Builder#gitExecutable(Supplier)}
 * looks the tool up (by default on the {@code PATH}); if it finds none, workspaces are clones. The
 * child processes inherit this JVM's environment, adjusted by {@link
 * Builder#environment(Consumer)}.
 *
 * <pre>{@code
 * Workspaces workspaces = Workspaces.builder(repository, repository.resolveSibling("workers"))
 *     .build();
 * try (Workspace ws = workspaces.open("worker-1", WriteScope.of("src/main/java/app/cache"))) {
 *   // the worker edits and commits in ws.directory(), on ws.branch()
 * } // removed, even if the worker threw; the branch stays if it has commits
 * }</pre>
 *
 * <p>Thread-safe: the steps that change the repository itself (adding and removing worktrees,
 * bringing a clone's branch back, deleting branches) are serialized.
 *
 * @since 0.1.0
 */
public final class Workspaces {

  private final Path repository;
  private final Path root;
  private final @Nullable GitCli git;

  /**
   * The prefix of workers' branches unless told otherwise. Not {@code agentops/}: git cannot hold
   * both a branch {@code agentops} (where the git store keeps its records) and branches under it.
   */
  public static final String DEFAULT_BRANCH_PREFIX = "agentops-work/";

  private final String branchPrefix;
  private final Supplier<String> ids;
  private final Object repositoryLock = new Object();

  private Workspaces(Builder b) {
    this.repository = b.repository;
    this.root = b.root;
    this.branchPrefix = b.branchPrefix;
    this.ids = b.ids;
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new WorkspaceException("", "could not create the workspace root " + root, e);
    }
    Optional<Path> executable = b.gitExecutable.get();
    this.git =
        executable == null || executable.isEmpty()
            ? null
            : new GitCli(executable.get(), b.environment, b.timeout, root);
  }

  /**
   * Starts a factory.
   *
   * @param repository the repository the workers work on: its working tree or its git folder
   * @param root the folder the workspaces are made in; created if missing
   * @return a builder
   */
  public static Builder builder(Path repository, Path root) {
    return new Builder(
        Objects.requireNonNull(repository, "repository").toAbsolutePath().normalize(),
        Objects.requireNonNull(root, "root").toAbsolutePath().normalize());
  }

  /**
   * Looks the git command-line tool up on this process's {@code PATH}.
   *
   * @return the executable, if found
   */
  public static Optional<Path> findGitOnPath() {
    String path = System.getenv("PATH");
    return path == null ? Optional.empty() : findGitOn(path);
  }

  /**
   * Looks the git command-line tool up on a search path.
   *
   * @param searchPath folders separated by {@link File#pathSeparator}
   * @return the first executable {@code git} (or {@code git.exe}) found
   */
  public static Optional<Path> findGitOn(String searchPath) {
    Objects.requireNonNull(searchPath, "searchPath");
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      for (String name : new String[] {"git", "git.exe"}) {
        Path candidate;
        try {
          candidate = Path.of(dir, name);
        } catch (RuntimeException invalidPath) {
          continue;
        }
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns how this factory makes workspaces.
   *
   * @return {@link WorkspaceKind#WORKTREE} if the git tool was found, else {@link
   *     WorkspaceKind#CLONE}
   */
  public WorkspaceKind kind() {
    return git != null ? WorkspaceKind.WORKTREE : WorkspaceKind.CLONE;
  }

  /**
   * Returns the repository.
   *
   * @return its path
   */
  public Path repository() {
    return repository;
  }

  /**
   * Returns the folder workspaces are made in.
   *
   * @return its path
   */
  public Path root() {
    return root;
  }

  /**
   * Opens a workspace at the repository's {@code HEAD}.
   *
   * @param worker the worker's id: letters, digits, {@code .}, {@code _} and {@code -}
   * @param scope what the worker may change
   * @return the workspace, on a new branch
   * @throws WorkspaceException if it cannot be made
   */
  public Workspace open(String worker, WriteScope scope) {
    return open(worker, scope, "HEAD");
  }

  /**
   * Opens a workspace at a base revision.
   *
   * @param worker the worker's id: letters, digits, {@code .}, {@code _} and {@code -}
   * @param scope what the worker may change
   * @param base a revision of the repository, such as {@code main} or a commit id
   * @return the workspace, on a new branch starting at the base
   * @throws IllegalArgumentException if the worker's id is not allowed or the base is not a commit
   * @throws WorkspaceException if it cannot be made
   */
  public Workspace open(String worker, WriteScope scope, String base) {
    RecordKey.checkId(Objects.requireNonNull(worker, "worker"));
    if (worker.endsWith(".lock") || worker.endsWith(".")) {
      throw new IllegalArgumentException(
          "worker must not end with '.lock' or '.', but was '" + worker + "'");
    }
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(base, "base");
    String baseId = resolve(worker, base);
    for (int tries = 0; tries < 8; tries++) {
      String suffix = ids.get();
      if (suffix == null || !suffix.matches("[A-Za-z0-9_-]{1,32}")) {
        throw new IllegalStateException(
            "workspace ids must be 1 to 32 letters, digits, '_' or '-', but the supplier gave '"
                + suffix
                + "'");
      }
      String name = worker + "-" + suffix;
      Path dir = root.resolve(name);
      if (Files.exists(dir)) {
        continue;
      }
      String branch = branchPrefix + name;
      if (git != null) {
        synchronized (repositoryLock) {
          git.run(
              worker,
              repository,
              "worktree",
              "add",
              "--quiet",
              "-b",
              branch,
              dir.toString(),
              baseId);
        }
        return new Workspace(this, worker, scope, WorkspaceKind.WORKTREE, dir, branch, baseId);
      }
      Clones.create(worker, repository, dir, branch, baseId);
      return new Workspace(this, worker, scope, WorkspaceKind.CLONE, dir, branch, baseId);
    }
    throw new WorkspaceException(
        worker,
        "could not find a free workspace folder for worker '" + worker + "' in " + root,
        null);
  }

  /**
   * Makes a workspace's commits reachable from the repository, so that its branch can be merged or
   * locked there: a clone's branch is fetched back; a worktree's commits are already there. A
   * {@link WaveRunner} does this before its merge step; a host locking a workspace's work itself
   * calls it first.
   *
   * @param ws a workspace of this repository
   * @throws WorkspaceException if a clone's branch cannot be fetched back
   * @since 0.1.0
   */
  public void publish(Workspace ws) {
    Objects.requireNonNull(ws, "ws");
    if (ws.kind() == WorkspaceKind.CLONE) {
      synchronized (repositoryLock) {
        Clones.bringBranchBack(ws.worker(), repository, ws.directory(), ws.branch(), ws.base());
      }
    }
  }

  /** Removes a workspace; keeps its branch in the repository only if it has commits. */
  void remove(Workspace ws) {
    if (ws.kind() == WorkspaceKind.WORKTREE) {
      GitCli cli = Objects.requireNonNull(git, "git");
      synchronized (repositoryLock) {
        GitCli.Result removed =
            cli.tryRun(
                ws.worker(),
                repository,
                "worktree",
                "remove",
                "--force",
                ws.directory().toString());
        if (removed.exit() != 0) {
          // the worker may have deleted or broken its folder: delete what is left, then prune
          Clones.deleteFolder(ws.worker(), ws.directory());
        }
        cli.run(ws.worker(), repository, "worktree", "prune");
        String tip = branchTip(ws.worker(), ws.branch());
        if (ws.base().equals(tip)) {
          cli.run(ws.worker(), repository, "branch", "-D", "--quiet", ws.branch());
        }
      }
    } else {
      try {
        synchronized (repositoryLock) {
          Clones.bringBranchBack(ws.worker(), repository, ws.directory(), ws.branch(), ws.base());
        }
      } finally {
        Clones.deleteFolder(ws.worker(), ws.directory());
      }
    }
  }

  /** Resolves a revision of the repository to a commit id. */
  String resolve(String worker, String base) {
    try (Repository repo = openRepository()) {
      ObjectId id = repo.resolve(base + "^{commit}");
      if (id == null) {
        throw new IllegalArgumentException(
            "base '" + base + "' is not a commit of the repository " + repository.getFileName());
      }
      return id.name();
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new WorkspaceException(
          worker, "could not read base '" + base + "' of " + repository + ": " + e.getMessage(), e);
    }
  }

  private @Nullable String branchTip(String worker, String branch) {
    try (Repository repo = openRepository()) {
      ObjectId id = repo.resolve("refs/heads/" + branch);
      return id == null ? null : id.name();
    } catch (IOException e) {
      throw new WorkspaceException(worker, "could not read branch '" + branch + "'", e);
    }
  }

  Repository openRepository() throws IOException {
    return Clones.openRepository(repository);
  }

  /**
   * Builds {@link Workspaces}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final Path repository;
    private final Path root;
    private Supplier<Optional<Path>> gitExecutable = Workspaces::findGitOnPath;
    private Consumer<Map<String, String>> environment = env -> {};
    private Duration timeout = Duration.ofMinutes(2);
    private String branchPrefix = DEFAULT_BRANCH_PREFIX;
    private Supplier<String> ids = () -> UUID.randomUUID().toString().substring(0, 8);

    private Builder(Path repository, Path root) {
      this.repository = repository;
      this.root = root;
    }

    /**
     * Sets how the git command-line tool is found; empty means there is none, and workspaces are
     * JGit clones.
     *
     * @param lookup finds the executable; default {@link Workspaces#findGitOnPath()}
     * @return this builder
     */
    public Builder gitExecutable(Supplier<Optional<Path>> lookup) {
      this.gitExecutable = Objects.requireNonNull(lookup, "lookup");
      return this;
    }

    /**
     * Adjusts the environment of every git process, for example to isolate it from the user's
     * configuration. {@code GIT_TERMINAL_PROMPT=0} is always set, so git never waits for a
     * password.
     *
     * @param environment changes the inherited environment in place
     * @return this builder
     */
    public Builder environment(Consumer<Map<String, String>> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Sets how long one git command may take before it is killed.
     *
     * @param timeout positive; default 2 minutes
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the prefix of the workers' branch names.
     *
     * @param prefix such as {@code work/}; default {@value Workspaces#DEFAULT_BRANCH_PREFIX}, which
     *     cannot collide with the git store's branch {@code agentops} (a branch {@code agentops}
     *     and branches under {@code agentops/} cannot both exist)
     * @return this builder
     */
    public Builder branchPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (!prefix.matches("([A-Za-z0-9][A-Za-z0-9._-]*/)*")) {
        throw new IllegalArgumentException(
            "branchPrefix must be empty or folders ending in '/', such as 'work/', but was '"
                + prefix
                + "'");
      }
      this.branchPrefix = prefix;
      return this;
    }

    /**
     * Sets where the suffix that makes each workspace's folder and branch unique comes from.
     *
     * @param ids supplies letters, digits, {@code _} or {@code -}; default 8 random hex digits
     * @return this builder
     */
    public Builder ids(Supplier<String> ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    /**
     * Builds the factory, looking the git tool up once.
     *
     * @return the factory
     */
    public Workspaces build() {
      return new Workspaces(this);
    }
  }
}
