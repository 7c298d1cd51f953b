package vn.ioc.notifier;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * A digest as an Internet message (RFC 5322 + MIME): ASCII headers, the subject as RFC 2047
 * encoded-words (UTF-8, base64), a UTF-8 plain-text body in base64 lines of 76 characters, CRLF
 * everywhere. {@code Message-ID} is made from the notification id, so a mail client drops a copy
 * delivered twice (a retry after a lost reply, a redelivery after a crash); {@code Auto-Submitted}
 * keeps auto-responders from answering.
 */
final class MailMessage {
  /** Bytes of UTF-8 per encoded-word: 45 bytes are 60 base64 characters, 72 with the wrapping. */
  private static final int WORD_BYTES = 45;

  private MailMessage() {}

  static byte[] build(
      String from, String to, String subject, String text, ZonedDateTime date, String id) {
    StringBuilder h = new StringBuilder();
    h.append("From: ").append(from).append("\r\n");
    h.append("To: ").append(to).append("\r\n");
    h.append("Subject: ").append(encodedWords(subject)).append("\r\n");
    h.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(date)).append("\r\n");
    h.append("Message-ID: ").append(messageId(id)).append("\r\n");
    h.append("Auto-Submitted: auto-generated\r\n");
    h.append("MIME-Version: 1.0\r\n");
    h.append("Content-Type: text/plain; charset=UTF-8\r\n");
    h.append("Content-Transfer-Encoding: base64\r\n");
    h.append("\r\n");
    String crlf = text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    String b64 = Base64.getEncoder().encodeToString(crlf.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < b64.length(); i += 76) {
      h.append(b64, i, Math.min(b64.length(), i + 76)).append("\r\n");
    }
    return h.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * {@code =?UTF-8?B?...?=} words of at most {@value #WORD_BYTES} bytes each, never splitting a
   * character, folded onto continuation lines (a space before each further word).
   */
  static String encodedWords(String s) {
    StringBuilder out = new StringBuilder();
    ByteArrayOutputStream word = new ByteArrayOutputStream();
    String flat = s.replaceAll("[\\r\\n]+", " ");
    for (int i = 0; i < flat.length(); ) {
      int cp = flat.codePointAt(i);
      byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
      if (word.size() + b.length > WORD_BYTES) {
        appendWord(out, word);
        word.reset();
      }
      word.writeBytes(b);
      i += Character.charCount(cp);
    }
    if (word.size() > 0 || out.length() == 0) appendWord(out, word);
    return out.toString();
  }

  private static void appendWord(StringBuilder out, ByteArrayOutputStream word) {
    if (out.length() > 0) out.append("\r\n ");
    out.append("=?UTF-8?B?")
        .append(Base64.getEncoder().encodeToString(word.toByteArray()))
        .append("?=");
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
}
