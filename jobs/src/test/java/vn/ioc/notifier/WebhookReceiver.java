package vn.ioc.notifier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A message gateway for tests: a real HTTP server on an ephemeral port of 127.0.0.1 that records
 * every request (method, path, headers, body) and answers 200, or the statuses it was told to give
 * first ({@link #answerNext}). Checks {@code X-IOC-Signature} independently of the notifier's code.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as received; header names in lower case, the first value of each. */
  @SuppressWarnings("ArrayRecordComponent") // read by the tests, never compared or hashed
  public record Request(String method, String path, Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Integer> nextStatuses = new ArrayDeque<>();
  private final Deque<String> nextRetryAfters = new ArrayDeque<>();
  private int defaultStatus = 200;

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/", this::handle);
    server.start();
  }

  /** Where to POST: {@code http://127.0.0.1:<port>/hook}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** The next {@code times} requests are answered {@code status}; later ones as before. */
  public synchronized WebhookReceiver answerNext(int times, int status) {
    for (int i = 0; i < times; i++) {
      nextStatuses.add(status);
      nextRetryAfters.add("");
    }
    return this;
  }

  /** The next request is answered {@code status} with the header {@code Retry-After: value}. */
  public synchronized WebhookReceiver answerNextRetryAfter(int status, String value) {
    nextStatuses.add(status);
    nextRetryAfters.add(value);
    return this;
  }

  /** Every request without a queued status is answered {@code status} (200 at first). */
  public synchronized WebhookReceiver answerOtherwise(int status) {
    defaultStatus = status;
    return this;
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Waits until at least {@code count} requests came in; returns them. */
  public synchronized List<Request> awaitRequests(int count, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (requests.size() < count) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0)
        throw new TimeoutException(requests.size() + " of " + count + " webhook requests came");
      wait(left);
    }
    return List.copyOf(requests);
  }

  /** Whether the request's {@code X-IOC-Signature} is {@code sha256=} HMAC of its body. */
  public static boolean signatureValid(Request r, String secret) {
    String header = r.header("X-IOC-Signature");
    if (header == null) return false;
    return MessageDigest.isEqual(
        header.getBytes(StandardCharsets.US_ASCII),
        signature(secret, r.body()).getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code sha256=<lowercase hex HMAC-SHA256>}. */
  public static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      StringBuilder b = new StringBuilder("sha256=");
      for (byte x : mac.doFinal(body)) b.append(String.format("%02x", x));
      return b.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange e) throws IOException {
    byte[] body;
    try (InputStream in = e.getRequestBody()) {
      body = in.readAllBytes();
    }
    Map<String, String> headers = new TreeMap<>();
    e.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
    int status;
    synchronized (this) {
      requests.add(new Request(e.getRequestMethod(), e.getRequestURI().getPath(), headers, body));
      String retryAfter = nextRetryAfters.isEmpty() ? "" : nextRetryAfters.poll();
      if (!retryAfter.isEmpty()) e.getResponseHeaders().set("Retry-After", retryAfter);
      status = nextStatuses.isEmpty() ? defaultStatus : nextStatuses.poll();
      notifyAll();
    }
    e.sendResponseHeaders(status, -1);
    e.close();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
