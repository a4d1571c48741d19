package dev.agentops.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrontMatterTest {

  static Stream<Long> seeds() {
    return LongStream.range(0, 200).map(i -> 0x5EED0000L + i).boxed();
  }

  /** Front matter as the store's writer renders it, then read back both ways. */
  private static String render(Map<String, Object> front) {
    return Envelope.markdown(front, "body\n");
  }

  private static String block(String markdown) {
    int start = markdown.indexOf('\n') + 1;
    int end = markdown.lastIndexOf("\n---\n");
    return markdown.substring(start, end);
  }

  @Nested
  class ReadsWhatTheWriterWrites {

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("dev.agentops.store.internal.FrontMatterTest#seeds")
    void ordinaryValues_areReadFastAndAsYamlReadsThem(long seed) throws Exception {
      Random r = new Random(seed);
      String markdown = render(Generator.frontMatter(r, false));

      ObjectNode fast = FrontMatter.parse(block(markdown));

      assertThat(fast).as("seed %d: declined\n%s", seed, markdown).isNotNull();
      assertThat(fast)
          .as("seed %d\n%s", seed, markdown)
          .isEqualTo(Envelope.frontMatterByYaml(markdown));
      assertThat(Envelope.frontMatter(markdown)).isEqualTo(fast);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("dev.agentops.store.internal.FrontMatterTest#seeds")
    void awkwardValues_areReadAsYamlReadsThemOrDeclined(long seed) throws Exception {
      Random r = new Random(seed);
      String markdown = render(Generator.frontMatter(r, true));

      ObjectNode fast = FrontMatter.parse(block(markdown));

      if (fast != null) {
        assertThat(fast)
            .as("seed %d\n%s", seed, markdown)
            .isEqualTo(Envelope.frontMatterByYaml(markdown));
      }
      assertThat(Envelope.frontMatter(markdown))
          .as("seed %d\n%s", seed, markdown)
          .isEqualTo(Envelope.frontMatterByYaml(markdown));
    }

    @Test
    void awkwardValues_areMostlyReadFast() {
      int read = 0;
      for (long seed : seeds().toList()) {
        if (FrontMatter.parse(block(render(Generator.frontMatter(new Random(seed), true))))
            != null) {
          read++;
        }
      }
      assertThat(read).as("front matters read without the YAML parser, of 200").isGreaterThan(100);
    }

    @Test
    void foldsLongStringsTheWayYamlDoes() throws Exception {
      String longText = "word ".repeat(60) + " two  spaces   and\\back\"slash\" ";
      String markdown = render(Map.of("text", longText));

      assertThat(markdown).contains("\\\n");
      assertThat(FrontMatter.parse(block(markdown)).get("text").asText()).isEqualTo(longText);
    }

    @Test
    void readsDecimalsToTheSameDouble() throws Exception {
      Random r = new Random(0xD0B1EL);
      int read = 0;
      for (int i = 0; i < 20_000; i++) {
        double d =
            switch (i % 4) {
              case 0 -> r.nextDouble();
              case 1 -> r.nextDouble() * Math.pow(10, r.nextInt(12));
              case 2 -> Math.round(r.nextDouble() * 1e6) / 1e6;
              default -> Double.longBitsToDouble(r.nextLong());
            };
        if (!Double.isFinite(d)) {
          continue;
        }
        String markdown = render(Map.of("a", d));
        ObjectNode fast = FrontMatter.parse(block(markdown));
        if (fast != null) {
          read++;
          assertThat(fast.get("a").doubleValue()).as(markdown).isEqualTo(d);
          assertThat(fast).as(markdown).isEqualTo(Envelope.frontMatterByYaml(markdown));
        }
      }
      // what the writer puts in exponent form is declined to the YAML parser
      assertThat(read).isGreaterThan(10_000);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "a: \"one   \n  two\"",
          "a: \"one \n\n  two  \"",
          "a: \"   \n  two\"",
          "a: \"one\\  \n  two\"",
          "a: \"one \\t \n  two \\\n   three\"",
          "a: \"\\u00e9t\u00e9  x  \n\n\n  y\"\nb: 1",
          "a:\n  b: \"one  \n    two\"\n  c: \"x\""
        })
    void foldsRawLineBreaksTheWayYamlDoes(String block) throws Exception {
      ObjectNode fast = FrontMatter.parse(block);

      assertThat(fast).as(block).isNotNull();
      assertThat(fast).as(block).isEqualTo(Envelope.frontMatterByYaml("---\n" + block + "\n---\n"));
    }

    @Test
    void readsNumbersAsTheSameKindsOfNode() throws Exception {
      String block = "a: 1\nb: 3000000000\nc: 0.25\nd: -7\ne: true\nf: null\ng: []\nh: {}";

      assertThat(FrontMatter.parse(block))
          .isEqualTo(Envelope.frontMatterByYaml("---\n" + block + "\n---\n"));
    }
  }

  @Nested
  class SplitsAsThePatternDoes {

    private static final String[] PIECES = {
      "---", "---", "--", "-", "\n", "\n", "\r\n", "\r", " ", "\t", "a", "key: 1", "\u2028",
      "\u0085", "----"
    };

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("dev.agentops.store.internal.FrontMatterTest#seeds")
    void findsTheSameBlockAndBody(long seed) {
      Random r = new Random(seed);
      for (int t = 0; t < 50; t++) {
        StringBuilder b = new StringBuilder(r.nextInt(8) == 0 ? "" : "---\n");
        int pieces = r.nextInt(16);
        for (int i = 0; i < pieces; i++) {
          b.append(PIECES[r.nextInt(PIECES.length)]);
        }
        String text = b.toString();
        java.util.regex.Matcher m = Envelope.FRONT_MATTER.matcher(text);
        int[] expected = m.find() ? new int[] {m.start(1), m.end(1), m.end()} : null;

        assertThat(Envelope.split(text))
            .as("seed %d, text %s", seed, text.replace("\n", "\\n"))
            .isEqualTo(expected);
      }
    }
  }

  @Nested
  class DeclinesWhatItDoesNotKnow {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "a: 1 # comment",
          "# comment\na: 1",
          "a: &x 1\nb: *x",
          "a: !!str 1",
          "a: 'single'",
          "a: |\n  block",
          "a: >\n  folded",
          "a: [1, 2]",
          "a: {b: 1}",
          "a: plain words",
          "a: yes",
          "a: 1e5",
          "a: 0x1F",
          "a: 012",
          "a: ~",
          "a:",
          "a: 1\na: 2",
          "a:\tb",
          "a: \"x\"\r\nb: 1",
          "a: \"unterminated",
          "a: \"bad \\q escape\"",
          "a: \"x\" trailing",
          "? a\n: 1",
          "a:\n  - b: 1",
          "a:\n b: 1\n  c: 2",
          "\"quoted key\": 1",
          "a: \"raw \u0001 control\"",
          "a: \"raw \u2028 separator\"",
          "a: 123456789012345678901",
          "a: \"x\n---\n  y\""
        })
    void declines(String block) {
      assertThat(FrontMatter.parse(block)).isNull();
    }

    @Test
    void badFrontMatterStillGetsTheYamlParsersError() {
      assertThatThrownBy(() -> Envelope.frontMatter("---\na: [unclosed\n---\nbody\n"))
          .isInstanceOf(Envelope.Unreadable.class)
          .hasMessageStartingWith("has front matter that is not valid YAML (line");
      assertThatThrownBy(() -> Envelope.frontMatter("---\n- a\n- b\n---\nbody\n"))
          .isInstanceOf(Envelope.Unreadable.class)
          .hasMessage("has front matter that is not a mapping of keys to values");
    }
  }

  /** Seeded front matter: maps of strings, numbers, booleans, nulls, lists and nested maps. */
  static final class Generator {

    private static final String[] WORDS = {
      "flaky", "test", "shared", "database", "pin", "the", "jdk", "toolchain", "maven", "ci"
    };
    private static final String[] AWKWARD = {
      "",
      " ",
      "  lead",
      "trail  ",
      "a\nb",
      "a\n\nb",
      "a\r\nb",
      "tab\there",
      "quote\"s",
      "back\\slash",
      "# not a comment",
      "key: value",
      "- item",
      "---",
      "...",
      "null",
      "true",
      "123",
      "0.5",
      "1e5",
      "~",
      "'single'",
      "ünïcödé",
      "日本語",
      "emoji \uD83D\uDE00",
      "\u0085",
      "\u2028",
      "\u00A0nbsp",
      "\u0007bell",
      "\u001Besc",
      "\uFEFFbom",
      "{braces}",
      "[brackets]",
      "&anchor",
      "*alias",
      "!tag",
      "%percent",
      "@at",
      "`tick`",
      "a: b: c",
      "x #y",
      "é".repeat(90)
    };

    static Map<String, Object> frontMatter(Random r, boolean awkward) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("schemaVersion", 1);
      int keys = 3 + r.nextInt(12);
      for (int i = 0; i < keys; i++) {
        m.put("k" + i + (r.nextBoolean() ? "_x" : ""), value(r, awkward, 0));
      }
      return m;
    }

    private static Object value(Random r, boolean awkward, int depth) {
      switch (r.nextInt(depth < 2 ? 10 : 8)) {
        case 0:
          return r.nextInt();
        case 1:
          return r.nextLong();
        case 2:
          return r.nextDouble() * (r.nextBoolean() ? 1 : 1_000);
        case 3:
          return r.nextBoolean();
        case 4:
          return null;
        case 5:
        case 6:
        case 7:
          return text(r, awkward);
        case 8:
          List<Object> list = new ArrayList<>();
          int items = r.nextInt(4);
          for (int i = 0; i < items; i++) {
            list.add(r.nextInt(3) == 0 ? r.nextInt(100) : text(r, awkward));
          }
          return list;
        default:
          Map<String, Object> map = new LinkedHashMap<>();
          int keys = r.nextInt(4);
          for (int i = 0; i < keys; i++) {
            map.put("n" + i, value(r, awkward, depth + 1));
          }
          return map;
      }
    }

    private static String text(Random r, boolean awkward) {
      StringBuilder b = new StringBuilder();
      int words = r.nextInt(40);
      for (int i = 0; i < words; i++) {
        if (i > 0) {
          b.append(r.nextInt(10) == 0 ? "  " : " ");
        }
        b.append(
            awkward && r.nextInt(4) == 0
                ? AWKWARD[r.nextInt(AWKWARD.length)]
                : WORDS[r.nextInt(WORDS.length)]);
      }
      return b.toString();
    }
  }
}
