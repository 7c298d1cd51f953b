package vn.ioc.dispatch;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import vn.ioc.kafka.KafkaTopics;

/** The outbox's records: key = the recipient (one person's digests stay in order). */
public final class NotificationRecords implements KafkaTopics.RecordWriter<Notification> {
  private static final long serialVersionUID = 1L;
  private final ZoneId zone;

  public NotificationRecords(ZoneId zone) {
    this.zone = zone;
  }

  @Override
  public byte[] key(Notification n) {
    return n.recipient.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] value(Notification n) {
    return NotificationJson.encode(n, zone);
  }
}
