package vn.ioc.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.ioc.deadletter.DeadLetter;

class WebhookChannelTest {
  static final ObjectMapper JSON = new ObjectMapper();
  WebhookReceiver gateway;

  @BeforeEach
  void start() throws Exception {
    gateway = new WebhookReceiver();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void theSignatureIsTheHexHmacOfTheExactBody() {
    byte[] body = "{\"notificationId\":\"n1\"}".getBytes(StandardCharsets.UTF_8);
    // printf '{"notificationId":"n1"}' | openssl dgst -sha256 -hmac 'webhook-secret-for-tests'
    assertEquals(
        "sha256=bd997a9bff339af4813c16bca93421ccc75b2892f530121e7de25c36d2e46d67",
        WebhookChannel.signature(Fixtures.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), body));
  }

  @Test
  void twoAnswers503ThenA200DeliverOnTheThirdAttemptWithTheSameKeyAndBody() throws Exception {
    gateway.answerNext(2, 503);
    Fixtures.Harness h = new Fixtures.Harness(List.of(Fixtures.webhook(gateway)), 8);
    List<ChannelOutcome> outcomes = h.handler.handle(Fixtures.record(Fixtures.NOTIFICATION, 7));
    ChannelOutcome delivered = new ChannelOutcome("webhook", "delivered", 3, 200, "delivered");
    assertEquals(List.of(delivered), outcomes);
    assertEquals(List.of(delivered), h.recorded);
    assertEquals(List.of(), h.deadLetters);
    assertEquals(List.of(1L, 2L), h.pauses);

    List<WebhookReceiver.Request> requests = gateway.requests();
    assertEquals(3, requests.size());
    for (WebhookReceiver.Request r : requests) {
      assertEquals("POST", r.method());
      assertEquals("/hook", r.path());
      assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
      assertEquals("dg/ioc.truc-ban/2024-10-16T08:00:00+07:00", r.header("Idempotency-Key"));
      assertEquals(
          WebhookReceiver.signature(Fixtures.WEBHOOK_SECRET, r.body()),
          r.header("X-IOC-Signature"));
      assertTrue(WebhookReceiver.signatureValid(r, Fixtures.WEBHOOK_SECRET));
      assertEquals(requests.get(0).bodyText(), r.bodyText());
    }
    assertEquals(expectedBody(), requests.get(0).bodyText());
  }

  /** The body, field by field and in this order. */
  static String expectedBody() throws Exception {
    String link1 = Fixtures.link("online-rate-today|unit=000.00.12.H40", "000.00.12.H40", "07:30");
    String link2 = Fixtures.link("feed-silent|unit=000.00.13.H40", "000.00.13.H40", "07:00");
    String text =
        "[IOC Nghệ An] 3 cảnh báo\n\nTỷ lệ hồ sơ trực tuyến hôm nay của Sở Tư pháp: 41,5 % (ngưỡng 50 %). Xác nhận: "
            + link1
            + "\n\nSở Y tế chưa gửi báo cáo từ 07:00.\nXác nhận đã nhận cảnh báo: "
            + link2
            + "\n\nĐã hết cảnh báo nhiệm vụ quá hạn.\n";
    String pretty =
        """
        {"notificationId": "dg/ioc.truc-ban/2024-10-16T08:00:00+07:00",
         "at": "2024-10-16T08:00:00.000+07:00",
         "recipient": {"id": "ioc.truc-ban", "name": "Trực ban Trung tâm IOC", "title": "Trực ban",
                       "email": "truc.ban@ioc.nghean.example", "phone": "+84900000001"},
         "subject": "[IOC Nghệ An] 3 cảnh báo",
         "text": TEXT,
         "sms": "[IOC Nghệ An] 3 cảnh báo",
         "alerts": [
          {"alertId": "online-rate-today|unit=000.00.12.H40", "rule": "online-rate-today",
           "unit": "000.00.12.H40", "unitName": "Sở Tư pháp", "state": "FIRING", "reason": "firing",
           "level": "critical", "value": 41.5, "threshold": 50.0, "since": "2024-10-16T07:30:00.000+07:00",
           "escalationStep": 0, "ackable": true,
           "message": "Tỷ lệ hồ sơ trực tuyến hôm nay của Sở Tư pháp: 41,5 % (ngưỡng 50 %). Xác nhận: LINK1",
           "ackUrl": "LINK1"},
          {"alertId": "feed-silent|unit=000.00.13.H40", "rule": "feed-silent",
           "unit": "000.00.13.H40", "unitName": "Sở Y tế", "state": "FIRING", "reason": "reminder",
           "level": "nodata", "value": null, "threshold": null, "since": "2024-10-16T07:00:00.000+07:00",
           "escalationStep": 1, "ackable": true,
           "message": "Sở Y tế chưa gửi báo cáo từ 07:00.",
           "ackUrl": "LINK2"},
          {"alertId": "items-overdue|unit=40", "rule": "items-overdue", "unit": "40", "unitName": null,
           "state": "RESOLVED", "reason": "resolved", "level": "warning", "value": 0.0, "threshold": 1.0,
           "since": "2024-10-15T09:00:00.000+07:00", "escalationStep": 0, "ackable": false,
           "message": "Đã hết cảnh báo nhiệm vụ quá hạn."}
         ]}
        """
            .replace("TEXT", JSON.writeValueAsString(text))
            .replace("LINK1", link1)
            .replace("LINK2", link2);
    return JSON.writeValueAsString(JSON.readTree(pretty));
  }

  @Test
  void aGatewayThatSaysRetryAfterIsWaitedForThatLong() throws Exception {
    gateway.answerNextRetryAfter(429, "1");
    Fixtures.Harness h = new Fixtures.Harness(List.of(Fixtures.webhook(gateway)), 8);
    List<ChannelOutcome> outcomes = h.handler.handle(Fixtures.record(Fixtures.NOTIFICATION, 7));
    assertEquals(
        List.of(new ChannelOutcome("webhook", "delivered", 2, 200, "delivered")), outcomes);
    assertEquals(List.of(1000L), h.pauses, "a second asked for, not the 1 ms backoff");
  }

  @Test
  void aRetryAfterOfAnHourWaitsFiveMinutesAtMost() throws Exception {
    Channel slow =
        new Channel() {
          int calls;

          @Override
          public String name() {
            return "webhook";
          }

          @Override
          public boolean reaches(vn.ioc.reference.Directory.Person person) {
            return true;
          }

          @Override
          public Attempt send(Digest digest) {
            return calls++ == 0
                ? Attempt.retry(503, "HTTP 503", 3_600_000)
                : Attempt.delivered(200);
          }
        };
    List<Long> waits = new java.util.ArrayList<>();
    Delivery d =
        new Delivery(
            3,
            new vn.ioc.influx.Backoff(
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(4), () -> 1.0),
            millis -> waits.add(millis));
    assertEquals(
        new ChannelOutcome("webhook", "delivered", 2, 200, "delivered"), d.deliver(slow, null));
    assertEquals(List.of(Delivery.MAX_RETRY_AFTER_MS), waits);
    assertEquals(300_000, Delivery.MAX_RETRY_AFTER_MS);
  }

  @Test
  void retryAfterIsSecondsOrAnHttpDate() {
    long now = java.time.Instant.parse("2024-10-15T02:00:00Z").toEpochMilli();
    assertEquals(7_000, WebhookChannel.retryAfterMillis("7", now));
    assertEquals(0, WebhookChannel.retryAfterMillis("0", now));
    assertEquals(90_000, WebhookChannel.retryAfterMillis("Tue, 15 Oct 2024 02:01:30 GMT", now));
    assertEquals(0, WebhookChannel.retryAfterMillis("Tue, 15 Oct 2024 01:00:00 GMT", now));
    assertEquals(-1, WebhookChannel.retryAfterMillis("soon", now));
    assertEquals(-1, WebhookChannel.retryAfterMillis(null, now));
    assertEquals(-1, WebhookChannel.retryAfterMillis("-5", now));
  }

  @Test
  void a400IsFinalTheNotificationIsDeadLetteredWithoutRetries() throws Exception {
    gateway.answerNext(1, 400);
    Fixtures.Harness h = new Fixtures.Harness(List.of(Fixtures.webhook(gateway)), 8);
    List<ChannelOutcome> outcomes = h.handler.handle(Fixtures.record(Fixtures.NOTIFICATION, 7));
    assertEquals(
        List.of(
            new ChannelOutcome("webhook", "failed", 1, 400, "refused after 1 attempt: HTTP 400")),
        outcomes);
    assertEquals(1, gateway.requests().size());
    assertEquals(List.of(), h.pauses);
    assertEquals(1, h.deadLetters.size());
    DeadLetter d = h.deadLetters.get(0);
    assertEquals("delivery-failed", d.reason);
    assertEquals("webhook: refused after 1 attempt: HTTP 400", d.detail);
    assertEquals("notifier", d.job);
    // what deadletters --replay needs to publish it to the outbox again, as it was
    assertEquals("ioc.notifications", d.sourceTopic);
    assertEquals(0, d.sourcePartition);
    assertEquals(7, d.sourceOffset);
    assertEquals("ioc.truc-ban", d.sourceKey);
    assertEquals(Fixtures.NOTIFICATION, d.payload);
    assertEquals(1L, h.counters.snapshot().get("deadletters.delivery-failed"));
  }

  @Test
  void aGatewayStillFailingAfterTheLastAttemptIsDeadLettered() throws Exception {
    gateway.answerOtherwise(503);
    Fixtures.Harness h = new Fixtures.Harness(List.of(Fixtures.webhook(gateway)), 4);
    List<ChannelOutcome> outcomes = h.handler.handle(Fixtures.record(Fixtures.NOTIFICATION, 8));
    assertEquals(
        List.of(
            new ChannelOutcome(
                "webhook", "failed", 4, 503, "still failing after 4 attempts: HTTP 503")),
        outcomes);
    assertEquals(List.of(1L, 2L, 4L), h.pauses);
    assertEquals(4, gateway.requests().size());
    assertEquals("webhook: still failing after 4 attempts: HTTP 503", h.deadLetters.get(0).detail);
  }

  @Test
  void anUnknownRecipientOrAnUnreadableMessageIsDeadLetteredAndNotSent() throws Exception {
    Fixtures.Harness h = new Fixtures.Harness(List.of(Fixtures.webhook(gateway)), 8);
    String stranger =
        Fixtures.NOTIFICATION.replace(
            "\"recipient\": \"ioc.truc-ban\"", "\"recipient\": \"nobody\"");
    assertEquals(List.of(), h.handler.handle(Fixtures.record(stranger, 1)));
    assertEquals(List.of(), h.handler.handle(Fixtures.record("{\"notificationId\": ", 2)));
    assertEquals(List.of(), gateway.requests());
    assertEquals(2, h.deadLetters.size());
    assertEquals("unknown-recipient", h.deadLetters.get(0).reason);
    assertEquals("person nobody is not in people.csv", h.deadLetters.get(0).detail);
    assertEquals(stranger, h.deadLetters.get(0).payload);
    assertEquals("bad-json", h.deadLetters.get(1).reason);
    assertEquals("{\"notificationId\": ", h.deadLetters.get(1).payload);
    assertEquals(2L, h.deadLetters.get(1).sourceOffset);
  }

  @Test
  void aPersonWithoutContactsIsSkippedOnEveryChannel() throws Exception {
    Fixtures.Harness h = new Fixtures.Harness(List.of(Fixtures.webhook(gateway)), 8);
    String json =
        Fixtures.NOTIFICATION.replace(
            "\"recipient\": \"ioc.truc-ban\"", "\"recipient\": \"so-tp.van-thu\"");
    assertEquals(
        List.of(new ChannelOutcome("webhook", "skipped", 0, 0, "no contact for this channel")),
        h.handler.handle(Fixtures.record(json, 3)));
    assertEquals(List.of(), gateway.requests());
    assertEquals(List.of(), h.deadLetters);
  }
}
