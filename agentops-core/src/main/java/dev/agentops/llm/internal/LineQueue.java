package dev.agentops.llm.internal;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Hands the lines of a streamed reply from the HTTP client's threads to the caller's thread, with a
 * bound on every wait, so that a stream that stalls times out instead of blocking forever.
 */
final class LineQueue implements Flow.Subscriber<String>, LineSource {

  /** An answer that was not a 2xx stream: its status, headers and body. */
  record ErrorAnswer(int status, HttpHeaders headers, byte[] body) {}

  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Duration idleTimeout;
  private volatile Flow.@Nullable Subscription subscription;
  private volatile boolean started;
  private boolean ended;
  private @Nullable Object head;

  LineQueue(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  void offerError(ErrorAnswer answer) {
    queue.add(answer);
  }

  /** Tells whether the caller has taken any line, after which a failure cannot be retried. */
  boolean started() {
    return started;
  }

  /**
   * Waits for the first thing the exchange yields: an error answer (returned), a failure to connect
   * or send (thrown), or the start of a 2xx stream (kept for {@link #nextLine()}).
   */
  @Nullable ErrorAnswer first() throws IOException, InterruptedException {
    Object o = queue.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
    if (o == null) {
      cancel();
      throw new HttpTimeoutException("no answer within " + idleTimeout);
    }
    if (o instanceof ErrorAnswer answer) {
      return answer;
    }
    if (o instanceof Throwable t) {
      throw t instanceof IOException io ? io : new IOException(t.toString(), t);
    }
    head = o; // a line or the end: nextLine hands it out first
    return null;
  }

  /** Records that the exchange failed before or while streaming. */
  void fail(Throwable failure) {
    queue.add(failure);
  }

  @Override
  public @Nullable String nextLine() throws IOException {
    if (ended) {
      return null;
    }
    Object o = head;
    head = null;
    try {
      if (o == null) {
        o = queue.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw new IOException("interrupted while reading the stream", e);
    }
    if (o == null) {
      cancel();
      throw new HttpTimeoutException("the stream sent nothing for " + idleTimeout);
    }
    if (o == END) {
      ended = true;
      return null;
    }
    if (o instanceof Throwable t) {
      ended = true;
      throw t instanceof IOException io ? io : new IOException(t.toString(), t);
    }
    started = true;
    return (String) o;
  }

  void cancel() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(String line) {
    queue.add(line);
  }

  @Override
  public void onError(Throwable throwable) {
    queue.add(throwable);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }
}
