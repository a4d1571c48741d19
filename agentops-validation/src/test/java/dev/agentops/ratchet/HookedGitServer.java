package dev.agentops.ratchet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.DaemonClient;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.FileResolver;

/**
 * JGit's git daemon on loopback, like agentops-core's {@code LoopbackGitServer}, with two one-shot
 * hooks into the next push: before the server advertises its refs, and after it has received the
 * commands but before it updates any ref. A test uses them to move the ref at exactly the moment a
 * real concurrent pusher could.
 */
final class HookedGitServer implements AutoCloseable {

  private final Daemon daemon;
  private final Path base;
  private final AtomicReference<Consumer<Repository>> beforeAdvertise = new AtomicReference<>();
  private final AtomicReference<Consumer<Repository>> beforeUpdate = new AtomicReference<>();

  HookedGitServer(Path base) {
    this.base = base;
    this.daemon = new Daemon(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    daemon.getService("git-receive-pack").setEnabled(true);
    daemon.setRepositoryResolver(new FileResolver<DaemonClient>(base.toFile(), true));
    daemon.setReceivePackFactory((client, db) -> {
      Consumer<Repository> first = beforeAdvertise.getAndSet(null);
      if (first != null) {
        first.accept(db);
      }
      ReceivePack rp = new ReceivePack(db);
      rp.setPreReceiveHook((pack, commands) -> {
        Consumer<Repository> then = beforeUpdate.getAndSet(null);
        if (then != null) {
          then.accept(db);
        }
      });
      return rp;
    });
    try {
      daemon.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates an empty bare repository and returns its git:// URL. */
  String createRepository(String name) {
    try {
      Git.init()
          .setBare(true)
          .setInitialBranch("main")
          .setDirectory(base.resolve(name).toFile())
          .call()
          .close();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
    return "git://127.0.0.1:" + daemon.getAddress().getPort() + "/" + name;
  }

  /** Runs an action once, when the next push connects, before the refs are advertised. */
  void onceBeforeAdvertise(Consumer<Repository> action) {
    beforeAdvertise.set(action);
  }

  /** Runs an action once, in the next push, after the commands arrive and before refs move. */
  void onceBeforeUpdate(Consumer<Repository> action) {
    beforeUpdate.set(action);
  }

  @Override
  public void close() {
    daemon.stop();
  }
}
