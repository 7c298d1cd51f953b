package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import vn.ioc.deadletter.DeadLetterJson;
import vn.ioc.notifier.TlsRelay;
import vn.ioc.notifier.WebhookReceiver;

/**
 * {@code deploy/ioc run notifier} on the real broker and InfluxDB: a digest on the outbox topic
 * reaches the webhook gateway and the mail relay (test receivers; the relay is GreenMail over
 * SMTPS, its certificate trusted through notifier.smtp-trust-store), its offset is committed, the
 * delivery records reach InfluxDB, an unknown recipient is dead-lettered, the ack page says what
 * the alert is (from ioc.alerts), confirming the ack link publishes the acknowledgement once:
 * again, and after a restart, it publishes nothing and says who acknowledged it. SIGTERM stops the
 * service.
 */
class NotifierIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("notifier");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String WEBHOOK_SECRET = "it-webhook-secret";

  /**
   * ioc.truc-ban of the reference data (deploy/reference/nghe-an/people.csv); the digest is made
   * now, as its links expire seven days after it.
   */
  // the digest must be recent when the class runs, and it runs once
  @SuppressWarnings("TimeInStaticInitializer")
  static final String NOTIFICATION =
      """
      {"notificationId": "it/ioc.truc-ban/1", "recipient": "ioc.truc-ban",
       "at": "AT", "subject": "[IOC Nghệ An] Cảnh báo tỷ lệ trực tuyến",
       "alerts": [{"alertId": "online-rate-today|unit=40", "rule": "online-rate-today", "unit": "40",
         "state": "FIRING", "reason": "firing", "level": "critical", "value": 41.5, "threshold": 50,
         "since": "2024-10-16T07:30:00+07:00", "escalationStep": 0, "ackable": true,
         "message": "Tỷ lệ hồ sơ trực tuyến hôm nay của tỉnh: 41,5 %. Xác nhận: {link}"}]}
      """
          .replace(
              "AT",
              java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(7))
                  .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                  .toString());

  /** The alert on ioc.alerts, as the alerting job writes it. */
  static final String ALERT =
      """
      {"alertId": "online-rate-today|unit=40", "rule": "online-rate-today",
       "series": "service_rates,scope=province,window=1d",
       "tags": {"scope": "province", "window": "1d"}, "unit": "40", "state": "FIRING",
       "level": "critical", "value": 41.5, "threshold": 50.0,
       "at": "2024-10-16T07:30:00.000+07:00", "startsAt": "2024-10-16T07:30:00.000+07:00",
       "recipients": ["ioc.truc-ban", "ubnd.pct-noichinh"], "escalationStep": 1,
       "message": "Tỷ lệ hồ sơ trực tuyến hôm nay của tỉnh: 41,5 %. Xác nhận: {link}",
       "description": "Tỷ lệ hồ sơ trực tuyến của tỉnh thấp", "flapping": false}
      """;

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  @Test
  void deliversOnBothChannelsCommitsAndPublishesTheConfirmedAck() throws Exception {
    RealServices.createTopics(
        NS, Map.of("notifications", 1, "alert-acks", 1, "deadletter", 1, "alerts", 1));
    RealServices.createDatabase(NS);
    int port = RealServices.freePort();
    String publicUrl = "http://127.0.0.1:" + port;
    Path state = RealServices.PROJECT.resolve(".runtime/it/" + NS.id());
    Files.createDirectories(state);
    try (WebhookReceiver gateway = new WebhookReceiver();
        TlsRelay relay = TlsRelay.smtps()) {
      Path config = config(state, gateway, relay, port);
      Process notifier = notifier(config, state, "notifier.log");
      String ackUrl;
      String said;
      try {
        produce("ioc.truc-ban", NOTIFICATION);
        produce(
            "nobody",
            NOTIFICATION.replace("\"recipient\": \"ioc.truc-ban\"", "\"recipient\": \"nobody\""));

        WebhookReceiver.Request request = gateway.awaitRequests(1, Duration.ofMinutes(2)).get(0);
        assertTrue(WebhookReceiver.signatureValid(request, WEBHOOK_SECRET));
        assertEquals("it/ioc.truc-ban/1", request.header("Idempotency-Key"));
        JsonNode body = JSON.readTree(request.body());
        assertEquals("ioc.truc-ban", body.at("/recipient/id").asText());
        ackUrl = body.at("/alerts/0/ackUrl").asText();
        assertTrue(ackUrl.startsWith(publicUrl + "/ack?t="), ackUrl);

        MimeMessage mail = relay.awaitMessages(1, Duration.ofMinutes(1)).get(0);
        assertEquals("[IOC Nghệ An] Cảnh báo tỷ lệ trực tuyến", mail.getSubject());
        assertEquals(List.of(body.at("/recipient/email").asText()), TlsRelay.to(mail));
        String text = TlsRelay.body(mail);
        assertTrue(text.contains("Xác nhận: " + ackUrl + "\r\n"), text);

        assertEquals(2L, awaitCommitted(2, Duration.ofMinutes(1)));
        List<ConsumerRecord<byte[], byte[]>> dead = RealServices.readAll(NS.topic("deadletter"));
        assertEquals(1, dead.size());
        assertEquals("unknown-recipient", DeadLetterJson.decode(dead.get(0).value()).reason);
        assertEquals(1, gateway.requests().size());

        // the alert as the alerting job wrote it: the page says in words what it is
        RealServices.send(NS.topic("alerts"), "online-rate-today|unit=40", ALERT);
        String page =
            awaitPage(ackUrl, "<p><strong>Tỷ lệ hồ sơ trực tuyến của tỉnh thấp</strong></p>");
        for (String line :
            List.of(
                "<p>Tỷ lệ hồ sơ trực tuyến hôm nay của tỉnh: 41,5 %.</p>",
                "<li>Đơn vị: Toàn tỉnh</li>",
                "<li>Mức: nghiêm trọng</li>",
                "<li>Giá trị: 41,5 (ngưỡng 50)</li>",
                "<li>Phát từ: 07:30 16/10/2024</li>",
                "<li>Những người khác đã được báo: Phó Chủ tịch UBND tỉnh phụ trách khối Nội chính</li>",
                "<p>Cảnh báo đang phát, chưa có ai xác nhận.</p>"))
          assertTrue(page.contains(line), page);
        assertEquals(List.of(), RealServices.readAll(NS.topic("alert-acks")));
        HttpResponse<String> confirmed = confirm(ackUrl, "Đã xem");
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        List<ConsumerRecord<byte[], byte[]>> acks = RealServices.readAll(NS.topic("alert-acks"));
        assertEquals(1, acks.size());
        assertEquals(
            "online-rate-today|unit=40", new String(acks.get(0).key(), StandardCharsets.UTF_8));
        JsonNode ack = JSON.readTree(acks.get(0).value());
        assertEquals("online-rate-today|unit=40", ack.get("alertId").asText());
        assertEquals("40", ack.get("unit").asText());
        assertEquals("ioc.truc-ban", ack.get("by").asText());
        assertEquals("Đã xem", ack.get("comment").asText());
        assertTrue(ack.get("at").asText().endsWith("+07:00"), ack.toString());
        assertEquals("2024-10-16T07:30:00.000+07:00", ack.get("since").asText());

        // the same link again: nothing published, the page says who acknowledged it and when
        said =
            "<p>Đã được Trực ban Trung tâm IOC xác nhận lúc "
                + vn.ioc.alerting.AlertMessages.localTime(
                    java.time.OffsetDateTime.parse(ack.get("at").asText())
                        .toInstant()
                        .toEpochMilli(),
                    java.time.ZoneId.of("Asia/Ho_Chi_Minh"))
                + ".</p>";
        HttpResponse<String> again = confirm(ackUrl, "Xem lại");
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains(said), again.body());
        assertEquals(1, RealServices.readAll(NS.topic("alert-acks")).size());

        assertEquals(List.of("email delivered 1", "webhook delivered 1"), awaitDeliveryRecords(2));
      } catch (Throwable t) {
        throw new AssertionError(
            t + "\nthe notifier's log:\n" + Files.readString(state.resolve("notifier.log")), t);
      } finally {
        notifier.destroy();
        assertTrue(notifier.waitFor(60, TimeUnit.SECONDS), "the notifier stops on SIGTERM");
      }
      String log = Files.readString(state.resolve("notifier.log"));
      assertTrue(log.contains("notifier stopped; totals {"), log);

      // restarted, it reads the acks back: the link still publishes nothing
      Process restarted = notifier(config, state, "notifier-restarted.log");
      try {
        awaitPage(ackUrl, said);
        HttpResponse<String> afterRestart = confirm(ackUrl, "Sau khi khởi động lại");
        assertEquals(200, afterRestart.statusCode());
        assertTrue(afterRestart.body().contains(said), afterRestart.body());
        assertEquals(1, RealServices.readAll(NS.topic("alert-acks")).size());
      } catch (Throwable t) {
        throw new AssertionError(
            t
                + "\nthe restarted notifier's log:\n"
                + Files.readString(state.resolve("notifier-restarted.log")),
            t);
      } finally {
        restarted.destroy();
        assertTrue(restarted.waitFor(60, TimeUnit.SECONDS), "the notifier stops on SIGTERM");
      }
      for (String contact : new String[] {"@ioc.nghean.example", "+849"})
        assertTrue(!log.replace("ioc@ioc.nghean.example", "").contains(contact), log);
    }
  }

  /** {@code deploy/ioc run notifier} on this test's topics, its output to {@code log}. */
  static Process notifier(Path config, Path state, String log) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "notifier", "--config=" + config));
    args.addAll(NS.jobFlags());
    return RealServices.launcher(
            Map.of("IOC_STATE_DIR", state.toString(), TRUST_STORE_PASSWORD, RELAY_PASSWORD),
            args.toArray(new String[0]))
        .redirectErrorStream(true)
        .redirectOutput(state.resolve(log).toFile())
        .start();
  }

  /** The ack page of {@code ackUrl} once it contains {@code expected} (it follows ioc.alerts). */
  static String awaitPage(String ackUrl, String expected) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 60_000;
    String body = "";
    while (System.currentTimeMillis() < deadline) {
      try {
        HttpResponse<String> page =
            http.send(
                HttpRequest.newBuilder(URI.create(ackUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        body = page.body();
        if (body.contains(expected)) return body;
      } catch (java.net.ConnectException notYet) {
        // the server is starting
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the ack page never said " + expected + ":\n" + body);
  }

  /** Confirms an acknowledgement link as a person does: the page's form, posted with a comment. */
  static HttpResponse<String> confirm(String ackUrl, String comment) throws Exception {
    String token = ackUrl.substring(ackUrl.indexOf("?t=") + 3);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(ackUrl.substring(0, ackUrl.indexOf('?'))))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "t="
                            + URLEncoder.encode(token, StandardCharsets.UTF_8)
                            + "&comment="
                            + URLEncoder.encode(comment, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** The environment variable of the relay's trust store password (a secret: not a flag). */
  static final String TRUST_STORE_PASSWORD = "IOC_NOTIFIER_SMTP_TRUST_STORE_PASSWORD";

  static final String RELAY_PASSWORD = TlsRelay.trustStorePassword();

  /**
   * The notifier's properties: ack links on {@code port}, the test's gateway and relay (SMTPS,
   * trusted through the tests' trust store; its password is {@link #TRUST_STORE_PASSWORD}).
   */
  static Path config(Path state, WebhookReceiver gateway, TlsRelay relay, int port)
      throws Exception {
    Path config = state.resolve("notifier.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "notifier.ack-secret=it-ack-secret-of-at-least-thirty-two-bytes",
            "notifier.webhook-secret=" + WEBHOOK_SECRET,
            "notifier.webhook-url=" + gateway.url(),
            "notifier.smtp-host=127.0.0.1",
            "notifier.smtp-port=" + relay.port(),
            "notifier.smtp-security=smtps",
            "notifier.smtp-trust-store=" + TlsRelay.trustStore(),
            "notifier.smtp-from=ioc@ioc.nghean.example",
            "notifier.public-url=http://127.0.0.1:" + port,
            "notifier.listen=127.0.0.1:" + port,
            "notifier.backoff-initial=PT0.01S",
            ""),
        StandardCharsets.UTF_8);
    return config;
  }

  static void produce(String key, String value) throws Exception {
    RealServices.send(NS.topic("notifications"), key, value);
  }

  /** The group's committed offset once it reached {@code expected} (or the last seen). */
  static long awaitCommitted(long expected, Duration timeout) throws Exception {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    long seen = -1;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", RealServices.KAFKA))) {
      while (System.currentTimeMillis() < deadline) {
        ListConsumerGroupOffsetsResult r = admin.listConsumerGroupOffsets(NS.id() + "-notifier");
        OffsetAndMetadata o =
            r.partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS)
                .get(new TopicPartition(NS.topic("notifications"), 0));
        seen = o == null ? -1 : o.offset();
        if (seen >= expected) return seen;
        Thread.sleep(200);
      }
    }
    return seen;
  }

  /** "channel outcome attempts" of each delivery record, sorted, once there are {@code n}. */
  static List<String> awaitDeliveryRecords(int n) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    List<String> out = new ArrayList<>();
    while (System.currentTimeMillis() < deadline) {
      out.clear();
      for (Map<String, Object> row :
          RealServices.rows(
              NS.database(), "SELECT * FROM notification_deliveries GROUP BY channel, outcome")) {
        out.add(
            row.get("channel")
                + " "
                + row.get("outcome")
                + " "
                + ((Number) row.get("attempts")).longValue());
      }
      if (out.size() >= n) break;
      Thread.sleep(500);
    }
    out.sort(null);
    return out;
  }
}
