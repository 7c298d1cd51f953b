package vn.ioc.notifier;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import vn.ioc.reference.Directory;

/**
 * E-mails a digest through the configured relay ({@link SmtpClient}). A 4xx reply or no answer is
 * tried again; a 5xx reply is final. The Date header is the sending time (a clock the tests fix).
 */
final class EmailChannel implements Channel {
  static final String NAME = "email";

  private final SmtpClient client;
  private final String from;
  private final Clock clock;
  private final ZoneId zone;

  EmailChannel(SmtpClient client, String from, Clock clock, ZoneId zone) {
    this.client = client;
    this.from = from;
    this.clock = clock;
    this.zone = zone;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean reaches(Directory.Person p) {
    return p.channels().contains(NAME) && p.email() != null;
  }

  @Override
  public Attempt send(Digest d) throws InterruptedException {
    byte[] message =
        MailMessage.build(
            from,
            d.person().email(),
            d.notification().subject,
            d.text(),
            ZonedDateTime.ofInstant(clock.instant(), zone),
            d.notification().notificationId);
    try {
      return Attempt.delivered(client.send(from, d.person().email(), message));
    } catch (SmtpClient.SmtpException e) {
      String detail = "SMTP " + e.getMessage();
      return e.isTransient()
          ? Attempt.retry(e.code(), detail)
          : Attempt.permanent(e.code(), detail);
    } catch (SocketTimeoutException e) {
      return Attempt.retry(0, "no answer in time");
    } catch (IOException e) {
      // the exception's text may quote the server; only its kind is kept
      return Attempt.retry(0, "no answer: " + e.getClass().getSimpleName());
    }
  }
}
