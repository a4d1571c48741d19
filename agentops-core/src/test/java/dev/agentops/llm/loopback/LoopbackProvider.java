package dev.agentops.llm.loopback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP server on the loopback interface that answers with canned provider responses, in
 * order, and records every request it receives. Tests use it to exercise the HTTP adapters over a
 * real socket, speaking the provider's wire format.
 */
public final class LoopbackProvider implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final BlockingQueue<Function<Recorded, Canned>> answers = new LinkedBlockingQueue<>();
  private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<CountDownLatch> holds = Collections.synchronizedList(new ArrayList<>());

  private LoopbackProvider() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    executor = Executors.newFixedThreadPool(16);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server on a free loopback port. */
  public static LoopbackProvider start() {
    try {
      return new LoopbackProvider();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    InetSocketAddress a = server.getAddress();
    return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** Queues the next answer. */
  public LoopbackProvider enqueue(Canned answer) {
    return enqueue(request -> answer);
  }

  /** Queues the next answer, chosen when the request arrives (for instance, streamed or not). */
  public LoopbackProvider enqueue(Function<Recorded, Canned> answer) {
    answers.add(answer);
    return this;
  }

  /** Returns every request received so far, oldest first. */
  public List<Recorded> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Returns the single request received; fails if there were more or none. */
  public Recorded onlyRequest() {
    List<Recorded> all = requests();
    if (all.size() != 1) {
      throw new AssertionError("expected exactly one request but got " + all.size());
    }
    return all.get(0);
  }

  @Override
  public void close() {
    synchronized (holds) {
      holds.forEach(CountDownLatch::countDown);
    }
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      Recorded recorded =
          new Recorded(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              headers,
              new String(body, StandardCharsets.UTF_8));
      requests.add(recorded);
      Function<Recorded, Canned> next = answers.poll();
      Canned answer =
          next == null
              ? Canned.json(599, "{\"error\":{\"message\":\"no canned answer left\"}}")
              : next.apply(recorded);
      if (answer.hold != null) {
        holds.add(answer.hold);
        try {
          answer.hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      answer.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] bytes = String.join("", answer.chunks).getBytes(StandardCharsets.UTF_8);
      long declared = answer.declaredLength >= 0 ? answer.declaredLength : bytes.length;
      exchange.sendResponseHeaders(answer.status, answer.chunked ? 0 : declared);
      OutputStream out = exchange.getResponseBody();
      for (String chunk : answer.chunks) {
        out.write(chunk.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      if (answer.stallAfterBody != null) {
        holds.add(answer.stallAfterBody);
        try {
          answer.stallAfterBody.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    } catch (IOException ignored) {
      // The client went away (a timeout test) or the body was cut short on purpose.
    }
  }

  /** A request as the server received it. Header names are lower case. */
  public record Recorded(
      String method, String path, Map<String, List<String>> headers, String body) {

    /** Returns the first value of a header, or null. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Parses the body as JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** One canned answer. */
  public static final class Canned {
    final int status;
    final List<String> chunks;
    final boolean chunked;
    final Map<String, String> headers = new LinkedHashMap<>();
    CountDownLatch hold;
    CountDownLatch stallAfterBody;
    long declaredLength = -1;

    private Canned(int status, List<String> chunks, boolean chunked, String contentType) {
      this.status = status;
      this.chunks = chunks;
      this.chunked = chunked;
      headers.put("Content-Type", contentType);
    }

    /** A JSON body with a status. */
    public static Canned json(int status, String body) {
      return new Canned(status, List.of(body), false, "application/json");
    }

    /** A server-sent event stream, each event flushed on its own. */
    public static Canned sse(List<String> events) {
      return new Canned(200, List.copyOf(events), true, "text/event-stream");
    }

    /** A plain-text body with a status. */
    public static Canned text(int status, String body) {
      return new Canned(status, List.of(body), false, "text/plain");
    }

    /** Adds a response header. */
    public Canned header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** Holds the answer back until the latch is released (or the server closes). */
    public Canned holdUntil(CountDownLatch latch) {
      this.hold = latch;
      return this;
    }

    /** Sends the body, then keeps the connection open and silent until the latch is released. */
    public Canned stallAfterBody(CountDownLatch latch) {
      this.stallAfterBody = latch;
      return this;
    }

    /** Declares a longer body than is sent, so the connection ends early. */
    public Canned declareLength(long length) {
      this.declaredLength = length;
      return this;
    }
  }
}
