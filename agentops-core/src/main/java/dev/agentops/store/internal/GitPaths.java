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
 *   <li>A record: {@code <collection>/<shard>/<id>.<json|md>}, where the shard is the first two hex
 *       digits of the SHA-1 of the id's UTF-8 bytes. Sharding keeps every tree small, so a write
 *       rewrites a few hundred entries, not the whole collection.
 *   <li>A log: {@code logs/<log>/<writer>/<yyyy-mm>.jsonl}, one shard per writer and month, so
 *       writers never conflict.
 * </ul>
 */
public final class GitPaths {

  private GitPaths() {}

  public static String shard(String id) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(id.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().toHexDigits(digest[0]);
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
