package vn.ioc.notifier;

import java.util.List;
import vn.ioc.alerting.AlertMessages;
import vn.ioc.dispatch.Notification;

/**
 * A digest as Vietnamese plain text, the same for every channel: the subject, after a catch-up a
 * line saying what was not sent one by one, then one paragraph per alert: what changed in brackets
 * ("[Mới]", "[Đã hết]") and the alert's message. An ackable alert's {@code {link}} becomes the
 * recipient's ack link (or the link gets a line of its own when the message has no {@code {link}});
 * a notice that cannot be acknowledged loses its {@code {link}}, so nobody is sent a link that
 * would be refused.
 */
public final class DigestText {
  public static final String LINK = "{link}";
  public static final String ACK_LINE = "Xác nhận đã nhận cảnh báo: ";

  private DigestText() {}

  /**
   * The digest as the recipient reads it.
   *
   * @param ackUrls the ack link of each alert, in order; null where the alert is not ackable
   */
  public static String render(Notification n, List<String> ackUrls) {
    StringBuilder b = new StringBuilder(n.subject.strip()).append('\n');
    if (n.heldBack > 0)
      b.append('\n').append(CATCH_UP_LINE.formatted(AlertMessages.number(n.heldBack))).append('\n');
    for (int i = 0; i < n.alerts.size(); i++) {
      Notification.Notice a = n.alerts.get(i);
      b.append('\n');
      if (a.change != null) b.append('[').append(a.change).append("] ");
      b.append(message(a, ackUrls.get(i), true)).append('\n');
    }
    return b.toString();
  }

  /**
   * The digest in one SMS (at most 70 characters): the alert's short form when it holds one alert,
   * else its subject.
   */
  public static String sms(Notification n) {
    if (n.alerts.size() == 1 && n.alerts.get(0).sms != null) {
      Notification.Notice a = n.alerts.get(0);
      return AlertMessages.sms(a.change == null ? a.sms : a.change + ": " + a.sms);
    }
    return AlertMessages.sms(n.subject);
  }

  /** The line of the one digest after a catch-up. */
  static final String CATCH_UP_LINE =
      "Hệ thống vừa xử lý xong số liệu tồn đọng: %s thông báo trong thời gian đó không gửi riêng;"
          + " dưới đây là tình hình hiện tại.";

  /**
   * One alert's message for this recipient: {@code {link}} replaced by the link (or removed). With
   * {@code appendLink}, an ackable message without {@code {link}} gets the ack line.
   */
  public static String message(Notification.Notice a, String ackUrl, boolean appendLink) {
    String m = a.message;
    boolean linkable = a.ackable && ackUrl != null;
    if (linkable && !m.contains(LINK)) {
      return appendLink ? tidy(m) + "\n" + ACK_LINE + ackUrl : tidy(m);
    }
    return tidy(linkable ? m.replace(LINK, ackUrl) : AlertMessages.withoutLink(m));
  }

  /**
   * The message without its {@code {link}} and the link's label (for a page that is itself the
   * link's target).
   */
  public static String withoutLink(String message) {
    return tidy(AlertMessages.withoutLink(message));
  }

  /** Without the blanks a removed link leaves at line ends, and with \n line breaks only. */
  private static String tidy(String s) {
    return s.replace("\r\n", "\n").replace('\r', '\n').strip().replaceAll("[ \t]+\n", "\n");
  }
}
