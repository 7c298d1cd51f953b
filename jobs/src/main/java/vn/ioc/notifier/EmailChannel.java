package vn.ioc.notifier;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import vn.ioc.reference.Directory;

/**
 * E-mails a digest through the configured relay with Jakarta Mail (Eclipse Angus Mail), one message
 * per connection. The transport security is {@link Smtp.Security}: STARTTLS is required when asked
 * for (a relay that does not offer it gets nothing), the relay's certificate is checked against the
 * trust store and must name the host, and every step has a timeout.
 *
 * <p>Outcomes, as {@link Delivery} retries them: a 4xx reply or no answer (refused connection,
 * closed connection, timeout) is tried again; a 5xx reply is final, and so are a certificate that
 * is not trusted or does not name the host and a relay without STARTTLS (settings to fix, which a
 * retry would not change). A detail names the command and the reply code with its enhanced status
 * ({@code SMTP RCPT TO refused: 550 5.1.1}), never the relay's text: mail servers echo addresses in
 * their replies, and the detail reaches dead letters, records and logs. The Date header is the
 * sending time (a clock the tests fix).
 */
final class EmailChannel implements Channel {
  static final String NAME = "email";

  /** The enhanced status code at the start of a reply ({@code 550 5.1.1 ...}). */
  private static final Pattern ENHANCED =
      Pattern.compile("^\\d{3}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})(?:\\s|$)");

  private final Smtp smtp;
  private final Session session;
  private final Clock clock;
  private final ZoneId zone;

  EmailChannel(Smtp smtp, Clock clock, ZoneId zone) {
    this.smtp = smtp;
    this.session = Session.getInstance(properties(smtp));
    this.clock = clock;
    this.zone = zone;
  }

  /** The Jakarta Mail session's properties (protocol {@code smtp}; SMTPS is its ssl.enable). */
  static Properties properties(Smtp s) {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", s.host());
    p.setProperty("mail.smtp.port", Integer.toString(s.port()));
    p.setProperty("mail.smtp.connectiontimeout", Long.toString(s.connectTimeout().toMillis()));
    p.setProperty("mail.smtp.timeout", Long.toString(s.readTimeout().toMillis()));
    p.setProperty("mail.smtp.writetimeout", Long.toString(s.writeTimeout().toMillis()));
    // a socket factory that fails must not be replaced by the JVM's default one
    p.setProperty("mail.smtp.socketFactory.fallback", "false");
    switch (s.security()) {
      case STARTTLS -> {
        p.setProperty("mail.smtp.starttls.enable", "true");
        p.setProperty("mail.smtp.starttls.required", "true");
      }
      case SMTPS -> p.setProperty("mail.smtp.ssl.enable", "true");
      case NONE -> p.setProperty("mail.smtp.starttls.enable", "false");
    }
    if (s.security() != Smtp.Security.NONE) {
      p.put("mail.smtp.ssl.socketFactory", s.tls());
      p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    }
    if (s.user() != null) {
      p.setProperty("mail.smtp.auth", "true");
      p.setProperty("mail.smtp.auth.mechanisms", "PLAIN LOGIN");
      // AUTH PLAIN with an empty authorization id ("\0user\0password"): act as the user itself
      p.setProperty("mail.smtp.sasl.authorizationid", "");
    }
    return p;
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
    String to = d.person().email();
    if (!MailMessage.isPlainAddress(to))
      return Attempt.permanent(0, "the recipient address is not a plain address");
    MimeMessage message;
    try {
      message =
          MailMessage.build(
              session,
              smtp.from(),
              smtp.fromName(),
              to,
              d.person().name(),
              d.notification().subject,
              d.text(),
              ZonedDateTime.ofInstant(clock.instant(), zone),
              d.notification().notificationId);
    } catch (MessagingException e) {
      return Attempt.permanent(0, "the message cannot be written: " + e.getClass().getSimpleName());
    }
    SMTPTransport transport = null;
    try {
      transport = (SMTPTransport) session.getTransport("smtp");
      transport.connect(smtp.host(), smtp.port(), smtp.user(), smtp.password());
      transport.sendMessage(message, message.getAllRecipients());
      return Attempt.delivered(transport.getLastReturnCode());
    } catch (MessagingException e) {
      return outcome(
          e,
          transport == null ? -1 : transport.getLastReturnCode(),
          transport == null ? null : transport.getLastServerResponse());
    } finally {
      if (transport != null) {
        try {
          transport.close();
        } catch (MessagingException e) {
          // the message is accepted (or already failed); a relay that hangs up without a 221
          // changes nothing
        }
      }
    }
  }

  /**
   * What a failure comes to. {@code lastCode}, {@code lastReply}: the relay's last reply (-1 and
   * null when there was none).
   */
  static Attempt outcome(MessagingException e, int lastCode, String lastReply) {
    List<Throwable> chain = chain(e);
    for (Throwable t : chain) {
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException)
        return Attempt.permanent(
            0,
            "TLS: the relay's certificate is not trusted (notifier.smtp-trust-store holds the"
                + " certificates to trust)");
    }
    for (Throwable t : chain) {
      if (t instanceof CertificateException) {
        String m = String.valueOf(t.getMessage());
        return Attempt.permanent(
            0,
            m.startsWith("No ")
                ? "TLS: the relay's certificate does not name notifier.smtp-host"
                : "TLS: the relay's certificate is refused");
      }
    }
    if (String.valueOf(e.getMessage()).startsWith("STARTTLS is required"))
      return Attempt.permanent(
          0, "the relay does not offer STARTTLS, which notifier.smtp-security=starttls requires");
    for (Throwable t : chain) {
      if (t instanceof SMTPAddressFailedException a)
        return refused("RCPT TO", a.getReturnCode(), a.getMessage());
      if (t instanceof SMTPSenderFailedException s)
        return refused("MAIL FROM", s.getReturnCode(), s.getMessage());
      if (t instanceof SMTPSendFailedException s)
        return refused(command(s.getCommand()), s.getReturnCode(), s.getMessage());
    }
    if (e instanceof AuthenticationFailedException && lastCode >= 400 && lastCode < 600)
      return refused("AUTH", lastCode, lastReply);
    if (String.valueOf(e.getMessage()).startsWith("Got bad greeting"))
      return refused("greeting", lastCode, lastReply);
    for (Throwable t : chain) {
      if (t instanceof SocketTimeoutException) return Attempt.retry(0, "no answer in time");
    }
    for (Throwable t : chain) {
      // the exception's text may quote the relay; only its kind is kept
      if (t instanceof java.io.IOException)
        return Attempt.retry(0, "no answer: " + t.getClass().getSimpleName());
    }
    if (lastCode >= 400 && lastCode < 600) return refused("command", lastCode, lastReply);
    if ("[EOF]".equals(lastReply))
      return Attempt.retry(0, "no answer: the relay closed the connection");
    if (e instanceof AuthenticationFailedException)
      return Attempt.permanent(0, "SMTP AUTH: the relay offers neither PLAIN nor LOGIN");
    return Attempt.retry(0, "SMTP failed: " + e.getClass().getSimpleName());
  }

  /**
   * A reply that is not the one expected: 4xx is tried again, any other code is final; no reply
   * (-1: the relay closed the connection) is tried again.
   */
  private static Attempt refused(String command, int code, String reply) {
    if (code < 0) return Attempt.retry(0, "no answer: the relay closed the connection");
    String enhanced = null;
    if (reply != null) {
      Matcher m = ENHANCED.matcher(reply);
      if (m.find()) enhanced = m.group(1);
    }
    String detail =
        "SMTP " + command + " refused: " + code + (enhanced == null ? "" : " " + enhanced);
    return code >= 400 && code < 500
        ? Attempt.retry(code, detail)
        : Attempt.permanent(code, detail);
  }

  /** The command's name, without its argument (an address). */
  private static String command(String sent) {
    if (sent == null) return "command";
    if (sent.startsWith("MAIL")) return "MAIL FROM";
    if (sent.startsWith("RCPT")) return "RCPT TO";
    if (sent.equals(".")) return "message";
    String verb = sent.split(" ", 2)[0];
    return verb.matches("[A-Za-z]{1,10}") ? verb.toUpperCase(java.util.Locale.ROOT) : "command";
  }

  /** The exception, its causes and the exceptions it chains ({@code getNextException}). */
  private static List<Throwable> chain(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    List<Throwable> todo = new ArrayList<>(List.of(e));
    while (!todo.isEmpty() && out.size() < 32) {
      Throwable t = todo.remove(0);
      if (t == null || out.contains(t)) continue;
      out.add(t);
      todo.add(t.getCause());
      if (t instanceof MessagingException m) todo.add(m.getNextException());
    }
    return out;
  }
}
