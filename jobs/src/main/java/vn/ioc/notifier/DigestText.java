package vn.ioc.notifier;

import java.util.List;
import vn.ioc.dispatch.Notification;

/**
 * A digest as Vietnamese plain text, the same for every channel: the subject, then each alert's
 * message, one paragraph per alert. An ackable alert's {@code {link}} becomes the recipient's ack
 * link (or the link gets a line of its own when the message has no {@code {link}}); a notice that
 * cannot be acknowledged loses its {@code {link}}, so nobody is sent a link that would be refused.
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
    for (int i = 0; i < n.alerts.size(); i++) {
      b.append('\n').append(message(n.alerts.get(i), ackUrls.get(i), true)).append('\n');
    }
    return b.toString();
  }

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
    return tidy(m.replace(LINK, linkable ? ackUrl : ""));
  }

  /** The message without its {@code {link}} (for a page that is itself the link's target). */
  public static String withoutLink(String message) {
    return tidy(message.replace(LINK, ""));
  }

  /** Without the blanks a removed link leaves at line ends, and with \n line breaks only. */
  private static String tidy(String s) {
    return s.replace("\r\n", "\n").replace('\r', '\n').strip().replaceAll("[ \t]+\n", "\n");
  }
}
