package dev.agentops.knowledge.internal;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Random record ids of the knowledge module: {@code <prefix>-<yyyymmdd>-<8 characters>}, from an
 * alphabet without look-alikes (no l, o, 0 or 1), so that ids sort by day and read aloud well.
 */
public final class RecordIds {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final char[] CHARS = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

  private RecordIds() {}

  /**
   * Returns a generator of random ids.
   *
   * @param prefix such as {@code lrn}
   * @param clock dates the ids
   * @param random draws the characters; a secure one unless a test needs repeatable ids
   * @return the generator; thread-safe if the random source is
   */
  public static Supplier<String> random(String prefix, Clock clock, RandomGenerator random) {
    return () -> {
      StringBuilder b =
          new StringBuilder(prefix).append('-').append(DAY.format(clock.instant())).append('-');
      for (int i = 0; i < 8; i++) {
        b.append(CHARS[random.nextInt(CHARS.length)]);
      }
      return b.toString();
    };
  }
}
