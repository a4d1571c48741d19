package dev.agentops.store.internal;

import dev.agentops.store.RecordFormat;
import dev.agentops.store.RecordKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * Where records and logs live in a store's tree.
 *
 * <ul>
 *   <li>A record: {@code <collection>/<ab>/<c>/<id>.<json|md>}, where {@code abc} are the first
 *       three hex digits of the SHA-1 of the id's UTF-8 bytes: 256 folders of 16 folders each. A
 *       commit rewrites the trees along its records' paths, and records spread evenly over the
 *       folders, so a batch touches most first-level folders whatever its size; with 16 entries
 *       each they cost little, and a 100,000-record collection leaves about 24 records to a leaf.
 *       With one level of 256 folders, a batch of 500 rewrote most of them, each holding 1/256 of
 *       the collection: the tree bytes written per commit grew with the collection, and so did the
 *       repository (the figures are in the project's performance notes).
 *   <li>A log: {@code logs/<log>/<writer>/<yyyy-mm>.jsonl}, one shard per writer and month, so
 *       writers never conflict.
 * </ul>
 */
public final class GitPaths {

  private GitPaths() {}

  /** How many folders deep a record is below its collection. */
  public static final int RECORD_DEPTH = 2;

  /** The folders a record lives in below its collection: {@code ab/c}. */
  public static String shard(String id) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(id.getBytes(StandardCharsets.UTF_8));
      String hex = HexFormat.of().formatHex(digest, 0, 2);
      return hex.substring(0, 2) + "/" + hex.charAt(2);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-1", e);
    }
  }

  public static String record(RecordKey key, RecordFormat format) {
    return key.collection() + "/" + shard(key.id()) + "/" + key.id() + "." + format.extension();
  }

  public static String log(String log, String writer, YearMonth month) {
    return RecordKey.LOGS + "/" + log + "/" + writer + "/" + month + ".jsonl";
  }

  /** Orders log shard paths by month, then by writer. */
  public static final Comparator<String> LOG_SHARDS =
      Comparator.<String, String>comparing(p -> p.substring(p.lastIndexOf('/') + 1))
          .thenComparing(p -> p);
}
