package dev.agentops.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.DaemonClient;
import org.eclipse.jgit.transport.resolver.FileResolver;

/**
 * A real git server on the loopback interface: JGit's git daemon, serving bare repositories under a
 * directory over the git protocol, with pushes enabled.
 */
public final class LoopbackGitServer implements AutoCloseable {

  private final Daemon daemon;
  private final Path base;

  private LoopbackGitServer(Path base) throws IOException {
    this.base = base;
    this.daemon = new Daemon(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    daemon.getService("git-receive-pack").setEnabled(true);
    daemon.setRepositoryResolver(new FileResolver<DaemonClient>(base.toFile(), true));
    daemon.start();
  }

  /** Serves the bare repositories under a directory. */
  public static LoopbackGitServer serve(Path base) {
    try {
      return new LoopbackGitServer(base);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates an empty bare repository and returns its git:// URL. */
  public String createRepository(String name) {
    try {
      Git.init().setBare(true).setDirectory(base.resolve(name).toFile()).call().close();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
    return url(name);
  }

  /** Returns the git:// URL of a repository. */
  public String url(String name) {
    return "git://127.0.0.1:" + daemon.getAddress().getPort() + "/" + name;
  }

  @Override
  public void close() {
    daemon.stop();
  }
}
