package dev.agentops.context;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.agentops.context.internal.ContentHash;
import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ModelProfile;
import dev.agentops.llm.TokenizerFamily;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Counts tokens the way a model's tokenizer family does: exactly with jtokkit for OpenAI's {@code
 * o200k_base} and {@code cl100k_base}, and for families with no offline tokenizer (Claude, Gemini,
 * open-weight models) as {@code o200k_base} times a factor.
 *
 * <p><b>Calibration.</b> The factor starts at {@link TokenizerFamily#initialFactor()} and learns
 * from what providers report: {@link #calibrate(long, long)} takes the raw {@code o200k_base}
 * estimate of a request and the prompt tokens the provider counted, and moves the factor toward
 * their ratio by an exponential average ({@code f ← (1 − α)·f + α·r}, α 0.2 by default), where
 * {@code r = reported/estimated} is first bounded to [0.5, 3.0]: so the factor stays within those
 * bounds, and one odd report (a provider counting an attachment the text does not show) moves it at
 * most α of the way to a bound. {@link BudgetedLanguageModel} does this after every call. Exact
 * families ignore calibration.
 *
 * <p><b>Caching.</b> Raw counts are cached by a 64-bit hash of the content (Caffeine, bounded to
 * 100,000 entries by default), so recounting a long history costs a hash per item, not a
 * tokenization. The factor is applied after the cache, so calibration never invalidates it. The
 * cache's upkeep (eviction) runs on the counting thread; no shared thread pool is used. A {@link
 * ContextBudget} counting with this counter keeps its items' raw counts and recounts them at the
 * new factor when calibration changes it.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class ModelTokenCounter implements TokenCounter {

  private static final class Registry {
    static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
  }

  private final TokenizerFamily family;
  private final Encoding encoding;
  private final @Nullable Cache<ContentHash.Key, Integer> cache;
  private final double alpha;
  private final double minFactor;
  private final double maxFactor;
  private final Object lock = new Object();
  private volatile double factor;
  private long samples;

  private ModelTokenCounter(Builder b) {
    this.family = b.family;
    this.encoding =
        Registry.INSTANCE.getEncoding(
            b.family == TokenizerFamily.CL100K_BASE
                ? EncodingType.CL100K_BASE
                : EncodingType.O200K_BASE);
    this.cache =
        b.cacheSize == 0
            ? null
            : Caffeine.newBuilder()
                .maximumSize(b.cacheSize)
                // Upkeep on the counting thread: handed to the common pool, it woke a thread after
                // every miss, which cost more than the miss's hashing and eviction together.
                .executor(Runnable::run)
                .<ContentHash.Key, Integer>build();
    this.alpha = b.alpha;
    this.minFactor = b.minFactor;
    this.maxFactor = b.maxFactor;
    this.factor =
        b.family.exact() ? 1.0 : clamp(b.family.initialFactor(), b.minFactor, b.maxFactor);
  }

  /**
   * Returns a counter for a model, with the default cache and calibration.
   *
   * @param profile the model's profile
   * @return the counter
   */
  public static ModelTokenCounter forProfile(ModelProfile profile) {
    return builder(Objects.requireNonNull(profile, "profile").tokenizerFamily()).build();
  }

  /**
   * Starts a counter for a tokenizer family.
   *
   * @param family the family
   * @return a builder
   */
  public static Builder builder(TokenizerFamily family) {
    return new Builder(Objects.requireNonNull(family, "family"));
  }

  @Override
  public int count(String text) {
    return scale(rawCount(text), factor);
  }

  /** Applies a factor to a raw count, as {@link #count(String)} does; a budget recounts with it. */
  static int scale(int raw, double factor) {
    return factor == 1.0 ? raw : (int) Math.ceil(raw * factor);
  }

  /**
   * Counts the tokens of a text with the encoding itself, before any factor.
   *
   * @param text the text
   * @return the encoding's count
   */
  public int rawCount(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      return 0;
    }
    if (cache == null) {
      return encoding.countTokensOrdinary(text);
    }
    return cache.get(ContentHash.of(text), key -> encoding.countTokensOrdinary(text));
  }

  /**
   * Counts a request's prompt with the encoding itself, before any factor; what {@link
   * #calibrate(long, long)} compares with the provider's count.
   *
   * @param request the request
   * @return the raw prompt tokens
   */
  public int rawPromptTokens(ChatRequest request) {
    long total = REQUEST_OVERHEAD;
    if (request.system().isPresent()) {
      total += rawCount(request.system().get()) + MESSAGE_OVERHEAD;
    }
    for (ChatMessage m : request.messages()) {
      total += rawCount(m.content()) + MESSAGE_OVERHEAD;
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  /**
   * Learns from a provider's count: moves the factor the calibration rate's share of the way toward
   * {@code reportedTokens / estimatedRawTokens}, that ratio first bounded to the factor bounds.
   * Ignored for exact families and for empty samples.
   *
   * @param estimatedRawTokens this counter's raw count of what was sent ({@link
   *     #rawPromptTokens(ChatRequest)})
   * @param reportedTokens the prompt tokens the provider reported
   */
  public void calibrate(long estimatedRawTokens, long reportedTokens) {
    if (family.exact() || estimatedRawTokens <= 0 || reportedTokens <= 0) {
      return;
    }
    // Bound the sample, not only the average: one wild report must not reach a bound at once.
    double ratio = clamp((double) reportedTokens / estimatedRawTokens, minFactor, maxFactor);
    synchronized (lock) {
      factor = clamp((1 - alpha) * factor + alpha * ratio, minFactor, maxFactor);
      samples++;
    }
  }

  /**
   * Returns the factor applied to raw counts: 1.0 for exact families.
   *
   * @return the current factor
   */
  public double factor() {
    return factor;
  }

  /**
   * Returns how many provider reports the factor has learned from.
   *
   * @return the number of calibration samples
   */
  public long calibrationSamples() {
    synchronized (lock) {
      return samples;
    }
  }

  /**
   * Returns the tokenizer family counted for.
   *
   * @return the family
   */
  public TokenizerFamily family() {
    return family;
  }

  /**
   * Returns the jtokkit encoding counted with: {@code o200k_base} or {@code cl100k_base}.
   *
   * @return the encoding's name
   */
  public String encodingName() {
    return encoding.getName();
  }

  @Override
  public String toString() {
    return "ModelTokenCounter[" + family + ", " + encodingName() + " × " + factor + "]";
  }

  private static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }

  /**
   * Builds a {@link ModelTokenCounter}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final TokenizerFamily family;
    private long cacheSize = 100_000;
    private double alpha = 0.2;
    private double minFactor = 0.5;
    private double maxFactor = 3.0;

    private Builder(TokenizerFamily family) {
      this.family = family;
    }

    /**
     * Sets how many raw counts are cached.
     *
     * @param entries 0 for no cache; default 100,000
     * @return this builder
     */
    public Builder cacheSize(long entries) {
      if (entries < 0) {
        throw new IllegalArgumentException("cacheSize must be >= 0, but was " + entries);
      }
      this.cacheSize = entries;
      return this;
    }

    /**
     * Sets how fast calibration follows provider reports.
     *
     * @param alpha the weight of each new report, in (0, 1]; default 0.2
     * @return this builder
     */
    public Builder calibrationRate(double alpha) {
      if (!(alpha > 0 && alpha <= 1)) {
        throw new IllegalArgumentException("calibrationRate must be in (0, 1], but was " + alpha);
      }
      this.alpha = alpha;
      return this;
    }

    /**
     * Sets the bounds calibration keeps the factor within.
     *
     * @param min the lowest factor, greater than 0
     * @param max the highest factor, at least {@code min}; defaults 0.5 and 3.0
     * @return this builder
     */
    public Builder factorBounds(double min, double max) {
      if (!(min > 0 && max >= min && Double.isFinite(max))) {
        throw new IllegalArgumentException(
            "factor bounds need 0 < min <= max, but were " + min + " and " + max);
      }
      this.minFactor = min;
      this.maxFactor = max;
      return this;
    }

    /**
     * Builds the counter.
     *
     * @return the counter
     */
    public ModelTokenCounter build() {
      return new ModelTokenCounter(this);
    }
  }
}
