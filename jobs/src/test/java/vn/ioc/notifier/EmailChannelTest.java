package vn.ioc.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import vn.ioc.deadletter.DeadLetterJson;
import vn.ioc.influx.InfluxPoint;

/**
 * The e-mail channel against relays on real sockets and real TLS: GreenMail over SMTPS (and plain,
 * without STARTTLS), {@link TestSmtpServer} for STARTTLS and the relays that refuse, stay silent or
 * hang up. Certificates from {@link TestTls}.
 */
class EmailChannelTest {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  static String expectedText() {
    return "[IOC Nghệ An] 3 cảnh báo\r\n\r\nTỷ lệ hồ sơ trực tuyến hôm nay của Sở Tư pháp: 41,5 % (ngưỡng 50 %). Xác nhận: "
        + Fixtures.link("online-rate-today|unit=000.00.12.H40", "000.00.12.H40", "07:30")
        + "\r\n\r\nSở Y tế chưa gửi báo cáo từ 07:00.\r\nXác nhận đã nhận cảnh báo: "
        + Fixtures.link("feed-silent|unit=000.00.13.H40", "000.00.13.H40", "07:00")
        + "\r\n\r\nĐã hết cảnh báo nhiệm vụ quá hạn.\r\n";
  }

  /** The fixture digest as the recipient's mail program reads it, header by header. */
  static void assertDigest(MimeMessage m) throws Exception {
    assertEquals("[IOC Nghệ An] 3 cảnh báo", m.getSubject());
    InternetAddress from = (InternetAddress) m.getFrom()[0];
    assertEquals("Trung tâm IOC Nghệ An", from.getPersonal());
    assertEquals("ioc@ioc.nghean.example", from.getAddress());
    InternetAddress to = (InternetAddress) m.getRecipients(Message.RecipientType.TO)[0];
    assertEquals("Trực ban Trung tâm IOC", to.getPersonal());
    assertEquals(Fixtures.EMAIL, to.getAddress());
    assertEquals(1, m.getAllRecipients().length);
    assertEquals("Wed, 16 Oct 2024 08:05:00 +0700", m.getHeader("Date", null));
    assertEquals(
        "<dg/ioc=2Etruc-ban/2024-10-16T08=3A00=3A00+07=3A00@ioc>", m.getHeader("Message-ID", null));
    assertEquals("1.0", m.getHeader("MIME-Version", null));
    assertEquals("text/plain; charset=UTF-8", m.getHeader("Content-Type", null));
    assertEquals("base64", m.getHeader("Content-Transfer-Encoding", null));
    assertEquals("auto-generated", m.getHeader("Auto-Submitted", null));
    assertEquals(expectedText(), m.getContent());
    // on the wire: ASCII only, the Vietnamese in RFC 2047 encoded-words, short lines
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    m.writeTo(raw);
    String wire = raw.toString(StandardCharsets.ISO_8859_1);
    assertTrue(wire.chars().allMatch(c -> c < 128), wire);
    for (String line : wire.split("\r\n", -1)) assertTrue(line.length() <= 78, line);
    assertTrue(m.getHeader("Subject", null).startsWith("=?UTF-8?"), m.getHeader("Subject", null));
    assertTrue(m.getHeader("From", null).startsWith("=?UTF-8?"), m.getHeader("From", null));
  }

  static List<ChannelOutcome> deliver(EmailChannel channel, int maxAttempts) throws Exception {
    return new Fixtures.Harness(List.of(channel), maxAttempts)
        .handler.handle(Fixtures.record(Fixtures.NOTIFICATION, 1));
  }

  static List<ChannelOutcome> failed(int attempts, String detail) {
    return List.of(new ChannelOutcome("email", "failed", attempts, 0, detail));
  }

  static Smtp withUser(Smtp s, String user, String password) {
    return new Smtp(
        s.host(),
        s.port(),
        s.security(),
        s.from(),
        s.fromName(),
        user,
        password,
        s.trustStore(),
        s.trustStorePassword(),
        s.connectTimeout(),
        s.readTimeout(),
        s.writeTimeout());
  }

  /** The JVM's default authorities, which do not know the tests' self-signed certificates. */
  static Smtp trustingTheJvmDefaults(Smtp s) {
    return new Smtp(
        s.host(),
        s.port(),
        s.security(),
        s.from(),
        s.fromName(),
        s.user(),
        s.password(),
        null,
        null,
        s.connectTimeout(),
        s.readTimeout(),
        s.writeTimeout());
  }

  @Test
  void aVietnameseDigestIsDeliveredOverSmtps() throws Exception {
    try (TlsRelay relay = TlsRelay.smtps()) {
      EmailChannel channel =
          Fixtures.email(Fixtures.smtp(relay.port(), Smtp.Security.SMTPS, TIMEOUT));
      assertEquals(
          List.of(new ChannelOutcome("email", "delivered", 1, 250, "delivered")),
          deliver(channel, 8));
      List<MimeMessage> mails = relay.messages();
      assertEquals(1, mails.size());
      assertDigest(mails.get(0));
    }
  }

  @Test
  void theSameDigestIsDeliveredOverStartTlsWithAuthPlainInsideTheTls() throws Exception {
    try (TestSmtpServer relay =
        new TestSmtpServer(TestSmtpServer.Mode.STARTTLS, TestTls.server("relay"))) {
      EmailChannel channel =
          Fixtures.email(
              withUser(
                  Fixtures.smtp(relay.port(), Smtp.Security.STARTTLS, TIMEOUT), "ioc", "mật khẩu"));
      assertEquals(
          List.of(new ChannelOutcome("email", "delivered", 1, 250, "delivered")),
          deliver(channel, 8));
      List<TestSmtpServer.Received> mails = relay.messages();
      assertEquals(1, mails.size());
      TestSmtpServer.Received m = mails.get(0);
      assertTrue(m.overTls());
      assertEquals("ioc@ioc.nghean.example", m.mailFrom());
      assertEquals(List.of(Fixtures.EMAIL), m.recipients());
      assertEquals(
          "AUTH PLAIN "
              + Base64.getEncoder()
                  .encodeToString("\0ioc\0mật khẩu".getBytes(StandardCharsets.UTF_8)),
          m.auth());
      assertDigest(m.mime());
    }
  }

  @Test
  void aCertificateTheTrustStoreDoesNotHoldIsRefusedOnceInOneLine() throws Exception {
    try (TestSmtpServer relay =
        new TestSmtpServer(TestSmtpServer.Mode.SMTPS, TestTls.server("relay"))) {
      Fixtures.Harness h =
          new Fixtures.Harness(
              List.of(
                  Fixtures.email(
                      trustingTheJvmDefaults(
                          Fixtures.smtp(relay.port(), Smtp.Security.SMTPS, TIMEOUT)))),
              8);
      assertEquals(
          failed(
              1,
              "refused after 1 attempt: TLS: the relay's certificate is not trusted"
                  + " (notifier.smtp-trust-store holds the certificates to trust)"),
          h.handler.handle(Fixtures.record(Fixtures.NOTIFICATION, 1)));
      assertEquals(List.of(), h.pauses);
      assertEquals(1, relay.connections());
      assertEquals(List.of(), relay.messages());
    }
  }

  @Test
  void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
    try (TestSmtpServer relay =
        new TestSmtpServer(TestSmtpServer.Mode.STARTTLS, TestTls.server("impostor"))) {
      assertEquals(
          failed(
              1,
              "refused after 1 attempt: TLS: the relay's certificate does not name"
                  + " notifier.smtp-host"),
          deliver(Fixtures.email(Fixtures.smtp(relay.port(), Smtp.Security.STARTTLS, TIMEOUT)), 8));
      assertEquals(1, relay.connections());
      assertEquals(List.of(), relay.messages());
    }
  }

  @Test
  void aRelayWithoutStartTlsGetsNothingWhenStartTlsIsRequired() throws Exception {
    try (TlsRelay relay = TlsRelay.plainWithoutStartTls()) {
      assertEquals(
          failed(
              1,
              "refused after 1 attempt: the relay does not offer STARTTLS, which"
                  + " notifier.smtp-security=starttls requires"),
          deliver(Fixtures.email(Fixtures.smtp(relay.port(), Smtp.Security.STARTTLS, TIMEOUT)), 8));
      assertEquals(List.of(), relay.messages());
    }
  }

  @Test
  void a4xxIsTriedAgainAndTheSecondAttemptDelivers() throws Exception {
    try (TestSmtpServer relay =
        new TestSmtpServer(TestSmtpServer.Mode.STARTTLS, TestTls.server("relay"))) {
      relay.replyNext(1, "MAIL", "451 4.3.0 try again later");
      Fixtures.Harness h =
          new Fixtures.Harness(
              List.of(Fixtures.email(Fixtures.smtp(relay.port(), Smtp.Security.STARTTLS, TIMEOUT))),
              8);
      assertEquals(
          List.of(new ChannelOutcome("email", "delivered", 2, 250, "delivered")),
          h.handler.handle(Fixtures.record(Fixtures.NOTIFICATION, 1)));
      assertEquals(2, relay.connections());
      assertEquals(1, relay.messages().size());
      assertEquals(List.of(1L), h.pauses);
    }
  }

  @Test
  void aRefusedLoginIsFinal() throws Exception {
    try (TestSmtpServer relay =
        new TestSmtpServer(TestSmtpServer.Mode.SMTPS, TestTls.server("relay"))) {
      relay.replyNext(1, "AUTH", "535 5.7.8 authentication credentials invalid");
      assertEquals(
          List.of(
              new ChannelOutcome(
                  "email",
                  "failed",
                  1,
                  535,
                  "refused after 1 attempt: SMTP AUTH refused: 535 5.7.8")),
          deliver(
              Fixtures.email(
                  withUser(
                      Fixtures.smtp(relay.port(), Smtp.Security.SMTPS, TIMEOUT), "ioc", "sai")),
              8));
      assertEquals(1, relay.connections());
    }
  }

  @Test
  void a550IsFinalAndNoContactReachesTheLogsTheDeadLetterOrTheRecords() throws Exception {
    try (TestSmtpServer relay =
            new TestSmtpServer(TestSmtpServer.Mode.STARTTLS, TestTls.server("relay"));
        WebhookReceiver gateway = new WebhookReceiver().answerNext(1, 422);
        LogCapture logs = new LogCapture()) {
      relay.replyNext(
          1,
          "RCPT",
          "550 5.1.1 <" + Fixtures.EMAIL + ">: Recipient address rejected " + Fixtures.PHONE);
      Fixtures.Harness h =
          new Fixtures.Harness(
              List.of(
                  Fixtures.webhook(gateway),
                  Fixtures.email(Fixtures.smtp(relay.port(), Smtp.Security.STARTTLS, TIMEOUT))),
              8);
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
      assertEquals(1, relay.connections());
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
  void aRelayThatNeverAnswersIsTriedAgainThenFailsWithinItsTimeouts() throws Exception {
    Duration timeout = Duration.ofMillis(250);
    try (TestSmtpServer relay = new TestSmtpServer(TestSmtpServer.Mode.SILENT, null)) {
      long start = System.nanoTime();
      // SMTPS: the TLS handshake is what gets no answer
      assertEquals(
          failed(3, "still failing after 3 attempts: no answer in time"),
          deliver(Fixtures.email(Fixtures.smtp(relay.port(), Smtp.Security.SMTPS, timeout)), 3));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 3 * 250 && millis < 3 * 250 + 3000, millis + " ms");
      assertEquals(3, relay.connections());
    }
  }

  @Test
  void aRelayThatHangsUpIsTriedAgainThenFails() throws Exception {
    try (TestSmtpServer relay = new TestSmtpServer(TestSmtpServer.Mode.HANG_UP, null)) {
      assertEquals(
          failed(3, "still failing after 3 attempts: no answer: the relay closed the connection"),
          deliver(Fixtures.email(Fixtures.smtp(relay.port(), Smtp.Security.STARTTLS, TIMEOUT)), 3));
      assertEquals(3, relay.connections());
    }
  }

  @Test
  void aRelayThatIsNotListeningIsTriedAgainThenFails() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    assertEquals(
        failed(2, "still failing after 2 attempts: no answer: ConnectException"),
        deliver(Fixtures.email(Fixtures.smtp(port, Smtp.Security.STARTTLS, TIMEOUT)), 2));
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
  void aLongSubjectIsFoldedIntoEncodedWordsThatDecodeToItOnOneLine() throws Exception {
    String subject =
        "[IOC Nghệ An] Cảnh báo nghiêm trọng: tỷ lệ hồ sơ trực tuyến của Sở Tài nguyên và Môi"
            + " trường dưới ngưỡng 🚨\r\nBcc: someone@example.com";
    MimeMessage m =
        MailMessage.build(
            Session.getInstance(new Properties()),
            Fixtures.FROM,
            null,
            Fixtures.EMAIL,
            "Trực ban\r\nBcc: x@example.com",
            subject,
            "x",
            ZonedDateTime.now(Fixtures.ZONE),
            "id");
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    m.writeTo(raw);
    String wire = raw.toString(StandardCharsets.ISO_8859_1);
    String head = wire.substring(0, wire.indexOf("\r\n\r\n") + 2);
    assertFalse(head.contains("\r\nBcc"), head);
    // RFC 2047: encoded-words of at most 75 characters, on folded lines (the first line of the
    // Subject also holds "Subject: ", as every mail program writes it)
    for (String line : head.split("\r\n", -1)) assertTrue(line.length() <= 9 + 75, line);
    assertTrue(m.getHeader("Subject", null).contains("\r\n "), head);
    java.util.regex.Matcher words =
        java.util.regex.Pattern.compile("=\\?[^?]+\\?[BQ]\\?[^?]*\\?=").matcher(head);
    int count = 0;
    while (words.find()) {
      assertTrue(words.group().length() <= 75, words.group());
      count++;
    }
    assertTrue(count > 2, head);
    MimeMessage back =
        new MimeMessage(
            Session.getInstance(new Properties()),
            new java.io.ByteArrayInputStream(raw.toByteArray()));
    assertEquals(subject.replace("\r\n", " "), back.getSubject());
    assertEquals(
        "Trực ban Bcc: x@example.com",
        ((InternetAddress) back.getRecipients(Message.RecipientType.TO)[0]).getPersonal());
    assertEquals(null, back.getRecipients(Message.RecipientType.BCC));
    assertEquals(null, ((InternetAddress) back.getFrom()[0]).getPersonal());
  }

  @Test
  void aRecipientAddressThatIsNotPlainIsRefusedBeforeAnyConnection() {
    assertTrue(MailMessage.isPlainAddress("truc.ban@ioc.nghean.example"));
    for (String bad :
        new String[] {
          "a@b>\r\nRCPT TO:<c@d", "a b@c", "<a@b>", "a@b,c@d", "\"a\"@b", "a", "a@b@c", "ả@b", ""
        }) assertFalse(MailMessage.isPlainAddress(bad), bad);
  }
}
