package vn.ioc.notifier;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * A digest as an Internet message (RFC 5322 + MIME, written by Jakarta Mail): the subject and the
 * display names as RFC 2047 encoded-words (UTF-8), a UTF-8 plain-text body in base64 with CRLF line
 * ends. {@code Message-ID} is made from the notification id, so a mail client drops a copy
 * delivered twice (a retry after a lost reply, a redelivery after a crash); {@code Date} is the
 * sending time in the engine's zone; {@code Auto-Submitted} keeps auto-responders from answering.
 */
final class MailMessage {
  /**
   * A plain {@code local@domain} of printable ASCII, without what could break out of {@code <...>}
   * in a command or a header (blanks, line ends, angle brackets, quotes, comments, lists).
   */
  private static final Pattern PLAIN_ADDRESS =
      Pattern.compile(
          "[\\x21-\\x7E&&[^<>()\\[\\],;:\"\\\\@]]+@[\\x21-\\x7E&&[^<>()\\[\\],;:\"\\\\@]]+");

  private MailMessage() {}

  /** Whether {@code a} is a plain address (see {@link #PLAIN_ADDRESS}). */
  static boolean isPlainAddress(String a) {
    return a != null && PLAIN_ADDRESS.matcher(a).matches();
  }

  /**
   * The message, headers complete ({@link MimeMessage#saveChanges()} done). Addresses must be plain
   * ({@link #isPlainAddress}); display names may be null.
   */
  static MimeMessage build(
      Session session,
      String from,
      String fromName,
      String to,
      String toName,
      String subject,
      String text,
      ZonedDateTime date,
      String id)
      throws MessagingException {
    MimeMessage m = new Identified(session, messageId(id));
    m.setFrom(address(from, fromName));
    m.setRecipient(Message.RecipientType.TO, address(to, toName));
    m.setSubject(subject.replaceAll("[\\r\\n]+", " "), "UTF-8");
    m.setHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date));
    m.setHeader("Auto-Submitted", "auto-generated");
    m.setText(text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n"), "UTF-8");
    // after setText, which clears it: base64 keeps the CRLF line ends exactly as written
    m.setHeader("Content-Transfer-Encoding", "base64");
    m.saveChanges();
    return m;
  }

  private static InternetAddress address(String address, String name) throws MessagingException {
    try {
      return new InternetAddress(
          address, name == null ? null : name.replaceAll("[\\r\\n]+", " "), "UTF-8");
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e); // UTF-8 is always there
    }
  }

  /**
   * {@code <id@ioc>} with every character of the id outside RFC 5322's atext (and {@code =} and
   * {@code .}) written as {@code =XX} per UTF-8 byte: one id, one Message-ID, and no two ids alike.
   */
  static String messageId(String notificationId) {
    StringBuilder b = new StringBuilder("<");
    for (byte x : notificationId.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xFF;
      boolean atext =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-/?^_`{|}~".indexOf(c) >= 0;
      if (atext) b.append((char) c);
      else b.append('=').append(String.format("%02X", c));
    }
    return b.append("@ioc>").toString();
  }

  /** A message whose Message-ID is ours, not one Jakarta Mail makes up when it saves changes. */
  private static final class Identified extends MimeMessage {
    private final String messageId;

    Identified(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
