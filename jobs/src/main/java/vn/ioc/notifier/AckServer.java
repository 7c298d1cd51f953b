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
 * The pages behind acknowledgement links.
 *
 * <ul>
 *   <li>{@code GET /ack?t=TOKEN}: checks the token and shows the alert with a form; it does
 *       <em>not</em> acknowledge, because mail scanners and link previews fetch every link in a
 *       message, and an alert must not count as seen because a robot opened it.
 *   <li>{@code POST /ack} (form: {@code t}, optional {@code comment}): checks the token again,
 *       publishes the ack and waits for the broker, then confirms. The token is the only credential
 *       (a forged form needs a valid token, so no separate CSRF token).
 *   <li>A bad, tampered or expired token: 403 with a page saying so. {@code GET /health}: 200
 *       {@code ok}.
 * </ul>
 *
 * Everything a page shows is HTML-escaped. Pages are not cached and send no referrer (the token is
 * in the URL). Two worker threads: a slow broker holds at most those, {@code /health} included.
 */
public final class AckServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AckServer.class);
  static final int MAX_FORM_BYTES = 64 * 1024;
  static final int MAX_COMMENT = 2000;

  private final AckLinks links;
  private final AckPublisher publisher;
  private final Clock clock;
  private final vn.ioc.clock.EngineNow now;
  private final NotifierCounters counters;
  private final HttpServer server;
  private final ExecutorService workers;

  public AckServer(
      InetSocketAddress listen,
      AckLinks links,
      AckPublisher publisher,
      Clock clock,
      vn.ioc.clock.EngineNow now,
      NotifierCounters counters)
      throws IOException {
    this.links = links;
    this.publisher = publisher;
    this.clock = clock;
    this.now = now;
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
    answer(
        e,
        200,
        "text/html",
        page(
            "Xác nhận cảnh báo",
            "<h1>Xác nhận đã nhận cảnh báo</h1>\n"
                + facts(c)
                + "<form method=\"post\" action=\"ack\">\n"
                + "<input type=\"hidden\" name=\"t\" value=\""
                + Html.escape(token)
                + "\">\n"
                + "<p><label for=\"comment\">Ghi chú (không bắt buộc)</label><br>\n"
                + "<textarea id=\"comment\" name=\"comment\" rows=\"4\" cols=\"60\" maxlength=\""
                + MAX_COMMENT
                + "\"></textarea></p>\n"
                + "<p><button type=\"submit\">Xác nhận</button></p>\n"
                + "</form>\n"));
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
    java.util.OptionalLong at = now.millis();
    if (at.isEmpty()) {
      // a simulated engine clock that has not ticked: there is no time to stamp the ack with
      answer(
          e,
          503,
          "text/plain; charset=utf-8",
          "Đồng hồ của hệ thống chưa chạy; vui lòng thử lại sau một phút."
              + " (The engine's clock has not ticked yet; try again in a minute.)");
      return;
    }
    vn.ioc.dispatch.Ack ack =
        vn.ioc.dispatch.Ack.of(c.alertId(), c.unit(), c.recipient(), at.getAsLong(), comment);
    try {
      publisher.publish(ack);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      unavailable(e);
      return;
    } catch (Exception ex) {
      counters.ackFailed();
      LOG.warn("could not publish an acknowledgement: {}", ex.toString());
      unavailable(e);
      return;
    }
    counters.acked();
    answer(
        e,
        200,
        "text/html",
        page(
            "Đã xác nhận",
            "<h1>Đã ghi nhận xác nhận của bạn</h1>\n"
                + facts(c)
                + "<p>Cảm ơn. Cảnh báo sẽ không được nhắc lại hay chuyển lên cấp trên.</p>\n"));
  }

  private void unavailable(HttpExchange e) throws IOException {
    answer(
        e,
        503,
        "text/html",
        page(
            "Chưa ghi nhận",
            """
            <h1>Chưa ghi nhận được xác nhận</h1>
            <p>Hệ thống tạm thời không ghi nhận được. Vui lòng thử lại sau ít phút.</p>
            """));
  }

  /** The token's claim, or null after answering 403. */
  private AckLinks.Claim verified(HttpExchange e, String token) throws IOException {
    try {
      return links.verify(token, clock.instant().getEpochSecond());
    } catch (AckLinks.RefusedToken ex) {
      counters.ackRefused();
      String why =
          ex.refusal() == AckLinks.Refusal.EXPIRED
              ? "Liên kết xác nhận đã hết hạn."
              : "Liên kết xác nhận không hợp lệ.";
      answer(
          e,
          403,
          "text/html",
          page(
              "Không thể xác nhận",
              "<h1>Không thể xác nhận</h1>\n<p>"
                  + why
                  + " Vui lòng dùng liên kết trong thông báo mới nhất hoặc liên hệ Trung tâm IOC.</p>\n"));
      return null;
    }
  }

  private static String facts(AckLinks.Claim c) {
    return "<p>Cảnh báo: <code>"
        + Html.escape(c.alertId())
        + "</code></p>\n<p>Đơn vị: "
        + Html.escape(c.unit())
        + "</p>\n";
  }

  static String page(String title, String body) {
    return "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"robots\" content=\"noindex\">\n<title>"
        + Html.escape(title)
        + "</title>\n</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
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

  /** HTML escaping of text and attribute values. */
  static final class Html {
    private Html() {}

    static String escape(String s) {
      if (s == null) return "";
      StringBuilder b = new StringBuilder(s.length() + 16);
      for (int i = 0; i < s.length(); i++) {
        char ch = s.charAt(i);
        switch (ch) {
          case '&' -> b.append("&amp;");
          case '<' -> b.append("&lt;");
          case '>' -> b.append("&gt;");
          case '"' -> b.append("&quot;");
          case '\'' -> b.append("&#39;");
          default -> b.append(ch);
        }
      }
      return b.toString();
    }
  }
}
