package dev.agentops.store.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.llm.internal.Json;
import dev.agentops.store.RecordFormat;
import dev.agentops.store.RecordKey;
import dev.agentops.store.SyncResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.jspecify.annotations.Nullable;

/**
 * Fetching, merging and pushing a store's branch. The merge works record by record: a record
 * changed on one side only takes that side; a record changed on both sides keeps the higher
 * revision (ties broken by blob id, the same way on every machine) and saves the other version in
 * the {@code conflicts} collection; a log shard changed on both sides keeps the lines of both.
 */
public final class GitSync {

  /** The collection that keeps the versions a merge did not keep. */
  public static final String CONFLICTS = "conflicts";

  private GitSync() {}

  /** The ref a remote's branch is fetched into. */
  public static String trackingRef(String remote, String branch) {
    String safe = remote.replaceAll("[^A-Za-z0-9._-]+", "_");
    if (safe.length() > 80) {
      safe = safe.substring(safe.length() - 80);
    }
    return "refs/agentops/remotes/" + safe + "/" + branch;
  }

  /**
   * Fetches the remote's branch into {@code trackingRef}, over one connection: the objects are
   * downloaded only if the tip is not here already. Returns the tip, or null if the remote does not
   * have the branch.
   */
  public static @Nullable ObjectId fetch(
      Repository repository, String remote, String refName, String trackingRef) throws IOException {
    try (Transport transport = Transport.open(repository, remote);
        FetchConnection connection = transport.openFetch(List.of(new RefSpec(refName)))) {
      Ref advertised = connection.getRef(refName);
      if (advertised == null || advertised.getObjectId() == null) {
        return null;
      }
      ObjectId tip = advertised.getObjectId();
      if (!repository.getObjectDatabase().has(tip)) {
        connection.fetch(NullProgressMonitor.INSTANCE, List.of(advertised), Set.of());
      }
      RefUpdate update = repository.updateRef(trackingRef);
      update.setNewObjectId(tip);
      update.setForceUpdate(true);
      update.setRefLogMessage("agentops: fetch " + refName, false);
      RefUpdate.Result result = update.update();
      switch (result) {
        case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> {}
        default -> throw new IOException("could not update " + trackingRef + ": " + result);
      }
      return tip;
    } catch (TransportException e) {
      throw new IOException("could not reach the remote: " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IOException("the remote is not a valid URL or remote name", e);
    }
  }

  /**
   * Pushes a commit to the remote's branch if the branch is still at {@code expected} (null:
   * absent). Returns false if the remote moved or refused a non-fast-forward.
   */
  public static boolean push(
      Repository repository,
      String remote,
      String refName,
      ObjectId commit,
      @Nullable ObjectId expected)
      throws IOException {
    try (Transport transport = Transport.open(repository, remote)) {
      RemoteRefUpdate update =
          new RemoteRefUpdate(
              repository,
              commit.getName(),
              refName,
              false,
              null,
              expected == null ? ObjectId.zeroId() : expected);
      PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
      RemoteRefUpdate.Status status = result.getRemoteUpdate(refName).getStatus();
      String message = result.getRemoteUpdate(refName).getMessage();
      switch (status) {
        case OK:
        case UP_TO_DATE:
          return true;
        case REJECTED_NONFASTFORWARD:
        case REJECTED_REMOTE_CHANGED:
          return false;
        case REJECTED_OTHER_REASON:
          if (message != null && message.contains("lock")) {
            return false; // another push holds the remote's ref lock: a lost race
          }
          throw new IOException("the remote refused the push to " + refName + ": " + message);
        default:
          throw new IOException(
              "pushing to the remote's "
                  + refName
                  + " failed: "
                  + status
                  + " "
                  + result.getRemoteUpdate(refName).getMessage());
      }
    } catch (TransportException e) {
      throw new IOException("could not reach the remote: " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IOException("the remote is not a valid URL or remote name", e);
    }
  }

  /** Tells whether {@code ancestor} is reachable from {@code commit}. */
  public static boolean isAncestor(RevWalk walk, ObjectId ancestor, ObjectId commit)
      throws IOException {
    walk.reset();
    return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(commit));
  }

  /** The result of a merge: the merge commit and the conflicts it recorded. */
  public record Merged(ObjectId commit, List<SyncResult.SyncConflict> conflicts) {}

  /** Merges two diverged tips into a new commit with both as parents. */
  public static Merged merge(
      ObjectReader reader,
      ObjectInserter inserter,
      RevWalk walk,
      ObjectId local,
      ObjectId remote,
      PersonIdent identity,
      Instant now,
      String remoteLabel)
      throws IOException {
    RevCommit l = walk.parseCommit(local);
    RevCommit r = walk.parseCommit(remote);
    walk.reset();
    walk.setRevFilter(RevFilter.MERGE_BASE);
    walk.markStart(l);
    walk.markStart(r);
    RevCommit base = walk.next();
    walk.reset();
    walk.setRevFilter(RevFilter.ALL);
    Map<String, ObjectId> b =
        base == null ? Map.of() : TreeEditor.blobs(reader, walk.parseCommit(base).getTree());
    Map<String, ObjectId> lt = TreeEditor.blobs(reader, l.getTree());
    Map<String, ObjectId> rt = TreeEditor.blobs(reader, r.getTree());
    Set<String> paths = new TreeSet<>();
    paths.addAll(lt.keySet());
    paths.addAll(rt.keySet());
    Map<String, @Nullable ObjectId> changes = new LinkedHashMap<>();
    List<SyncResult.SyncConflict> conflicts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String path : paths) {
      ObjectId bv = b.get(path);
      ObjectId lv = lt.get(path);
      ObjectId rv = rt.get(path);
      if (Objects.equals(lv, rv) || Objects.equals(rv, bv)) {
        continue; // the same on both sides, or changed locally only: the local tree has it
      }
      if (Objects.equals(lv, bv)) {
        changes.put(path, rv); // changed on the remote only
        continue;
      }
      // Changed differently on both sides.
      if (path.startsWith(RecordKey.LOGS + "/")) {
        changes.put(path, mergeLog(reader, inserter, bv, lv, rv));
        continue;
      }
      RecordRef ref = RecordRef.parse(path);
      if (ref == null) {
        notes.add("kept the local version of " + path);
        continue;
      }
      long lrev = lv == null ? 0 : revision(reader, ref.format(), lv);
      long rrev = rv == null ? 0 : revision(reader, ref.format(), rv);
      boolean remoteWins;
      if (lv == null || rv == null) {
        remoteWins = lv == null; // a change beats a deletion: nothing is silently dropped
      } else if (lrev != rrev) {
        remoteWins = rrev > lrev;
      } else {
        remoteWins = rv.compareTo(lv) > 0;
      }
      ObjectId loser = remoteWins ? lv : rv;
      long lostRevision = remoteWins ? lrev : rrev;
      RecordKey saved =
          conflictKey(
              ref.key(),
              loser == null ? (remoteWins ? rv : lv) : loser,
              remoteWins ? "local" : "remote");
      String conflictText =
          conflictRecord(
              reader,
              ref,
              remoteWins ? "remote" : "local",
              remoteWins ? rrev : lrev,
              lostRevision,
              loser,
              now);
      changes.put(
          GitPaths.record(saved, RecordFormat.JSON),
          inserter.insert(Constants.OBJ_BLOB, conflictText.getBytes(StandardCharsets.UTF_8)));
      if (remoteWins) {
        changes.put(path, rv);
      }
      conflicts.add(
          new SyncResult.SyncConflict(
              ref.key(),
              remoteWins ? "remote" : "local",
              remoteWins ? rrev : lrev,
              lostRevision,
              saved));
      notes.add(
          "conflict "
              + ref.key()
              + ": kept the "
              + (remoteWins ? "remote" : "local")
              + " version; the other is "
              + saved);
    }
    ObjectId tree = TreeEditor.apply(reader, inserter, l.getTree(), changes);
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    commit.setParentIds(local, remote);
    PersonIdent who = new PersonIdent(identity, now, ZoneOffset.UTC);
    commit.setAuthor(who);
    commit.setCommitter(who);
    StringBuilder message = new StringBuilder("agentops: merge " + remoteLabel + "\n");
    if (!notes.isEmpty()) {
      message.append('\n');
      notes.forEach(n -> message.append("agentops: ").append(n).append('\n'));
    }
    commit.setMessage(message.toString());
    ObjectId id = inserter.insert(commit);
    inserter.flush();
    return new Merged(id, conflicts);
  }

  /** A record's path broken into its key and format. */
  private record RecordRef(RecordKey key, RecordFormat format) {
    static @Nullable RecordRef parse(String path) {
      String[] parts = path.split("/");
      if (parts.length != 2 + GitPaths.RECORD_DEPTH) {
        return null;
      }
      for (RecordFormat f : RecordFormat.values()) {
        String suffix = "." + f.extension();
        if (parts[parts.length - 1].endsWith(suffix)) {
          try {
            return new RecordRef(
                RecordKey.of(
                    parts[0],
                    parts[parts.length - 1].substring(
                        0, parts[parts.length - 1].length() - suffix.length())),
                f);
          } catch (IllegalArgumentException e) {
            return null;
          }
        }
      }
      return null;
    }
  }

  private static long revision(ObjectReader reader, RecordFormat format, ObjectId blob)
      throws IOException {
    try {
      return Envelope.revision(format, Envelope.decode(reader.open(blob).getBytes()));
    } catch (Envelope.Unreadable e) {
      return 0;
    }
  }

  private static RecordKey conflictKey(RecordKey key, ObjectId version, String side) {
    String stem = key.collection() + "--" + key.id();
    if (stem.length() > 100) {
      stem = stem.substring(0, 100);
    }
    return RecordKey.of(CONFLICTS, stem + "--" + side + "-" + version.abbreviate(12).name());
  }

  private static String conflictRecord(
      ObjectReader reader,
      RecordRef ref,
      String keptSide,
      long keptRevision,
      long lostRevision,
      @Nullable ObjectId lost,
      Instant now)
      throws IOException {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("schemaVersion", 1);
    o.put("revision", 1);
    o.put("collection", ref.key().collection());
    o.put("id", ref.key().id());
    o.put("format", ref.format().name());
    o.put("keptSide", keptSide);
    o.put("keptRevision", keptRevision);
    o.put("lostRevision", lostRevision);
    if (lost == null) {
      o.putNull("lostContent");
      o.put("note", "the other side deleted the record; the change was kept");
    } else {
      o.put("lostContent", new String(reader.open(lost).getBytes(), StandardCharsets.UTF_8));
    }
    o.put("detectedAt", now.toString());
    return o.toPrettyString() + "\n";
  }

  /** Keeps the lines both sides appended after their common version. */
  private static ObjectId mergeLog(
      ObjectReader reader,
      ObjectInserter inserter,
      @Nullable ObjectId base,
      @Nullable ObjectId local,
      @Nullable ObjectId remote)
      throws IOException {
    String b = text(reader, base);
    String l = text(reader, local);
    String r = text(reader, remote);
    StringBuilder merged = new StringBuilder();
    if (l.startsWith(b) && r.startsWith(b)) {
      // Both sides appended: keep both blocks, in an order that does not depend on which side
      // merges, so that every machine ends with the same log.
      String mine = l.substring(b.length());
      String theirs = r.substring(b.length());
      merged.append(b);
      if (mine.compareTo(theirs) <= 0) {
        merged.append(mine).append(theirs);
      } else {
        merged.append(theirs).append(mine);
      }
    } else {
      Set<String> lines = new LinkedHashSet<>();
      for (String line : (l + r).split("\n")) {
        if (!line.isEmpty()) {
          lines.add(line);
        }
      }
      lines.forEach(line -> merged.append(line).append('\n'));
    }
    return inserter.insert(Constants.OBJ_BLOB, merged.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String text(ObjectReader reader, @Nullable ObjectId blob) throws IOException {
    return blob == null ? "" : new String(reader.open(blob).getBytes(), StandardCharsets.UTF_8);
  }
}
