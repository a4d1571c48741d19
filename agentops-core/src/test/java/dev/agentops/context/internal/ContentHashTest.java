package dev.agentops.context.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContentHashTest {

  @Test
  void theSameTextAlwaysHasTheSameKey() {
    String text = "The build fails because a test shares state.";
    assertThat(ContentHash.of(text)).isEqualTo(ContentHash.of(new String(text.toCharArray())));
    assertThat(ContentHash.of(text).length()).isEqualTo(text.length());
  }

  @Test
  void changingAnyOneCharacterChangesTheKey() {
    String text = "Make the nightly build green without disabling tests; 0123456789 ÄÖÜ €.";
    ContentHash.Key key = ContentHash.of(text);
    for (int i = 0; i < text.length(); i++) {
      char[] chars = text.toCharArray();
      chars[i] ^= 1;
      assertThat(ContentHash.of(new String(chars))).as("flip at %d", i).isNotEqualTo(key);
    }
  }

  @Test
  void swappingTheTwoHalvesOfABlockChangesTheKey() {
    assertThat(ContentHash.of("abcdefgh")).isNotEqualTo(ContentHash.of("efghabcd"));
    assertThat(ContentHash.of("abcdefgh12345678")).isNotEqualTo(ContentHash.of("12345678abcdefgh"));
  }

  @Test
  void seededTextsOfEveryLengthDoNotCollide() {
    long seed = 20261124L;
    Random random = new Random(seed);
    Map<ContentHash.Key, String> seen = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      int length = random.nextInt(64);
      StringBuilder sb = new StringBuilder(length);
      for (int c = 0; c < length; c++) {
        // A small alphabet makes near-duplicates likely.
        sb.append((char) ('a' + random.nextInt(4)));
      }
      String text = sb.toString();
      String before = seen.putIfAbsent(ContentHash.of(text), text);
      if (before != null) {
        assertThat(before).as("collision with seed %d", seed).isEqualTo(text);
      }
    }
  }
}
