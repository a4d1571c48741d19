package dev.agentops.knowledge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KnowledgeBlockTest {

  private static final String[] PIECES = {
    "a", "word", " ", "  ", "\t", "\n", "\r\n", "\u000B", "\f", "\u00A0", "\u2003", "`", "``",
    "```", "ü", "中", "🙂", ".", "-"
  };

  private static String text(Random random) {
    StringBuilder b = new StringBuilder();
    for (int i = 0, n = random.nextInt(16); i < n; i++) {
      b.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return b.toString();
  }

  @Test
  void oneLine_stripsAndJoinsWhitespaceRuns_asTheRegexDid() {
    Pattern whitespace = Pattern.compile("\\s+");
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      String s = text(random);
      assertThat(KnowledgeBlock.oneLine(s))
          .as("text %d: %s", i, s)
          .isEqualTo(whitespace.matcher(s.strip()).replaceAll(" "));
    }
    assertThat(KnowledgeBlock.oneLine("  Pin\tthe \n JDK  ")).isEqualTo("Pin the JDK");
    assertThat(KnowledgeBlock.oneLine("already one line")).isEqualTo("already one line");
  }

  @Test
  void theLongestBacktickRun_isFound() {
    Pattern backticks = Pattern.compile("`+");
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      String s = text(random);
      int longest = 0;
      Matcher m = backticks.matcher(s);
      while (m.find()) {
        longest = Math.max(longest, m.end() - m.start());
      }
      assertThat(KnowledgeBlock.longestBacktickRun(s)).as("text %d: %s", i, s).isEqualTo(longest);
    }
  }
}
