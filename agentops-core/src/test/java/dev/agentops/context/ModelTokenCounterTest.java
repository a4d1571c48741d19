package dev.agentops.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ModelProfiles;
import dev.agentops.llm.TokenizerFamily;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ModelTokenCounterTest {

  static final String TEXT =
      "Research before you build: the cheapest agent session is the one that doesn't get thrown"
          + " away. Überprüfung, 検証, проверка — and some code: `for (int i = 0; i < n; i++)`.";

  @Nested
  class Exact {

    @Test
    void countsLikeJtokkitForO200k() {
      ModelTokenCounter counter =
          ModelTokenCounter.forProfile(ModelProfiles.defaults().require("gpt-4o"));
      int expected =
          Encodings.newDefaultEncodingRegistry()
              .getEncoding(EncodingType.O200K_BASE)
              .countTokensOrdinary(TEXT);

      assertThat(counter.count(TEXT)).isEqualTo(expected);
      assertThat(counter.encodingName()).isEqualTo("o200k_base");
      assertThat(counter.factor()).isEqualTo(1.0);
    }

    @Test
    void countsLikeJtokkitForCl100k() {
      ModelTokenCounter counter =
          ModelTokenCounter.forProfile(ModelProfiles.defaults().require("gpt-4-turbo"));
      int expected =
          Encodings.newDefaultEncodingRegistry()
              .getEncoding(EncodingType.CL100K_BASE)
              .countTokensOrdinary(TEXT);

      assertThat(counter.count(TEXT)).isEqualTo(expected);
      assertThat(counter.encodingName()).isEqualTo("cl100k_base");
    }

    @Test
    void ignoresCalibrationBecauseTheCountIsExact() {
      ModelTokenCounter counter = ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).build();

      counter.calibrate(100, 250);

      assertThat(counter.factor()).isEqualTo(1.0);
      assertThat(counter.calibrationSamples()).isZero();
    }

    @Test
    void treatsSpecialTokenTextAsOrdinaryText() {
      ModelTokenCounter counter = ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).build();

      assertThat(counter.count("a transcript that quotes <|endoftext|> verbatim")).isPositive();
    }

    @Test
    void countsNothingForTheEmptyString() {
      assertThat(ModelTokenCounter.builder(TokenizerFamily.CLAUDE).build().count("")).isZero();
    }
  }

  @Nested
  class Approximated {

    @Test
    void startsFromTheFamilysFactor() {
      ModelTokenCounter counter =
          ModelTokenCounter.forProfile(ModelProfiles.defaults().require("claude-sonnet-4-6"));

      assertThat(counter.factor()).isEqualTo(1.25);
      assertThat(counter.count(TEXT)).isEqualTo((int) Math.ceil(counter.rawCount(TEXT) * 1.25));
    }

    @Test
    void movesTheFactorTowardWhatTheProviderReports() {
      ModelTokenCounter counter =
          ModelTokenCounter.builder(TokenizerFamily.GEMINI).calibrationRate(0.5).build();

      counter.calibrate(1000, 1400);

      assertThat(counter.factor()).isCloseTo(0.5 * 1.15 + 0.5 * 1.4, Offset.offset(1e-9));
      assertThat(counter.calibrationSamples()).isEqualTo(1);
    }

    @Test
    void keepsTheFactorWithinItsBounds() {
      ModelTokenCounter counter =
          ModelTokenCounter.builder(TokenizerFamily.CLAUDE)
              .calibrationRate(1.0)
              .factorBounds(0.8, 2.0)
              .build();

      counter.calibrate(10, 10_000);
      assertThat(counter.factor()).isEqualTo(2.0);
      counter.calibrate(10_000, 1);
      assertThat(counter.factor()).isEqualTo(0.8);
    }

    @Test
    void skipsEmptySamples() {
      ModelTokenCounter counter = ModelTokenCounter.builder(TokenizerFamily.CLAUDE).build();

      counter.calibrate(0, 100);
      counter.calibrate(100, 0);

      assertThat(counter.calibrationSamples()).isZero();
      assertThat(counter.factor()).isEqualTo(1.25);
    }
  }

  @Nested
  class Caching {

    @Test
    void returnsTheSameCountFromTheCacheAndWithout() {
      ModelTokenCounter cached = ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).build();
      ModelTokenCounter uncached =
          ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).cacheSize(0).build();

      for (int i = 0; i < 3; i++) {
        assertThat(cached.count(TEXT + i)).isEqualTo(uncached.count(TEXT + i));
        assertThat(cached.count(TEXT + i)).isEqualTo(uncached.count(TEXT + i));
      }
    }

    @Test
    void appliesANewFactorToCachedCounts() {
      ModelTokenCounter counter =
          ModelTokenCounter.builder(TokenizerFamily.CLAUDE).calibrationRate(1.0).build();
      int raw = counter.rawCount(TEXT);

      counter.calibrate(100, 200);

      assertThat(counter.count(TEXT)).isEqualTo(raw * 2);
    }
  }

  @Test
  void countsAPromptWithTheFormatsOverhead() {
    ModelTokenCounter counter = ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).build();
    ChatRequest request = ChatRequest.builder().system("sys").user("hello").assistant("hi").build();

    int expected =
        TokenCounter.REQUEST_OVERHEAD
            + counter.count("sys")
            + counter.count("hello")
            + counter.count("hi")
            + 3 * TokenCounter.MESSAGE_OVERHEAD;

    assertThat(counter.countPrompt(request)).isEqualTo(expected);
    assertThat(counter.rawPromptTokens(request)).isEqualTo(expected);
  }

  @Test
  void badSettingsNameTheArgument() {
    assertThatThrownBy(() -> ModelTokenCounter.builder(TokenizerFamily.CLAUDE).cacheSize(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cacheSize must be >= 0, but was -1");
    assertThatThrownBy(() -> ModelTokenCounter.builder(TokenizerFamily.CLAUDE).calibrationRate(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("calibrationRate");
    assertThatThrownBy(
            () -> ModelTokenCounter.builder(TokenizerFamily.CLAUDE).factorBounds(2.0, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("factor bounds");
  }
}
