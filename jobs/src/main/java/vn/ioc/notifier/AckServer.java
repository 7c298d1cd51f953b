package vn.ioc.notifier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages behind acknowledgement links ({@link AckPage} says what they show).
 *
 * <ul>
 *   <li>{@code GET /ack?t=TOKEN}: checks the token and shows the alert with a form; it does
 *       <em>not</em> acknowledge, because mail scanners and link previews fetch every link in a
 *       message, and an alert must not count as seen because a robot opened it. An episode
 *       acknowledged already is shown with who did and when, and no form.
 *   <li>{@code POST /ack} (form: {@code t}, optional {@code comment}): checks the token again and
 *       confirms ({@link Acknowledgements}): the first confirmation of an episode publishes the ack
 *       and waits for the broker; a later one publishes nothing and says who acknowledged it and
 *       when. The token is the only credential (a forged form needs a valid token, so no separate
 *       CSRF token); only a POST changes anything.
 *   <li>A bad, tampered, outdated or expired token: 403 with a page saying so. {@code GET /health}:
 *       200 {@code ok}.
 * </ul>
 *
 * Pages are not cached and send no referrer (the token is in the URL). Two worker threads: a slow
 * broker holds at most those, {@code /health} included.
 */
public final class AckServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AckServer.class);
  static final int MAX_FORM_BYTES = 64 * 1024;
  static final int MAX_COMMENT = 2000;

  private final AckLinks links;
  private final Acknowledgements acks;
  private final AckPage pages;
  private final Clock clock;
  private final NotifierCounters counters;
  private final HttpServer server;
  private final ExecutorService workers;

  AckServer(
      InetSocketAddress listen,
      AckLinks links,
      Acknowledgements acks,
      AckPage pages,
      Clock clock,
      NotifierCounters counters)
      throws IOException {
    this.links = links;
    this.acks = acks;
    this.pages = pages;
    this.clock = clock;
    this.counters = counters;
    this.server = HttpServer.create(listen, 16);
    this.workers = Executors.newFixedThreadPool(2, r -> new Thread(r, "ack-server"));
    server.setExecutor(workers);
    server.createContext("/ack", this::ack);
    server.createContext("/health", this::health);
    server.createContext("/", e -> answer(e, 404, "text/plain", "not found"));
  }

  public AckServer start() {
    server.start();
    return this;
  }

  /** The port it listens on (the configured one, or the one picked for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(1);
    workers.shutdownNow();
  }

  private void health(HttpExchange e) throws IOException {
    if (!e.getRequestURI().getPath().equals("/health")) {
      answer(e, 404, "text/plain", "not found");
      return;
    }
    answer(e, 200, "text/plain", "ok");
  }

  private void ack(HttpExchange e) throws IOException {
    try (e) {
      if (!e.getRequestURI().getPath().equals("/ack")) {
        answer(e, 404, "text/plain", "not found");
        return;
      }
      switch (e.getRequestMethod()) {
        case "GET", "HEAD" -> show(e, form(e.getRequestURI().getRawQuery()).get("t"));
        case "POST" -> confirm(e);
        default -> {
          e.getResponseHeaders().set("Allow", "GET, POST");
          answer(e, 405, "text/plain", "method not allowed");
        }
      }
    } catch (RuntimeException | IOException ex) {
      // no token, form or contact in the message: only what went wrong
      LOG.warn("ack page failed: {}", ex.getClass().getSimpleName());
      throw ex;
    }
  }

  private void show(HttpExchange e, String token) throws IOException {
    AckLinks.Claim c = verified(e, token);
    if (c == null) return;
    answer(e, 200, "text/html", pages.show(c, acks.seen(c), acks.before(c), token));
  }

  private void confirm(HttpExchange e) throws IOException {
    byte[] body;
    try (InputStream in = e.getRequestBody()) {
      body = in.readNBytes(MAX_FORM_BYTES + 1);
    }
    if (body.length > MAX_FORM_BYTES) {
      answer(e, 413, "text/plain", "form too large");
      return;
    }
    Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
    AckLinks.Claim c = verified(e, form.get("t"));
    if (c == null) return;
    String comment = form.get("comment");
    comment = comment == null || comment.isBlank() ? null : comment.strip();
    if (comment != null && comment.length() > MAX_COMMENT)
      comment = comment.substring(0, MAX_COMMENT);
    Acknowledgements.Outcome outcome;
    try {
      outcome = acks.confirm(c, comment);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      answer(e, 503, "text/html", pages.unavailable());
      return;
    } catch (Exception ex) {
      counters.ackFailed();
      LOG.warn("could not publish an acknowledgement: {}", ex.toString());
      answer(e, 503, "text/html", pages.unavailable());
      return;
    }
    switch (outcome.result()) {
      case RECORDED -> {
        counters.acked();
        answer(e, 200, "text/html", pages.recorded(c, acks.seen(c)));
      }
      case ALREADY -> {
        counters.ackRepeated();
        answer(e, 200, "text/html", pages.already(c, acks.seen(c), outcome.before()));
      }
      case NO_ENGINE_TIME ->
          // a simulated engine clock that has not ticked: there is no time to stamp the ack with
          answer(
              e,
              503,
              "text/plain",
              "Đồng hồ của hệ thống chưa chạy; vui lòng thử lại sau một phút."
                  + " (The engine's clock has not ticked yet; try again in a minute.)");
      case NOT_READY -> answer(e, 503, "text/html", pages.unavailable());
    }
  }

  /** The token's claim, or null after answering 403. */
  private AckLinks.Claim verified(HttpExchange e, String token) throws IOException {
    try {
      return links.verify(token, clock.instant().getEpochSecond());
    } catch (AckLinks.RefusedToken ex) {
      counters.ackRefused();
      answer(e, 403, "text/html", pages.refused(ex.refusal()));
      return null;
    }
  }

  /** A query string or form body ({@code application/x-www-form-urlencoded}); first value wins. */
  static Map<String, String> form(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) return out;
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.putIfAbsent(
            URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException badEscape) {
        // a malformed pair is ignored; a missing token is refused as such
      }
    }
    return out;
  }

  private static void answer(HttpExchange e, int status, String type, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    e.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    e.getResponseHeaders().set("Cache-Control", "no-store");
    e.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    e.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    e.getResponseHeaders()
        .set(
            "Content-Security-Policy",
            "default-src 'none'; form-action 'self'; frame-ancestors 'none'");
    boolean head = e.getRequestMethod().equals("HEAD");
    e.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = e.getResponseBody()) {
        out.write(body);
      }
    }
    e.close();
  }
}
