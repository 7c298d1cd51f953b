package vn.ioc.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AckServerTest {
  static final AckLinks.Claim CLAIM =
      new AckLinks.Claim(
          "online-rate-today|unit=000.00.12.H40",
          "000.00.12.H40",
          "ioc.truc-ban",
          Fixtures.EXPIRES);

  final List<vn.ioc.dispatch.Ack> published = new ArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();
  AckServer server;

  AckServer start(Clock clock, AckPublisher publisher) throws Exception {
    return start(clock, vn.ioc.clock.EngineNow.wall(clock), publisher);
  }

  AckServer start(Clock clock, vn.ioc.clock.EngineNow now, AckPublisher publisher)
      throws Exception {
    server =
        new AckServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Fixtures.links(),
                publisher,
                clock,
                now,
                new NotifierCounters())
            .start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String form) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + "/ack"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String form(String token, String comment) {
    return "t="
        + URLEncoder.encode(token, StandardCharsets.UTF_8)
        + (comment == null ? "" : "&comment=" + URLEncoder.encode(comment, StandardCharsets.UTF_8));
  }

  @Test
  void getShowsTheAlertAndAFormButDoesNotAcknowledge() throws Exception {
    start(Fixtures.CLOCK, published::add);
    AckLinks.Claim odd =
        new AckLinks.Claim("rule|unit=<b>\"x\" & 'y'", "40", "ioc.truc-ban", Fixtures.EXPIRES);
    String token = Fixtures.links().token(odd);
    HttpResponse<String> r = get("/ack?t=" + token);
    assertEquals(200, r.statusCode());
    assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
    assertTrue(
        r.body().contains("<code>rule|unit=&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;</code>"),
        r.body());
    assertFalse(r.body().contains("<b>"), r.body());
    assertTrue(r.body().contains("<form method=\"post\" action=\"ack\">"), r.body());
    assertTrue(
        r.body().contains("<input type=\"hidden\" name=\"t\" value=\"" + token + "\">"), r.body());
    assertTrue(r.body().contains("<textarea id=\"comment\" name=\"comment\""), r.body());
    assertEquals(List.of(), published);
  }

  @Test
  void postPublishesTheAckAndConfirms() throws Exception {
    start(Fixtures.CLOCK, published::add);
    HttpResponse<String> r = post(form(Fixtures.links().token(CLAIM), "  Đã xem, đang xử lý  "));
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("Đã ghi nhận xác nhận của bạn"), r.body());
    assertEquals(1, published.size());
    assertEquals(
        "{\"alertId\":\"online-rate-today|unit=000.00.12.H40\",\"unit\":\"000.00.12.H40\","
            + "\"by\":\"ioc.truc-ban\",\"at\":\"2024-10-16T08:05:00.000+07:00\","
            + "\"comment\":\"Đã xem, đang xử lý\"}",
        vn.ioc.dispatch.AckDecoder.encode(published.get(0), Fixtures.ZONE));
  }

  /** With a simulated clock the ack is stamped with the engine's time, not the wall clock's. */
  @Test
  void anAckIsStampedWithTheEnginesNow() throws Exception {
    long simulated = java.time.Instant.parse("2024-03-31T02:15:00Z").toEpochMilli();
    start(Fixtures.CLOCK, () -> java.util.OptionalLong.of(simulated), published::add);
    assertEquals(200, post(form(Fixtures.links().token(CLAIM), "")).statusCode());
    assertEquals(simulated, published.get(0).at);
  }

  @Test
  void withoutAnEngineTimeYetTheAckIsRefusedWithOneClearLine() throws Exception {
    start(Fixtures.CLOCK, java.util.OptionalLong::empty, published::add);
    HttpResponse<String> r = post(form(Fixtures.links().token(CLAIM), ""));
    assertEquals(503, r.statusCode());
    assertEquals(
        "Đồng hồ của hệ thống chưa chạy; vui lòng thử lại sau một phút. (The engine's clock has"
            + " not ticked yet; try again in a minute.)",
        r.body());
    assertEquals(List.of(), published);
  }

  @Test
  void postWithoutCommentPublishesANullComment() throws Exception {
    start(Fixtures.CLOCK, published::add);
    assertEquals(200, post(form(Fixtures.links().token(CLAIM), "")).statusCode());
    assertEquals(
        "{\"alertId\":\"online-rate-today|unit=000.00.12.H40\",\"unit\":\"000.00.12.H40\","
            + "\"by\":\"ioc.truc-ban\",\"at\":\"2024-10-16T08:05:00.000+07:00\",\"comment\":null}",
        vn.ioc.dispatch.AckDecoder.encode(published.get(0), Fixtures.ZONE));
  }

  @Test
  void aTamperedOrExpiredTokenGets403AndNothingIsPublished() throws Exception {
    start(Clock.fixed(Instant.ofEpochSecond(Fixtures.EXPIRES), Fixtures.ZONE), published::add);
    String token = Fixtures.links().token(CLAIM);
    HttpResponse<String> expired = get("/ack?t=" + token);
    assertEquals(403, expired.statusCode());
    assertTrue(expired.body().contains("Liên kết xác nhận đã hết hạn."), expired.body());
    assertEquals(403, post(form(token, null)).statusCode());

    server.close();
    start(Fixtures.CLOCK, published::add);
    String other =
        Fixtures.links()
            .token(
                new AckLinks.Claim(
                    CLAIM.alertId(), CLAIM.unit(), "ubnd.chu-tich", CLAIM.expiresEpochSecond()));
    String forged = other.substring(0, other.indexOf('.')) + token.substring(token.indexOf('.'));
    HttpResponse<String> refused = post(form(forged, "x"));
    assertEquals(403, refused.statusCode());
    assertTrue(refused.body().contains("Liên kết xác nhận không hợp lệ."), refused.body());
    assertEquals(403, get("/ack").statusCode());
    assertEquals(List.of(), published);
  }

  @Test
  void aBrokerThatFailsGets503SoThePersonTriesAgain() throws Exception {
    start(
        Fixtures.CLOCK,
        ack -> {
          throw new java.io.IOException("broker down");
        });
    assertEquals(503, post(form(Fixtures.links().token(CLAIM), null)).statusCode());
  }

  @Test
  void healthAnswersOk() throws Exception {
    start(Fixtures.CLOCK, published::add);
    HttpResponse<String> r = get("/health");
    assertEquals(200, r.statusCode());
    assertEquals("ok", r.body());
    assertEquals(404, get("/other").statusCode());
  }
}
