package vn.ioc.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.ioc.deadletter.DeadLetterJson;
import vn.ioc.influx.InfluxPoint;

class EmailChannelTest {
  SmtpReceiver relay;

  @BeforeEach
  void start() throws Exception {
    relay = new SmtpReceiver();
  }

  @AfterEach
  void stop() throws Exception {
    relay.close();
  }

  static String expectedText() {
    return "[IOC Nghệ An] 3 cảnh báo\r\n\r\nTỷ lệ hồ sơ trực tuyến hôm nay của Sở Tư pháp: 41,5 % (ngưỡng 50 %). Xác nhận: "
        + Fixtures.link("online-rate-today|unit=000.00.12.H40", "000.00.12.H40", "07:30")
        + "\r\n\r\nSở Y tế chưa gửi báo cáo từ 07:00.\r\nXác nhận đã nhận cảnh báo: "
        + Fixtures.link("feed-silent|unit=000.00.13.H40", "000.00.13.H40", "07:00")
        + "\r\n\r\nĐã hết cảnh báo nhiệm vụ quá hạn.\r\n";
  }

  @Test
  void aDigestIsMailedWithItsSubjectBodyAndLinks() throws Exception {
    Fixtures.Harness h = new Fixtures.Harness(List.of(Fixtures.email(relay)), 8);
    assertEquals(
        List.of(new ChannelOutcome("email", "delivered", 1, 250, "delivered")),
        h.handler.handle(Fixtures.record(Fixtures.NOTIFICATION, 1)));
    List<SmtpReceiver.Message> mails = relay.messages();
    assertEquals(1, mails.size());
    SmtpReceiver.Message m = mails.get(0);
    assertEquals("ioc@ioc.nghean.example", m.mailFrom());
    assertEquals(List.of(Fixtures.EMAIL), m.recipients());
    assertEquals(null, m.auth());
    assertEquals("ioc@ioc.nghean.example", m.header("From"));
    assertEquals(Fixtures.EMAIL, m.header("To"));
    assertEquals("[IOC Nghệ An] 3 cảnh báo", m.subject());
    assertEquals("Wed, 16 Oct 2024 08:05:00 +0700", m.header("Date"));
    assertEquals("<dg/ioc=2Etruc-ban/2024-10-16T08=3A00=3A00+07=3A00@ioc>", m.header("Message-ID"));
    assertEquals("1.0", m.header("MIME-Version"));
    assertEquals("text/plain; charset=UTF-8", m.header("Content-Type"));
    assertEquals("base64", m.header("Content-Transfer-Encoding"));
    assertEquals("auto-generated", m.header("Auto-Submitted"));
    assertEquals(expectedText(), m.body());
    for (String line : m.bodyLines()) assertTrue(line.length() <= 76, line);
    assertEquals(76, m.bodyLines().get(0).length());
  }

  @Test
  void a4xxIsTriedAgainAndTheSecondAttemptDelivers() throws Exception {
    relay.replyNext(1, "MAIL", "451 4.3.0 try again later");
    Fixtures.Harness h = new Fixtures.Harness(List.of(Fixtures.email(relay)), 8);
    assertEquals(
        List.of(new ChannelOutcome("email", "delivered", 2, 250, "delivered")),
        h.handler.handle(Fixtures.record(Fixtures.NOTIFICATION, 1)));
    assertEquals(2, relay.connections());
    assertEquals(1, relay.messages().size());
    assertEquals(List.of(1L), h.pauses);
  }

  @Test
  void authPlainIsSentWhenAUserIsSet() throws Exception {
    EmailChannel channel =
        new EmailChannel(
            new SmtpClient(
                new SmtpClient.Server(
                    "127.0.0.1",
                    relay.port(),
                    false,
                    "ioc",
                    "mật khẩu",
                    java.time.Duration.ofSeconds(10),
                    null)),
            "ioc@ioc.nghean.example",
            Fixtures.CLOCK,
            Fixtures.ZONE);
    Fixtures.Harness h = new Fixtures.Harness(List.of(channel), 1);
    h.handler.handle(Fixtures.record(Fixtures.NOTIFICATION, 1));
    assertEquals(
        "AUTH PLAIN "
            + java.util.Base64.getEncoder()
                .encodeToString("\0ioc\0mật khẩu".getBytes(StandardCharsets.UTF_8)),
        relay.messages().get(0).auth());
  }

  @Test
  void a5xxIsFinalAndNoContactReachesTheLogsTheDeadLetterOrTheRecords() throws Exception {
    relay.replyNext(
        1,
        "RCPT",
        "550 5.1.1 <" + Fixtures.EMAIL + ">: Recipient address rejected " + Fixtures.PHONE);
    WebhookReceiver gateway = new WebhookReceiver().answerNext(1, 422);
    try (gateway;
        LogCapture logs = new LogCapture()) {
      Fixtures.Harness h =
          new Fixtures.Harness(List.of(Fixtures.webhook(gateway), Fixtures.email(relay)), 8);
      List<ChannelOutcome> outcomes = h.handler.handle(Fixtures.record(Fixtures.NOTIFICATION, 5));
      assertEquals(
          List.of(
              new ChannelOutcome("webhook", "failed", 1, 422, "refused after 1 attempt: HTTP 422"),
              new ChannelOutcome(
                  "email",
                  "failed",
                  1,
                  550,
                  "refused after 1 attempt: SMTP RCPT TO refused: 550 5.1.1")),
          outcomes);
      assertEquals(List.of(), relay.messages());
      h.counters.log();

      String deadLetter =
          new String(DeadLetterJson.encode(h.deadLetters.get(0)), StandardCharsets.UTF_8);
      assertEquals(
          "webhook: refused after 1 attempt: HTTP 422; email: refused after 1 attempt: SMTP RCPT TO refused: 550 5.1.1",
          h.deadLetters.get(0).detail);
      StringBuilder points = new StringBuilder();
      for (ChannelOutcome o : outcomes)
        points.append(InfluxDeliveryRecords.point(Fixtures.notification(), o, 1L)).append('\n');
      String log = logs.text();
      assertTrue(
          log.contains(
              "last failure email: refused after 1 attempt: SMTP RCPT TO refused: 550 5.1.1"),
          log);
      for (String written : List.of(log, deadLetter, points.toString())) {
        assertFalse(written.contains(Fixtures.EMAIL), written);
        assertFalse(written.contains("truc.ban@"), written);
        assertFalse(written.contains(Fixtures.PHONE), written);
        assertFalse(written.contains("900000001"), written);
      }
    }
  }

  @Test
  void aDeliveryRecordHasBoundedTagsAndThePersonIdNotAContact() throws Exception {
    InfluxPoint p =
        InfluxDeliveryRecords.point(
            Fixtures.notification(),
            new ChannelOutcome("email", "delivered", 2, 250, "delivered"),
            1729040700000L);
    InfluxPoint expected =
        InfluxPoint.of("notification_deliveries", 1729040700000L)
            .tag("channel", "email")
            .tag("outcome", "delivered")
            .field("notification_id", "dg/ioc.truc-ban/2024-10-16T08:00:00+07:00")
            .field("recipient", "ioc.truc-ban")
            .field("attempts", 2L)
            .field("alerts", 3L)
            .field("status", 250L);
    assertEquals(expected, p);
    InfluxPoint skipped =
        InfluxDeliveryRecords.point(
            Fixtures.notification(), new ChannelOutcome("webhook", "skipped", 0, 0, "x"), 1L);
    assertEquals(null, skipped.longFields.get("status"));
    assertEquals(0L, skipped.longFields.get("attempts"));
  }

  @Test
  void aLongSubjectBecomesSeveralEncodedWordsThatDecodeToIt() {
    String subject =
        "[IOC Nghệ An] Cảnh báo nghiêm trọng: tỷ lệ hồ sơ trực tuyến của Sở Tài nguyên và Môi trường dưới ngưỡng 🚨";
    String encoded = MailMessage.encodedWords(subject);
    String[] words = encoded.split("\r\n ", -1);
    assertTrue(words.length > 1, encoded);
    for (String w : words) assertTrue(w.length() <= 75, w);
    assertEquals(subject, SmtpReceiver.decodeWords(encoded.replace("\r\n ", " ")));
  }
}
