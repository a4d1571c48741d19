package dev.agentops.knowledge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.context.ModelTokenCounter;
import dev.agentops.context.TokenCounter;
import dev.agentops.llm.TokenizerFamily;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlockTokensTest {

  /** Pieces random text is made of: words, numbers, spaces, punctuation, other scripts. */
  static final String[] PIECES = {
    "a",
    "the",
    "Don't",
    "it's",
    "we'll",
    "Maven",
    "JDK",
    "toolchain",
    "ünïcode",
    "жёлтый",
    "中文",
    "🙂",
    "e\u0301",
    "0",
    "42",
    "2026-03-01",
    "3.14",
    " ",
    "  ",
    "\t",
    "\u00A0",
    "\r\n",
    "\n",
    "\n\n",
    "/",
    "//",
    "\\",
    ".",
    ",",
    ":",
    ";",
    "!",
    "?",
    "-",
    "--",
    "_",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "`",
    "```",
    "'",
    "\"",
    "<",
    ">",
    "=",
    "+",
    "*",
    "#",
    "@",
    "$",
    "%",
    "&",
    "|",
    "~",
    "^",
    "…",
    "—"
  };

  static String line(Random random) {
    StringBuilder b = new StringBuilder();
    for (int i = 0, n = 1 + random.nextInt(24); i < n; i++) {
      b.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return b.toString();
  }

  /** Lines as a block has them: starting and ending with a non-whitespace character. */
  static List<String> blockLines(Random random) {
    List<String> lines = new ArrayList<>();
    while (lines.size() < 1 + 12) {
      String l = line(random);
      if (random.nextInt(8) == 0) {
        l = "- " + l + " [pattern, lrn-" + random.nextInt(1000) + "]";
      }
      List<String> one = List.of(l);
      if (BlockTokens.additive(one)) {
        lines.add(l);
      }
      if (random.nextInt(4) == 0) {
        break;
      }
    }
    return lines;
  }

  static Stream<Arguments> seeds() {
    return Stream.of(TokenizerFamily.O200K_BASE, TokenizerFamily.CL100K_BASE)
        .flatMap(f -> LongStream.range(0, 12).mapToObj(i -> Arguments.of(f, 0xB10CL * 100 + i)));
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("seeds")
  void theSumOfTheLines_isTheCountOfTheBlock(TokenizerFamily family, long seed) {
    ModelTokenCounter counter = ModelTokenCounter.builder(family).cacheSize(0).build();
    Random random = new Random(seed);
    for (int i = 0; i < 300; i++) {
      List<String> lines = blockLines(random);
      if (lines.isEmpty()) {
        continue;
      }
      String block = String.join("\n", lines);
      long sum = 0;
      for (int j = 0; j < lines.size(); j++) {
        sum += counter.rawCount(j < lines.size() - 1 ? lines.get(j) + "\n" : lines.get(j));
      }
      assertThat(sum)
          .as("%s, seed %d, block %d: %s", family, seed, i, lines)
          .isEqualTo(counter.rawCount(block));
      assertThat(new BlockTokens().count(counter, lines))
          .as("%s, seed %d, block %d", family, seed, i)
          .isEqualTo(counter.count(block));
    }
  }

  @Test
  void aLineStartingWithASlash_joinsThePieceBefore_soTheBlockIsCountedWhole() {
    ModelTokenCounter counter = ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).build();
    List<String> lines = List.of("see [x]", "/usr/bin");
    String block = String.join("\n", lines);

    assertThat(counter.rawCount(lines.get(0) + "\n") + counter.rawCount(lines.get(1)))
        .as("the sum falls short of the block here")
        .isLessThan(counter.rawCount(block));
    assertThat(BlockTokens.additive(lines)).isFalse();
    assertThat(new BlockTokens().count(counter, lines)).isEqualTo(counter.count(block));
  }

  @Test
  void linesWithWhitespaceAtTheEdges_orEmpty_areCountedWhole() {
    assertThat(BlockTokens.additive(List.of("a", " b"))).isFalse();
    assertThat(BlockTokens.additive(List.of("a ", "b"))).isFalse();
    assertThat(BlockTokens.additive(List.of("a", "", "b"))).isFalse();
    assertThat(BlockTokens.additive(List.of("a\u00A0", "b"))).isFalse();
    assertThat(BlockTokens.additive(List.of("a]", "- b"))).isTrue();
    ModelTokenCounter counter = ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).build();
    List<String> lines = List.of("x", "   y  ", "", "\tz");
    assertThat(new BlockTokens().count(counter, lines))
        .isEqualTo(counter.count(String.join("\n", lines)));
  }

  @Test
  void aFamilyFactor_isAppliedToTheSum_asToAWholeCount() {
    ModelTokenCounter counter = ModelTokenCounter.builder(TokenizerFamily.CLAUDE).build();
    assertThat(counter.factor()).isNotEqualTo(1.0);
    Random random = new Random(5);
    for (int i = 0; i < 200; i++) {
      List<String> lines = blockLines(random);
      if (!lines.isEmpty()) {
        assertThat(new BlockTokens().count(counter, lines))
            .as("block %d", i)
            .isEqualTo(counter.count(String.join("\n", lines)));
      }
    }
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("seeds")
  void aBlockCountedWithTheMemoOfItsLines_countsAsAWholeBlock(TokenizerFamily family, long seed) {
    ModelTokenCounter counter = ModelTokenCounter.builder(family).cacheSize(0).build();
    Random random = new Random(seed ^ 0x3E30);
    BlockTokens tokens = new BlockTokens();
    for (int i = 0; i < 200; i++) {
      List<String> lines = blockLines(random);
      if (lines.isEmpty()) {
        continue;
      }
      // some lines counted ahead, as packing counts entries, some not; the last line never
      // carries a newline, even when the memo holds its count with one
      Map<String, Long> memo = new LinkedHashMap<>();
      for (String line : lines) {
        if (random.nextBoolean()) {
          assertThat(tokens.countLine(counter, line, memo)).isEqualTo(counter.count(line + "\n"));
        }
      }
      assertThat(tokens.count(counter, lines, memo))
          .as("%s, seed %d, block %d: %s", family, seed, i, lines)
          .isEqualTo(counter.count(String.join("\n", lines)));
    }
  }

  @Test
  void theMemo_isFilledByCountingLines_andReadByTheBlock() {
    ModelTokenCounter counter = ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).build();
    BlockTokens tokens = new BlockTokens();
    Map<String, Long> memo = new LinkedHashMap<>();
    tokens.countLine(counter, "- Pin the JDK. [pattern, lrn-1]", memo);
    assertThat(memo)
        .containsExactly(
            Map.entry(
                "- Pin the JDK. [pattern, lrn-1]",
                (long) counter.rawCount("- Pin the JDK. [pattern, lrn-1]\n")));

    // a wrong count planted in the memo shows that the block reads it instead of recounting
    memo.put("- Pin the JDK. [pattern, lrn-1]", 1000L);
    List<String> lines = List.of("- Pin the JDK. [pattern, lrn-1]", "done");
    assertThat(tokens.count(counter, lines, memo)).isEqualTo(1000 + counter.rawCount("done"));
  }

  @Test
  void anotherCounter_countsTheWholeBlock() {
    List<String> seen = new ArrayList<>();
    TokenCounter counter =
        text -> {
          seen.add(text);
          return (text.length() + 2) / 3;
        };
    List<String> lines = List.of("alpha", "beta", "gamma");

    assertThat(new BlockTokens().count(counter, lines)).isEqualTo((16 + 2) / 3);
    assertThat(seen).containsExactly("alpha\nbeta\ngamma");
  }

  /** Text as prose has it: pieces mostly separated by single spaces, sometimes by other things. */
  static String prose(Random random) {
    StringBuilder b = new StringBuilder();
    for (int i = 0, n = 1 + random.nextInt(40); i < n; i++) {
      if (i > 0) {
        int sep = random.nextInt(10);
        b.append(sep < 6 ? " " : sep < 8 ? "" : PIECES[random.nextInt(PIECES.length)]);
      }
      b.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return b.toString();
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("seeds")
  void theSumOfTheWords_isTheCountOfTheText(TokenizerFamily family, long seed) {
    ModelTokenCounter counter = ModelTokenCounter.builder(family).cacheSize(0).build();
    BlockTokens tokens = new BlockTokens();
    Random random = new Random(seed);
    for (int i = 0; i < 400; i++) {
      String text = random.nextBoolean() ? prose(random) : line(random);
      // twice: counted, then from the words' cache
      for (int pass = 0; pass < 2; pass++) {
        assertThat(tokens.rawCount(counter, text))
            .as("%s, seed %d, text %d, pass %d: '%s'", family, seed, i, pass, text)
            .isEqualTo(counter.rawCount(text));
      }
    }
    assertThat(tokens.cachedChunks()).as("words were cached").isPositive();
  }

  @Test
  void aLine_isCountedWithItsNewline_andTheFactor_asTheCounterCountsIt() {
    BlockTokens tokens = new BlockTokens();
    Random random = new Random(11);
    for (TokenizerFamily family : TokenizerFamily.values()) {
      ModelTokenCounter counter = ModelTokenCounter.builder(family).build();
      for (int i = 0; i < 100; i++) {
        String line = prose(random);
        assertThat(tokens.countLine(counter, line))
            .as("%s, line %d: '%s'", family, i, line)
            .isEqualTo(counter.count(line + "\n"));
      }
    }
  }

  @Test
  void wordsAreSplitBeforeASpaceThatFollowsASolidCharacter_only() {
    ModelTokenCounter counter = ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).build();
    // letters, a contraction, digits, marks and punctuation before a space end a chunk; whitespace
    // of any kind before a space, half a surrogate pair, or no space at all keep it whole
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("Don't split it's", List.of("Don't", " split", " it's"));
    expected.put("we'll  see", List.of("we'll", "  see"));
    expected.put("12345 678", List.of("12345", " 678"));
    expected.put("e\u0301 x", List.of("e\u0301", " x"));
    expected.put("a. b, c: d", List.of("a.", " b,", " c:", " d"));
    expected.put("a\u00A0 b", List.of("a\u00A0 b"));
    expected.put("\uD835\uDD18 x", List.of("\uD835\uDD18 x"));
    expected.put("tab\tand\u00A0nbsp", List.of("tab\tand\u00A0nbsp"));
    expected.put("x\n y", List.of("x\n y"));
    expected.put("Über straße 中文 字", List.of("Über", " straße", " 中文", " 字"));
    expected.put(" a b", List.of(" a", " b"));
    expected.put("a ", List.of("a", " "));
    for (Map.Entry<String, List<String>> e : expected.entrySet()) {
      String text = e.getKey();
      assertThat(BlockTokens.chunks(text)).as("the chunks of '%s'", text).isEqualTo(e.getValue());

      // the count is made of exactly those chunks: each one is cached, and nothing else
      BlockTokens tokens = new BlockTokens();
      assertThat(tokens.rawCount(counter, text)).as("'%s'", text).isEqualTo(counter.rawCount(text));
      assertThat(tokens.cachedChunks())
          .as("chunks cached counting '%s'", text)
          .isEqualTo(new HashSet<>(e.getValue()).size());
      assertThat(e.getValue().stream().mapToInt(counter::rawCount).sum())
          .as("the chunks' counts add up to the count of '%s'", text)
          .isEqualTo(counter.rawCount(text));
    }
    assertThat(BlockTokens.chunks("")).isEmpty();
  }

  @Test
  void theWordsCache_isBounded_andLongChunksAreNotCached() {
    ModelTokenCounter counter =
        ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).cacheSize(0).build();
    BlockTokens tokens = new BlockTokens();
    String longWord = "x".repeat(BlockTokens.MAX_CACHED_CHUNK_CHARS + 1);
    assertThat(tokens.rawCount(counter, longWord)).isEqualTo(counter.rawCount(longWord));
    assertThat(tokens.cachedChunks()).isZero();

    StringBuilder many = new StringBuilder();
    for (int i = 0; i < BlockTokens.MAX_CACHED_CHUNKS + 10; i++) {
      many.append(" w");
      for (int n = i; n > 0; n /= 26) {
        many.append((char) ('a' + n % 26));
      }
    }
    String text = many.toString();
    assertThat(tokens.rawCount(counter, text)).isEqualTo(counter.rawCount(text));
    assertThat(tokens.cachedChunks())
        .isPositive()
        .isLessThanOrEqualTo(BlockTokens.MAX_CACHED_CHUNKS);
  }

  @Test
  void aChunkUsedAgain_survivesTheCachesTurnover_andOneNotUsedAgainDoesNot() {
    ModelTokenCounter counter =
        ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).cacheSize(0).build();
    BlockTokens tokens = new BlockTokens();
    tokens.rawCount(counter, "- used again once more");
    assertThat(tokens.isCached(counter, " again")).isTrue();
    assertThat(tokens.isCached(counter, " once")).isTrue();

    int generation = BlockTokens.MAX_CACHED_CHUNKS / 2;
    for (int round = 0; round < 3; round++) {
      StringBuilder distinct = new StringBuilder();
      for (int i = 0; i < generation + 10; i++) {
        distinct.append(" r").append(round).append('w').append(i);
      }
      assertThat(tokens.rawCount(counter, distinct.toString()))
          .isEqualTo(counter.rawCount(distinct.toString()));
      // " again" is used between turnovers, and is still there each time; " once" never again
      assertThat(tokens.isCached(counter, " again")).as("round %d", round).isTrue();
      assertThat(tokens.rawCount(counter, " again")).isEqualTo(counter.rawCount(" again"));
    }

    assertThat(tokens.isCached(counter, " again")).as("used again").isTrue();
    assertThat(tokens.isCached(counter, " once")).as("not used again").isFalse();
    assertThat(tokens.cachedChunks()).isLessThanOrEqualTo(BlockTokens.MAX_CACHED_CHUNKS + 1);
  }
}
