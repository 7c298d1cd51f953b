package vn.ioc.notifier;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.dispatch.Notification;
import vn.ioc.dispatch.NotificationJson;
import vn.ioc.influx.Backoff;
import vn.ioc.reference.Directory;

/** A person, a digest of three alerts and a handler wired to test doubles. */
final class Fixtures {
  static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

  /** 08:05 local time on the digest's day: when the tests "send" and "click". */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-10-16T01:05:00Z"), ZONE);

  static final String ACK_SECRET = "0123456789abcdef0123456789abcdef-ack";
  static final String WEBHOOK_SECRET = "webhook-secret-for-tests";
  static final String PUBLIC_URL = "https://ioc.example.vn";
  static final String EMAIL = "truc.ban@ioc.nghean.example";
  static final String PHONE = "+84900000001";

  static final Directory.Person PERSON =
      new Directory.Person(
          "ioc.truc-ban",
          "Trực ban Trung tâm IOC",
          "Trực ban",
          "40",
          EMAIL,
          PHONE,
          List.of("email", "webhook"));

  /** A position without contacts: every channel is skipped. */
  static final Directory.Person NO_CONTACTS =
      new Directory.Person(
          "so-tp.van-thu", "Văn thư Sở Tư pháp", null, "000.00.12.H40", null, null, List.of());

  static final Directory DIRECTORY =
      new Directory(Map.of(PERSON.id(), PERSON, NO_CONTACTS.id(), NO_CONTACTS), Map.of());

  /** The outbox message: an ackable alert with {link}, one without, a resolved one with {link}. */
  static final String NOTIFICATION =
      """
      {"notificationId": "dg/ioc.truc-ban/2024-10-16T08:00:00+07:00",
       "recipient": "ioc.truc-ban", "recipientName": "Trực ban Trung tâm IOC",
       "at": "2024-10-16T08:00:00+07:00",
       "subject": "[IOC Nghệ An] 3 cảnh báo",
       "alerts": [
        {"alertId": "online-rate-today|unit=000.00.12.H40", "rule": "online-rate-today",
         "unit": "000.00.12.H40", "unitName": "Sở Tư pháp", "state": "FIRING", "reason": "firing",
         "level": "critical", "value": 41.5, "threshold": 50, "since": "2024-10-16T07:30:00+07:00",
         "escalationStep": 0, "ackable": true,
         "message": "Tỷ lệ hồ sơ trực tuyến hôm nay của Sở Tư pháp: 41,5 % (ngưỡng 50 %). Xác nhận: {link}"},
        {"alertId": "feed-silent|unit=000.00.13.H40", "rule": "feed-silent",
         "unit": "000.00.13.H40", "unitName": "Sở Y tế", "state": "FIRING", "reason": "reminder",
         "level": "nodata", "since": "2024-10-16T07:00:00+07:00",
         "escalationStep": 1, "ackable": true,
         "message": "Sở Y tế chưa gửi báo cáo từ 07:00."},
        {"alertId": "items-overdue|unit=40", "rule": "items-overdue", "unit": "40",
         "state": "RESOLVED", "reason": "resolved", "level": "warning", "value": 0, "threshold": 1,
         "since": "2024-10-15T09:00:00+07:00", "escalationStep": 0, "ackable": false,
         "message": "Đã hết cảnh báo nhiệm vụ quá hạn. {link}"}
       ]}
      """;

  static Notification notification() throws Exception {
    return NotificationJson.decode(NOTIFICATION.getBytes(StandardCharsets.UTF_8));
  }

  static ConsumerRecord<byte[], byte[]> record(String json, long offset) {
    return new ConsumerRecord<>(
        "ioc.notifications",
        0,
        offset,
        "ioc.truc-ban".getBytes(StandardCharsets.UTF_8),
        json.getBytes(StandardCharsets.UTF_8));
  }

  /** The ack pages of the fixture directory; the units' names as the reference data has them. */
  static AckPage pages() {
    return new AckPage(
        DIRECTORY, Map.of("000.00.12.H40", "Sở Tư pháp", "000.00.13.H40", "Sở Y tế"), "40", ZONE);
  }

  static AckLinks links() {
    return new AckLinks(ACK_SECRET.getBytes(StandardCharsets.UTF_8), PUBLIC_URL);
  }

  /** Link expiry of the fixture digest: its engine time plus the 7-day default. */
  static final long EXPIRES = Instant.parse("2024-10-23T01:00:00Z").getEpochSecond();

  /** The fixture recipient's link to the episode of {@code alertId} firing since {@code local}. */
  static String link(String alertId, String unit, String local) {
    return links().link(new AckLinks.Claim(alertId, unit, PERSON.id(), since(local), EXPIRES));
  }

  /** A local time (HH:mm) of the digest's day, 2024-10-16, in epoch ms. */
  static long since(String local) {
    return java.time.OffsetDateTime.parse("2024-10-16T" + local + ":00+07:00")
        .toInstant()
        .toEpochMilli();
  }

  /** A handler with tiny backoff (1, 2, 4 … ms, no jitter) and captured side effects. */
  static final class Harness {
    final List<DeadLetter> deadLetters = new ArrayList<>();
    final List<ChannelOutcome> recorded = new ArrayList<>();
    final List<Long> pauses = new ArrayList<>();
    final NotifierCounters counters = new NotifierCounters();
    final NotificationHandler handler;

    Harness(List<Channel> channels, int maxAttempts) {
      handler =
          new NotificationHandler(
              DIRECTORY,
              channels,
              new Delivery(
                  maxAttempts,
                  new Backoff(Duration.ofMillis(1), Duration.ofMillis(4), () -> 1.0),
                  millis -> {
                    pauses.add(millis);
                    Thread.sleep(millis);
                    return true;
                  }),
              links(),
              Duration.ofDays(7),
              deadLetters::add,
              (n, o) -> recorded.add(o),
              counters);
    }
  }

  static WebhookChannel webhook(WebhookReceiver r) {
    return new WebhookChannel(
        java.net.URI.create(r.url()), WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), ZONE);
  }

  static final String FROM = "ioc@ioc.nghean.example";
  static final String FROM_NAME = "Trung tâm IOC Nghệ An";

  /**
   * E-mail settings for a test relay on 127.0.0.1: trusting {@link TestTls}'s certificates (none
   * for {@code NONE}), no authentication, timeouts of {@code timeout}.
   */
  static Smtp smtp(int port, Smtp.Security security, Duration timeout) {
    boolean tls = security != Smtp.Security.NONE;
    return new Smtp(
        "127.0.0.1",
        port,
        security,
        FROM,
        FROM_NAME,
        null,
        null,
        tls ? TestTls.trustStore() : null,
        tls ? TestTls.trustStorePassword() : null,
        timeout,
        timeout,
        timeout);
  }

  static EmailChannel email(Smtp smtp) {
    return new EmailChannel(smtp, CLOCK, ZONE);
  }

  private Fixtures() {}
}
