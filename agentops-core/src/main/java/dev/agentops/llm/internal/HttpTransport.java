package dev.agentops.llm.internal;

import dev.agentops.hygiene.SecretRedactor;
import dev.agentops.llm.LanguageModelException;
import dev.agentops.llm.ModelTimeoutException;
import dev.agentops.llm.ModelTransportException;
import dev.agentops.llm.ProviderErrorException;
import dev.agentops.llm.http.HttpRetries;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends provider requests with bounded retries, classifies failures, and keeps credentials out
 * of every message. One instance per adapter; thread-safe.
 */
public final class HttpTransport {

  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final int MAX_PROVIDER_MESSAGE = 500;

  /** A provider's error body, read into its type and message. */
  public record ProviderError(@Nullable String type, String message) {}

  /** Reads a provider's error body. */
  @FunctionalInterface
  public interface ErrorParser {
    ProviderError parse(int status, byte[] body);
  }

  /** Consumes a successful streaming response. */
  @FunctionalInterface
  public interface StreamReader<T> {
    T read(InputStream body) throws IOException;
  }

  private final String provider;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final HttpRetries retries;
  private final ErrorParser errorParser;
  private final @Nullable String secret;

  public HttpTransport(
      String provider,
      HttpClient client,
      Duration requestTimeout,
      HttpRetries retries,
      ErrorParser errorParser,
      @Nullable String secret) {
    this.provider = provider;
    this.client = client;
    this.requestTimeout = requestTimeout;
    this.retries = retries;
    this.errorParser = errorParser;
    this.secret = secret == null || secret.isEmpty() ? null : secret;
  }

  /** Sends a request and returns the body of a 2xx reply; the whole exchange is timed. */
  public byte[] send(HttpRequest request) {
    return execute(
        () -> {
          CompletableFuture<HttpResponse<byte[]>> future =
              client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
          HttpResponse<byte[]> response;
          try {
            response = future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
          } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("request timed out");
          } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
          } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
              throw io;
            }
            throw new IOException(String.valueOf(cause), cause);
          }
          if (response.statusCode() / 100 != 2) {
            throw new StatusFailure(response.statusCode(), response.headers(), response.body());
          }
          return response.body();
        });
  }

  /**
   * Sends a request whose 2xx reply is read as a stream. The request timeout covers the wait
   * for the response to begin. Failures raised by the reader after it has delivered data must
   * be {@link LanguageModelException}s: they are not retried.
   */
  public <T> T stream(HttpRequest request, StreamReader<T> reader) {
    return execute(
        () -> {
          HttpResponse<InputStream> response =
              client.send(request, HttpResponse.BodyHandlers.ofInputStream());
          try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
              byte[] bytes = body.readNBytes(MAX_ERROR_BODY);
              throw new StatusFailure(response.statusCode(), response.headers(), bytes);
            }
            return reader.read(body);
          }
        });
  }

  @FunctionalInterface
  private interface Exchange<T> {
    T run() throws IOException, InterruptedException;
  }

  private <T> T execute(Exchange<T> exchange) {
    for (int attempt = 1; ; attempt++) {
      @Nullable Duration wait;
      RuntimeException failure;
      try {
        return exchange.run();
      } catch (StatusFailure f) {
        ProviderErrorException error = toProviderError(f);
        if (!error.retryable()) {
          throw error;
        }
        Optional<Duration> asked = error.retryAfter();
        if (asked.isPresent() && asked.get().compareTo(retries.maxRetryAfter()) > 0) {
          throw error;
        }
        wait = asked.orElse(null);
        failure = error;
        LOG.debug("{} answered HTTP {} on attempt {}", provider, f.status, attempt);
      } catch (HttpConnectTimeoutException e) {
        failure = transportFailure(attempt, e);
        wait = null;
      } catch (HttpTimeoutException e) {
        throw new ModelTimeoutException(provider, requestTimeout, e);
      } catch (IOException e) {
        failure = transportFailure(attempt, e);
        wait = null;
        LOG.debug("{} connection failed on attempt {}: {}", provider, attempt, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LanguageModelException(provider, "interrupted while calling " + provider, e);
      }
      if (attempt >= retries.maxAttempts()) {
        throw failure;
      }
      if (wait == null) {
        wait = retries.backoff(attempt);
      }
      sleep(wait);
    }
  }

  private ModelTransportException transportFailure(int attempt, IOException e) {
    String what =
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return new ModelTransportException(
        provider,
        "could not reach "
            + provider
            + " (attempt "
            + attempt
            + " of "
            + retries.maxAttempts()
            + "): "
            + clean(what),
        e);
  }

  private void sleep(Duration wait) {
    try {
      retries.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LanguageModelException(
          provider, "interrupted while waiting to retry " + provider, e);
    }
  }

  private ProviderErrorException toProviderError(StatusFailure f) {
    ProviderError parsed;
    try {
      parsed = errorParser.parse(f.status, f.body);
    } catch (RuntimeException e) {
      parsed = new ProviderError(null, "");
    }
    boolean retryable = isRetryable(f.status);
    Optional<String> shouldRetry = f.headers.firstValue("x-should-retry");
    if (shouldRetry.isPresent()) {
      retryable = Boolean.parseBoolean(shouldRetry.get().trim());
    }
    return new ProviderErrorException(
        provider,
        f.status,
        parsed.type() == null ? null : clean(parsed.type()),
        clean(parsed.message()),
        retryable,
        retryAfter(f.headers));
  }

  static boolean isRetryable(int status) {
    return status == 408
        || status == 429
        || status == 500
        || status == 502
        || status == 503
        || status == 504
        || status == 529;
  }

  private @Nullable Duration retryAfter(HttpHeaders headers) {
    Optional<String> ms = headers.firstValue("retry-after-ms");
    if (ms.isPresent()) {
      try {
        return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.get().trim())));
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    Optional<String> value = headers.firstValue("retry-after");
    if (value.isEmpty()) {
      return null;
    }
    String v = value.get().trim();
    try {
      return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(v) * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(retries.clock().instant(), at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /** Redacts credentials from text taken from a provider, and bounds its length. */
  public String clean(String text) {
    String t = text;
    if (secret != null) {
      t = t.replace(secret, "[REDACTED:api-key]");
    }
    t = SecretRedactor.defaults().redactToString(t);
    return t.length() <= MAX_PROVIDER_MESSAGE ? t : t.substring(0, MAX_PROVIDER_MESSAGE) + "…";
  }

  /** Decodes an error body as UTF-8 text, for providers whose errors are not JSON. */
  public static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8).strip();
  }

  private static final class StatusFailure extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient HttpHeaders headers;
    final byte[] body;

    StatusFailure(int status, HttpHeaders headers, byte[] body) {
      super("HTTP " + status);
      this.status = status;
      this.headers = headers;
      this.body = body;
    }
  }
}
