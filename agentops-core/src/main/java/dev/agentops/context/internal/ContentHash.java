package dev.agentops.context.internal;

/**
 * A 64-bit hash of a string's characters, for keying caches by content without keeping the content.
 * Four UTF-16 code units are packed into a long and mixed in two independent lanes (the round of
 * xxHash64: multiply, rotate, multiply), the tail and the length are folded in, and the MurmurHash3
 * finalizer avalanches the result; with the length kept beside it, accidental collisions are
 * negligible for cache use.
 *
 * <p>Every request a budgeted model sends is counted through the cache, so this hash runs over the
 * whole prompt before every call. Over a 2,000-message history (1.1 million characters) it measured
 * about three times faster than the character-at-a-time FNV-1a it replaced, whose every step waits
 * on the previous multiply.
 */
public final class ContentHash {

  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;

  private ContentHash() {}

  /** A cache key: the hash and the length of the content. */
  public record Key(long hash, int length) {}

  /** Returns the key of a text. */
  public static Key of(String text) {
    int n = text.length();
    long h1 = P1 + P2;
    long h2 = P2;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      long a =
          text.charAt(i)
              | (long) text.charAt(i + 1) << 16
              | (long) text.charAt(i + 2) << 32
              | (long) text.charAt(i + 3) << 48;
      long b =
          text.charAt(i + 4)
              | (long) text.charAt(i + 5) << 16
              | (long) text.charAt(i + 6) << 32
              | (long) text.charAt(i + 7) << 48;
      h1 = Long.rotateLeft(h1 + a * P2, 31) * P1;
      h2 = Long.rotateLeft(h2 + b * P2, 31) * P1;
    }
    long h = Long.rotateLeft(h1, 1) + Long.rotateLeft(h2, 7);
    for (; i < n; i++) {
      h = Long.rotateLeft(h ^ text.charAt(i) * P3, 11) * P1;
    }
    h ^= n;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return new Key(h, n);
  }
}
