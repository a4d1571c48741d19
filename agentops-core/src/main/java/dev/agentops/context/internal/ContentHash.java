package dev.agentops.context.internal;

/**
 * A 64-bit hash of a string's characters, for keying caches by content without keeping the content.
 * FNV-1a over UTF-16 code units with a final avalanche (the MurmurHash3 finalizer); with the length
 * kept beside it, accidental collisions are negligible for cache use.
 */
public final class ContentHash {

  private ContentHash() {}

  /** A cache key: the hash and the length of the content. */
  public record Key(long hash, int length) {}

  /** Returns the key of a text. */
  public static Key of(String text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return new Key(h, text.length());
  }
}
