package vn.ioc.notifier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A mail relay for tests: GreenMail on an ephemeral port of 127.0.0.1, SMTPS (TLS from the first
 * byte, the {@link TestTls} key for {@code localhost} and {@code 127.0.0.1}) or plain SMTP (which
 * GreenMail 2.1 serves without STARTTLS). It takes every message for any recipient.
 */
public final class TlsRelay implements AutoCloseable {
  private final GreenMail mail;
  private final boolean smtps;

  private TlsRelay(boolean smtps) {
    TestTls.configureGreenMail();
    this.smtps = smtps;
    mail =
        new GreenMail(
            new ServerSetup(
                0, "127.0.0.1", smtps ? ServerSetup.PROTOCOL_SMTPS : ServerSetup.PROTOCOL_SMTP));
    mail.start();
  }

  /** An SMTPS relay. */
  public static TlsRelay smtps() {
    return new TlsRelay(true);
  }

  /** A plain SMTP relay that does not offer STARTTLS. */
  public static TlsRelay plainWithoutStartTls() {
    return new TlsRelay(false);
  }

  public int port() {
    return (smtps ? mail.getSmtps() : mail.getSmtp()).getPort();
  }

  /** The trust store that trusts this relay's certificate, and its password. */
  public static Path trustStore() {
    return TestTls.trustStore();
  }

  public static String trustStorePassword() {
    return TestTls.trustStorePassword();
  }

  /** Every message received, in the order they came (GreenMail lists them by mailbox). */
  public List<MimeMessage> messages() {
    List<MimeMessage> all = new ArrayList<>(List.of(mail.getReceivedMessages()));
    all.sort(
        java.util.Comparator.comparing(
            m -> {
              try {
                return m.getReceivedDate();
              } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
              }
            }));
    return all;
  }

  /** Waits until at least {@code count} messages came; returns them. */
  public List<MimeMessage> awaitMessages(int count, Duration timeout) throws TimeoutException {
    if (!mail.waitForIncomingEmail(timeout.toMillis(), count))
      throw new TimeoutException(messages().size() + " of " + count + " mails came");
    return messages();
  }

  /** The addresses of a message's To header. */
  public static List<String> to(MimeMessage m) throws Exception {
    List<String> out = new ArrayList<>();
    for (var a : m.getRecipients(Message.RecipientType.TO))
      out.add(((InternetAddress) a).getAddress());
    return out;
  }

  /** A message's text, decoded (CRLF line ends as sent). */
  public static String body(MimeMessage m) throws Exception {
    return (String) m.getContent();
  }

  @Override
  public void close() {
    mail.stop();
  }
}
