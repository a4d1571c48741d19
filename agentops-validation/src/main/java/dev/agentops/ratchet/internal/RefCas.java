package dev.agentops.ratchet.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.jspecify.annotations.Nullable;

/**
 * Compare-and-swap moves of a ref, in a local repository with JGit's {@code RefUpdate} and on a
 * remote with a push that names the expected old id. Never a forced update: a move that is not a
 * fast-forward is refused by JGit as well as by the caller's own check.
 */
public final class RefCas {

  private RefCas() {}

  /** How a move ended. */
  public enum Status {
    /** The ref moved. */
    MOVED,
    /** The ref was not at the expected id: another writer moved it. */
    LOST,
    /** The ref was at the expected id, but another writer held its lock. */
    BUSY,
    /** The ref was at the expected id, and the new id does not descend from it. */
    NOT_FAST_FORWARD
  }

  /**
   * The end of a move.
   *
   * @param status how it ended
   * @param actual where the ref was found, for {@link Status#LOST}
   */
  public record Move(Status status, @Nullable ObjectId actual) {
    static final Move MOVED = new Move(Status.MOVED, null);
  }

  /** Reads a local ref; null if it does not exist. */
  public static @Nullable ObjectId readLocal(Repository repository, String ref) throws IOException {
    Ref r = repository.exactRef(ref);
    return r == null ? null : r.getObjectId();
  }

  /**
   * Moves a local ref from {@code expected} (null: absent) to {@code commit} if it is still there
   * and the move is a fast-forward.
   */
  public static Move local(
      Repository repository,
      RevWalk walk,
      String ref,
      @Nullable ObjectId expected,
      ObjectId commit,
      PersonIdent who,
      String message)
      throws IOException {
    RefUpdate update = repository.updateRef(ref);
    update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
    update.setNewObjectId(commit);
    update.setRefLogIdent(who);
    update.setRefLogMessage(message, false);
    // Bare repositories keep no reflog by default; the ratchet's history belongs in one.
    update.setForceRefLog(true);
    walk.reset();
    RefUpdate.Result result = update.update(walk);
    switch (result) {
      case NEW:
      case FAST_FORWARD:
      case NO_CHANGE:
        return Move.MOVED;
      case LOCK_FAILURE:
        ObjectId now = readLocal(repository, ref);
        return Objects.equals(now, expected)
            ? new Move(Status.BUSY, now)
            : new Move(Status.LOST, now);
      case REJECTED:
        return new Move(Status.NOT_FAST_FORWARD, readLocal(repository, ref));
      default:
        throw new IOException("updating " + ref + " failed: " + result);
    }
  }

  /**
   * The ref a remote's copy of a protected ref is fetched into.
   *
   * @param remote the remote's name or URL
   * @param ref the protected ref
   * @return the tracking ref's name
   */
  public static String trackingRef(String remote, String ref) {
    String safe = remote.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("\\.+", ".");
    if (safe.length() > 80) {
      safe = safe.substring(safe.length() - 80);
    }
    safe = safe.replaceAll("^[._-]+|[._-]+$", "");
    if (safe.isEmpty()) {
      safe = "remote";
    }
    return "refs/agentops/ratchet/" + safe + "/" + ref.substring("refs/".length());
  }

  /** The remote moved its copy of the ref to a commit that does not descend from the last seen. */
  public static final class WentBackwards extends IOException {
    private static final long serialVersionUID = 1L;

    WentBackwards(String message) {
      super(message);
    }
  }

  /**
   * Reads a remote's ref over one connection, downloading the objects only if the tip is not here,
   * and moves the tracking ref forward to it.
   *
   * @return the remote's tip, or null if the remote does not have the ref
   * @throws WentBackwards if the remote's tip does not descend from the one last seen
   */
  public static @Nullable ObjectId fetch(
      Repository repository, String remote, String ref, String trackingRef) throws IOException {
    ObjectId tip;
    try (Transport transport = Transport.open(repository, remote);
        FetchConnection connection = transport.openFetch(List.of(new RefSpec(ref)))) {
      Ref advertised = connection.getRef(ref);
      if (advertised == null || advertised.getObjectId() == null) {
        return null;
      }
      tip = advertised.getObjectId();
      if (!repository.getObjectDatabase().has(tip)) {
        connection.fetch(NullProgressMonitor.INSTANCE, List.of(advertised), Set.of());
      }
    } catch (TransportException e) {
      throw new IOException("could not reach the remote: " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IOException("the remote is not a valid URL or remote name", e);
    }
    track(repository, trackingRef, tip);
    return tip;
  }

  /** Moves the tracking ref forward, never backwards; a concurrent fetch that did it is fine. */
  public static void track(Repository repository, String trackingRef, ObjectId tip)
      throws IOException {
    ObjectId old = readLocal(repository, trackingRef);
    if (tip.equals(old)) {
      return;
    }
    RefUpdate update = repository.updateRef(trackingRef);
    update.setExpectedOldObjectId(old == null ? ObjectId.zeroId() : old);
    update.setNewObjectId(tip);
    update.disableRefLog();
    try (RevWalk walk = new RevWalk(repository)) {
      RefUpdate.Result result = update.update(walk);
      switch (result) {
        case NEW:
        case FAST_FORWARD:
        case NO_CHANGE:
        case LOCK_FAILURE:
          return;
        case REJECTED:
          throw new WentBackwards(
              "the remote's copy moved backwards: it was at "
                  + (old == null ? "nothing" : old.name())
                  + " and is now at "
                  + tip.name()
                  + ", which does not descend from it");
        default:
          throw new IOException("updating " + trackingRef + " failed: " + result);
      }
    }
  }

  /**
   * Pushes {@code commit} to the remote's ref if the ref is still at {@code expected} (null:
   * absent), without force.
   */
  public static Move push(
      Repository repository,
      String remote,
      String ref,
      @Nullable ObjectId expected,
      ObjectId commit,
      String trackingRef)
      throws IOException {
    PushResult result;
    RemoteRefUpdate update;
    try (Transport transport = Transport.open(repository, remote)) {
      update =
          new RemoteRefUpdate(
              repository,
              commit.getName(),
              ref,
              false,
              null,
              expected == null ? ObjectId.zeroId() : expected);
      result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
    } catch (TransportException e) {
      throw new IOException("could not reach the remote: " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IOException("the remote is not a valid URL or remote name", e);
    }
    RemoteRefUpdate done = result.getRemoteUpdate(ref);
    String message = done.getMessage();
    switch (done.getStatus()) {
      case OK:
      case UP_TO_DATE:
        track(repository, trackingRef, commit);
        return Move.MOVED;
      case REJECTED_REMOTE_CHANGED:
        Ref advertised = result.getAdvertisedRef(ref);
        return new Move(Status.LOST, advertised == null ? null : advertised.getObjectId());
      case REJECTED_NONFASTFORWARD:
        return new Move(Status.NOT_FAST_FORWARD, null);
      case REJECTED_OTHER_REASON:
        if (message != null && message.toLowerCase(Locale.ROOT).contains("lock")) {
          // The remote's ref moved, or another push held its lock: the caller reads it again.
          return new Move(Status.BUSY, null);
        }
        throw new IOException("the remote refused the push to " + ref + ": " + message);
      default:
        throw new IOException(
            "pushing to the remote's " + ref + " failed: " + done.getStatus() + " " + message);
    }
  }
}
