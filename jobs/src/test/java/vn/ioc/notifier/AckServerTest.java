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
import java.time.Duration;
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
          Fixtures.since("07:30"),
          Fixtures.EXPIRES);

  static final Duration WEEK = Duration.ofDays(7);

  final List<vn.ioc.dispatch.Ack> published =
      java.util.Collections.synchronizedList(new ArrayList<>());
  final HttpClient http = HttpClient.newHttpClient();
  final NotifierCounters counters = new NotifierCounters();
  AckServer server;

  AckServer start(Clock clock, AckPublisher publisher) throws Exception {
    return start(clock, vn.ioc.clock.EngineNow.wall(clock), publisher);
  }

  AckServer start(Clock clock, vn.ioc.clock.EngineNow now, AckPublisher publisher)
      throws Exception {
    return start(
        clock, now, publisher, new AlertEpisodes(WEEK, 100), AckRegister.readyEmpty(WEEK, 100));
  }

  AckServer start(
      Clock clock,
      vn.ioc.clock.EngineNow now,
      AckPublisher publisher,
      AlertEpisodes episodes,
      AckRegister register)
      throws Exception {
    server =
        new AckServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Fixtures.links(),
                new Acknowledgements(
                    publisher, register, episodes, now, clock, Duration.ofMillis(300)),
                Fixtures.pages(),
                clock,
                counters)
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
    return http.send(postRequest(form), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest postRequest(String form) {
    return HttpRequest.newBuilder(URI.create(base() + "/ack"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
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
        new AckLinks.Claim(
            "rule|unit=<b>\"x\" & 'y'", "40", "ioc.truc-ban", CLAIM.since(), Fixtures.EXPIRES);
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
            + "\"comment\":\"Đã xem, đang xử lý\",\"since\":\"2024-10-16T07:30:00.000+07:00\"}",
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
            + "\"by\":\"ioc.truc-ban\",\"at\":\"2024-10-16T08:05:00.000+07:00\",\"comment\":null,"
            + "\"since\":\"2024-10-16T07:30:00.000+07:00\"}",
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
                    CLAIM.alertId(),
                    CLAIM.unit(),
                    "ubnd.chu-tich",
                    CLAIM.since(),
                    CLAIM.expiresEpochSecond()));
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

  /**
   * An episode is acknowledged once: the same link again, or another recipient's link for the same
   * episode, publishes nothing and says who acknowledged it and when; a later episode's link still
   * acknowledges that one.
   */
  @Test
  void aSecondConfirmationOfAnEpisodePublishesNothingAndSaysWhoAndWhen() throws Exception {
    start(Fixtures.CLOCK, published::add);
    String token = Fixtures.links().token(CLAIM);
    HttpResponse<String> first = post(form(token, "Đã xem"));
    assertEquals(200, first.statusCode(), first.body());
    assertTrue(first.body().contains("<h1>Đã ghi nhận xác nhận của bạn</h1>"), first.body());

    String said = "<p>Đã được Trực ban Trung tâm IOC xác nhận lúc 08:05 16/10/2024.</p>";
    HttpResponse<String> again = post(form(token, "Lần nữa"));
    assertEquals(200, again.statusCode(), again.body());
    assertTrue(again.body().contains("<h1>Cảnh báo đã được xác nhận</h1>"), again.body());
    assertTrue(again.body().contains(said), again.body());
    assertTrue(
        again.body().contains("<p>Không cần xác nhận lại; lần này không được ghi thêm.</p>"),
        again.body());
    String colleague =
        Fixtures.links()
            .token(
                new AckLinks.Claim(
                    CLAIM.alertId(),
                    CLAIM.unit(),
                    Fixtures.NO_CONTACTS.id(),
                    CLAIM.since(),
                    CLAIM.expiresEpochSecond()));
    assertTrue(post(form(colleague, null)).body().contains(said));
    HttpResponse<String> page = get("/ack?t=" + token);
    assertTrue(page.body().contains(said), page.body());
    assertFalse(page.body().contains("<form"), page.body());
    assertEquals(1, published.size());

    String laterEpisode =
        Fixtures.links()
            .token(
                new AckLinks.Claim(
                    CLAIM.alertId(),
                    CLAIM.unit(),
                    CLAIM.recipient(),
                    Fixtures.since("08:00"),
                    CLAIM.expiresEpochSecond()));
    assertEquals(200, post(form(laterEpisode, null)).statusCode());
    assertEquals(2, published.size());
    assertEquals(Fixtures.since("08:00"), published.get(1).since);
    assertEquals(2L, counters.snapshot().get("acks.repeated"));
    assertEquals(2L, counters.snapshot().get("acks.published"));
  }

  /** Two confirmations at once: one publishes, the other is told it was acknowledged. */
  @Test
  void twoConfirmationsAtOncePublishOneAck() throws Exception {
    start(
        Fixtures.CLOCK,
        ack -> {
          Thread.sleep(300); // a broker taking its time
          published.add(ack);
        });
    String token = Fixtures.links().token(CLAIM);
    var a = http.sendAsync(postRequest(form(token, null)), HttpResponse.BodyHandlers.ofString());
    var b = http.sendAsync(postRequest(form(token, null)), HttpResponse.BodyHandlers.ofString());
    List<String> headings = new ArrayList<>();
    for (String body : List.of(a.get().body(), b.get().body()))
      headings.add(body.substring(body.indexOf("<h1>"), body.indexOf("</h1>") + 5));
    headings.sort(null);
    assertEquals(
        List.of("<h1>Cảnh báo đã được xác nhận</h1>", "<h1>Đã ghi nhận xác nhận của bạn</h1>"),
        headings);
    assertEquals(1, published.size());
  }

  /**
   * After a restart the acks given are read back first: an episode acknowledged before is not
   * published again, and until the read-back is done nothing is published.
   */
  @Test
  void theAcksReadBackAfterARestartAreRemembered() throws Exception {
    AckRegister register = new AckRegister(WEEK, 100);
    start(
        Fixtures.CLOCK,
        vn.ioc.clock.EngineNow.wall(Fixtures.CLOCK),
        published::add,
        new AlertEpisodes(WEEK, 100),
        register);
    String token = Fixtures.links().token(CLAIM);
    HttpResponse<String> early = post(form(token, null));
    assertEquals(503, early.statusCode());
    assertTrue(early.body().contains("Vui lòng thử lại sau ít phút."), early.body());
    register.offer(
        vn.ioc.dispatch.AckDecoder.encode(
                vn.ioc.dispatch.Ack.of(
                        CLAIM.alertId(),
                        CLAIM.unit(),
                        Fixtures.NO_CONTACTS.id(),
                        Fixtures.since("07:50"),
                        null)
                    .forEpisode(CLAIM.since()),
                Fixtures.ZONE)
            .getBytes(StandardCharsets.UTF_8),
        Fixtures.CLOCK.millis());
    register.markReady();
    HttpResponse<String> r = post(form(token, null));
    assertTrue(
        r.body().contains("<p>Đã được Văn thư Sở Tư pháp xác nhận lúc 07:50 16/10/2024.</p>"),
        r.body());
    assertEquals(List.of(), published);
  }

  @Test
  void aLinkWithoutItsEpisodeIsRefusedWithOneClearLine() throws Exception {
    start(Fixtures.CLOCK, published::add);
    byte[] claim =
        ("[\""
                + CLAIM.alertId()
                + "\",\""
                + CLAIM.unit()
                + "\",\"ioc.truc-ban\","
                + Fixtures.EXPIRES
                + "]")
            .getBytes(StandardCharsets.UTF_8);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            Fixtures.ACK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String old = b64.encodeToString(claim) + "." + b64.encodeToString(mac.doFinal(claim));
    HttpResponse<String> r = post(form(old, null));
    assertEquals(403, r.statusCode());
    assertTrue(
        r.body()
            .contains(
                "<p>Liên kết xác nhận này theo mẫu cũ, không cho biết lần phát nào của cảnh báo,"
                    + " nên không còn dùng được. Vui lòng dùng liên kết trong thông báo mới nhất"
                    + " hoặc liên hệ Trung tâm IOC.</p>"),
        r.body());
    assertEquals(List.of(), published);
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
