package dev.agentops.llm.http;

import dev.agentops.llm.ModelProfile;
import dev.agentops.llm.ModelProfiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The settings every HTTP adapter shares: the model, where the provider is, the credential,
 * timeouts and retries. Not thread-safe.
 *
 * <p>The API key comes from {@link #apiKey(String)}, or else from the environment variable named by
 * {@link #apiKeyVariable(String)}. It is sent only in the provider's authentication header and
 * never appears in a {@code toString}, an exception or a log line.
 *
 * @param <B> the concrete builder
 * @param <M> the adapter it builds
 * @since 0.1.0
 */
public abstract class HttpModelBuilder<B extends HttpModelBuilder<B, M>, M> {

  private @Nullable String model;
  private ModelProfiles profiles = ModelProfiles.defaults();
  private @Nullable ModelProfile profile;
  private URI baseUrl;
  private @Nullable String apiKey;
  private String apiKeyVariable;
  private Function<String, @Nullable String> environment = System::getenv;
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Duration requestTimeout = Duration.ofSeconds(120);
  private HttpRetries retries = HttpRetries.defaults();
  private @Nullable HttpClient httpClient;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private @Nullable Boolean nativeJsonSchema;
  private @Nullable Integer defaultMaxOutputTokens;

  HttpModelBuilder(String defaultBaseUrl, String defaultApiKeyVariable) {
    this.baseUrl = URI.create(defaultBaseUrl);
    this.apiKeyVariable = defaultApiKeyVariable;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Sets the model to call. Required.
   *
   * @param model the provider's model id, such as {@code gpt-4o} or {@code llama3.1:8b}
   * @return this builder
   */
  public B model(String model) {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    this.model = model;
    return self();
  }

  /**
   * Sets the profile table the model is looked up in; default {@link ModelProfiles#defaults()}.
   *
   * @param profiles the table
   * @return this builder
   */
  public B profiles(ModelProfiles profiles) {
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    return self();
  }

  /**
   * Sets the model's profile explicitly, instead of looking it up.
   *
   * @param profile the profile; its model id must equal {@link #model(String)}'s, if set
   * @return this builder
   */
  public B profile(ModelProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
    return self();
  }

  /**
   * Sets where the provider's API is.
   *
   * @param baseUrl an absolute {@code http} or {@code https} URL
   * @return this builder
   * @throws IllegalArgumentException if the URL is not absolute http or https
   */
  public B baseUrl(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    URI uri;
    String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    try {
      uri = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "baseUrl is not a valid URL: '" + withoutCredentials(trimmed) + "'", null);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new IllegalArgumentException(
          "baseUrl must be an absolute http or https URL, but was '"
              + withoutCredentials(trimmed)
              + "'");
    }
    this.baseUrl = uri;
    return self();
  }

  /**
   * Sets the API key.
   *
   * @param apiKey the key
   * @return this builder
   */
  public B apiKey(String apiKey) {
    this.apiKey = checkKey(apiKey, "apiKey");
    return self();
  }

  /**
   * Strips surrounding white space (a key read from a file ends with a newline) and refuses keys
   * that could not be sent in a header, without ever showing the key.
   */
  private static String checkKey(String key, String name) {
    Objects.requireNonNull(key, name);
    String k = key.strip();
    if (k.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    if (hasControlCharacter(k)) {
      throw new IllegalArgumentException(
          name + " contains a control character or line break; it cannot be sent in a header");
    }
    return k;
  }

  private static boolean hasControlCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sets the environment variable the API key is read from when none is given.
   *
   * @param variable the variable's name
   * @return this builder
   */
  public B apiKeyVariable(String variable) {
    this.apiKeyVariable = Objects.requireNonNull(variable, "variable");
    return self();
  }

  /**
   * Sets where environment variables are read from; default {@link System#getenv(String)}. Hosts
   * with their own configuration source, and tests, replace it.
   *
   * @param environment returns a variable's value, or {@code null} if unset
   * @return this builder
   */
  public B environment(Function<String, @Nullable String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
    return self();
  }

  /**
   * Sets how long to wait for a connection; default 10 s. Ignored when an {@link
   * #httpClient(HttpClient)} is given.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public B connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "connectTimeout");
    return self();
  }

  /**
   * Sets how long one attempt may take, from sending the request to the whole reply (for a streamed
   * reply: to the start of the reply); default 120 s. Timeouts are not retried.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public B requestTimeout(Duration timeout) {
    this.requestTimeout = positive(timeout, "requestTimeout");
    return self();
  }

  /**
   * Sets the retry policy; default {@link HttpRetries#defaults()}.
   *
   * @param retries the policy
   * @return this builder
   */
  public B retries(HttpRetries retries) {
    this.retries = Objects.requireNonNull(retries, "retries");
    return self();
  }

  /**
   * Sets the HTTP client to use, for hosts that share one (proxy, TLS, executor settings).
   *
   * @param httpClient the client
   * @return this builder
   */
  public B httpClient(HttpClient httpClient) {
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    return self();
  }

  /**
   * Adds a header sent with every request, such as {@code OpenAI-Organization}.
   *
   * @param name the header name
   * @param value the header value
   * @return this builder
   */
  public B header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isBlank() || hasControlCharacter(name) || name.contains(":")) {
      throw new IllegalArgumentException("header name '" + name.strip() + "' is not valid");
    }
    if (hasControlCharacter(value)) {
      throw new IllegalArgumentException(
          "the value of header '" + name + "' contains a control character or line break");
    }
    headers.put(name, value);
    return self();
  }

  /**
   * Overrides whether the provider enforces JSON Schemas for this model; by default the model's
   * profile decides, and an unknown model is assumed to.
   *
   * @param nativeJsonSchema {@code false} to state schemas in the system text instead
   * @return this builder
   */
  public B nativeJsonSchema(boolean nativeJsonSchema) {
    this.nativeJsonSchema = nativeJsonSchema;
    return self();
  }

  /**
   * Sets the output limit for requests that set none.
   *
   * @param maxOutputTokens greater than zero
   * @return this builder
   */
  public B defaultMaxOutputTokens(int maxOutputTokens) {
    if (maxOutputTokens <= 0) {
      throw new IllegalArgumentException(
          "defaultMaxOutputTokens must be > 0, but was " + maxOutputTokens);
    }
    this.defaultMaxOutputTokens = maxOutputTokens;
    return self();
  }

  /**
   * Builds the adapter.
   *
   * @return the adapter
   * @throws IllegalStateException if no model was set, or a required API key is missing
   */
  public abstract M build();

  // Accessors for the adapters in this package.

  String requireModel() {
    if (model == null) {
      if (profile != null) {
        return profile.modelId();
      }
      throw new IllegalStateException("no model set: call model(\"...\") on the builder");
    }
    if (profile != null && !profile.modelId().equals(model)) {
      throw new IllegalStateException(
          "profile is for model '" + profile.modelId() + "', but model is '" + model + "'");
    }
    return model;
  }

  Optional<ModelProfile> resolveProfile(String modelId) {
    return profile != null ? Optional.of(profile) : profiles.find(modelId);
  }

  URI baseUrl() {
    return baseUrl;
  }

  Optional<String> resolveApiKey() {
    if (apiKey != null) {
      return Optional.of(apiKey);
    }
    String fromEnv = environment.apply(apiKeyVariable);
    return fromEnv == null || fromEnv.isBlank()
        ? Optional.empty()
        : Optional.of(checkKey(fromEnv, "the environment variable " + apiKeyVariable));
  }

  String apiKeyVariable() {
    return apiKeyVariable;
  }

  Duration requestTimeout() {
    return requestTimeout;
  }

  HttpRetries retries() {
    return retries;
  }

  Map<String, String> headers() {
    return Map.copyOf(headers);
  }

  boolean nativeJsonSchema(Optional<ModelProfile> resolved) {
    if (nativeJsonSchema != null) {
      return nativeJsonSchema;
    }
    return resolved.map(ModelProfile::nativeJsonSchema).orElse(true);
  }

  @Nullable Integer defaultMaxOutputTokens() {
    return defaultMaxOutputTokens;
  }

  HttpClient httpClient() {
    if (httpClient != null) {
      return httpClient;
    }
    boolean plain = "http".equalsIgnoreCase(baseUrl.getScheme());
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .version(plain ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
        .build();
  }

  /** Hides the user-info part of a URL ({@code https://user:secret@host}). */
  static String withoutCredentials(String url) {
    return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.\\-]*://)[^/?#@]*@", "$1***@");
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, but was " + d);
    }
    return d;
  }
}
