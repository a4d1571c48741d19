package dev.agentops.llm.internal;

import dev.agentops.hygiene.SecretRedactor;
import dev.agentops.llm.LanguageModelException;
import dev.agentops.llm.ModelTimeoutException;
import dev.agentops.llm.ModelTransportException;
import dev.agentops.llm.ProviderErrorException;
import dev.agentops.llm.http.HttpRetries;
import java.io.IOException;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends provider requests with bounded retries, classifies failures, and keeps credentials out of
 * every message. One instance per adapter; thread-safe.
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

  /** Consumes a successful streaming response, line by line. */
  @FunctionalInterface
  public interface StreamReader<T> {
    T read(LineSource lines) throws IOException;
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
    return execute(() -> {
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
   * Sends a request whose 2xx reply is read line by line on the caller's thread. Every wait, for
   * the reply to begin and for each further line, is bounded by the request timeout. A failure
   * after the reader has taken a line is not retried: the caller may already have seen text.
   */
  public <T> T stream(HttpRequest request, StreamReader<T> reader) {
    return execute(() -> {
      LineQueue lines = new LineQueue(requestTimeout);
      CompletableFuture<HttpResponse<Void>> future =
          client.sendAsync(
              request,
              info ->
                  info.statusCode() / 100 == 2
                      ? HttpResponse.BodySubscribers.fromLineSubscriber(lines)
                      : HttpResponse.BodySubscribers.mapping(
                          HttpResponse.BodySubscribers.ofByteArray(),
                          body -> {
                            lines.offerError(
                                new LineQueue.ErrorAnswer(info.statusCode(), info.headers(), body));
                            return null;
                          }));
      future.whenComplete((response, failure) -> {
        if (failure != null) {
          boolean wrapped = failure instanceof CompletionException && failure.getCause() != null;
          lines.fail(wrapped ? failure.getCause() : failure);
        }
      });
      try {
        LineQueue.ErrorAnswer error = lines.first();
        if (error != null) {
          throw new StatusFailure(error.status(), error.headers(), error.body());
        }
        return reader.read(lines);
      } catch (IOException | RuntimeException e) {
        future.cancel(true);
        lines.cancel();
        if (lines.started() && e instanceof IOException io) {
          throw new StreamBroke(io);
        }
        throw e;
      } catch (InterruptedException e) {
        future.cancel(true);
        throw e;
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
        ProviderErrorException error = toProviderError(f, attempt);
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
      } catch (StreamBroke e) {
        if (e.getCause() instanceof HttpTimeoutException timeout) {
          throw new ModelTimeoutException(provider, requestTimeout, timeout);
        }
        throw new ModelTransportException(
            provider,
            provider + " stream broke after it began: " + clean(String.valueOf(e.getCause())),
            e.getCause());
      } catch (HttpConnectTimeoutException e) {
        failure = transportFailure(attempt, e);
        wait = null;
      } catch (HttpTimeoutException e) {
        throw new ModelTimeoutException(provider, requestTimeout, e);
      } catch (IOException e) {
        failure = transportFailure(attempt, e);
        wait = null;
        LOG.debug("{} connection failed on attempt {}: {}", provider, attempt, clean(e.toString()));
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

  private ProviderErrorException toProviderError(StatusFailure f, int attempt) {
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
        retryAfter(f.headers),
        attempt);
  }

  /**
   * Rate limits, request timeouts, and server errors other than 501 (not implemented) and 505 (HTTP
   * version not supported), which no retry can mend.
   */
  static boolean isRetryable(int status) {
    return status == 408 || status == 429 || (status / 100 == 5 && status != 501 && status != 505);
  }

  private @Nullable Duration retryAfter(HttpHeaders headers) {
    Optional<String> ms = headers.firstValue("retry-after-ms");
    if (ms.isPresent()) {
      try {
        double millis = Double.parseDouble(ms.get().trim());
        if (Double.isFinite(millis) && millis >= 0) {
          return Duration.ofMillis((long) millis);
        }
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
      double seconds = Double.parseDouble(v);
      return Double.isFinite(seconds) && seconds >= 0
          ? Duration.ofMillis((long) (seconds * 1000))
          : null;
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

  /** A stream failed after the caller had taken text from it; never retried. */
  private static final class StreamBroke extends IOException {
    private static final long serialVersionUID = 1L;

    StreamBroke(IOException cause) {
      super(cause);
    }
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
