package vn.ioc.dispatch;

import java.util.ArrayList;
import java.util.List;

/**
 * One message of the outbox {@code ioc.notifications} ({@code schemas/notification.schema.json}): a
 * digest of alert notices for one recipient, as the dispatch grouped them. It names the recipient
 * by the id of the reference data's {@code people.csv}: contact details are looked up by the
 * notifier and never travel on a topic. A Flink POJO.
 */
public class Notification {
  /** The idempotency key: the same digest always has the same id (a redelivery can be dropped). */
  public String notificationId;

  public String recipient;
  public String recipientName;

  /** Engine time of the digest. */
  public long at;

  public String subject;

  /**
   * For the one digest after a catch-up ({@link DigestGrouping}): how many notices were not sent
   * because they came more than the catch-up lag behind the engine's "now"; 0 for any other digest.
   */
  public int heldBack;

  public List<Notice> alerts = new ArrayList<>();

  public Notification() {}

  /** One alert in a digest. A Flink POJO. */
  public static class Notice {
    public String alertId;
    public String rule;
    public String unit;
    public String unitName;

    /** {@code FIRING} or {@code RESOLVED}. */
    public String state;

    /** Why the recipient hears of it. */
    public NoticeReason reason;

    public String level;
    public double value = Double.NaN;
    public double threshold = Double.NaN;
    public long since;

    /** 0: the unit's leader; 1: the next leader up; … */
    public int escalationStep;

    /** Whether the recipient can acknowledge it (a firing alert not yet acknowledged). */
    public boolean ackable;

    /** The rule's message, rendered; {@code {link}} is left for the notifier's ack link. */
    public String message;

    /** Its short form, for one SMS (at most 70 characters, no link); null when it has none. */
    public String sms;

    /** Whom the recipient hears it for, while that person is on leave (name), or null. */
    public String onBehalfOf;

    /** Who acknowledged it (name or position), or null. */
    public String acknowledgedBy;

    /**
     * In a digest: what changed since the recipient's last digest, in one line ("Mới", "Đổi mức:
     * cảnh báo → nghiêm trọng", "Chuyển lên bậc 1", "Vẫn phát", "Đã hết"); null before grouping.
     */
    public String change;

    /**
     * The number of its {@code alert_notifications} point among those of the same series and time
     * (tag {@code n}), so a record made of it later (a notice suppressed at catch-up) is as unique;
     * not part of the outbox message.
     */
    public String sameTime;

    /** The recipient, for routing the notice to its digest (not part of the outbox message). */
    public String recipient;

    public String recipientName;

    /** Engine time of the notice. */
    public long at;

    public Notice() {}
  }
}
