package vn.ioc.notifier;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import vn.ioc.config.IocConfig;

/**
 * How e-mail leaves the notifier: the relay, its transport security, the sender, the credentials,
 * whom to trust and how long to wait. Read from {@link IocConfig} and checked before anything
 * starts (the trust store is opened then, so a wrong path or password stops the start in one line);
 * {@link #toString()} names no secret.
 *
 * @param port the relay's port: {@code notifier.smtp-port}, else the security's usual one
 * @param from the sender's address (envelope and {@code From})
 * @param fromName the {@code From} display name: the one in {@code notifier.smtp-from}, else {@code
 *     alerting.sender}
 * @param user null: no authentication
 * @param trustStore null: the JVM's default certificate authorities
 */
public record Smtp(
    String host,
    int port,
    Security security,
    String from,
    String fromName,
    String user,
    String password,
    Path trustStore,
    String trustStorePassword,
    Duration connectTimeout,
    Duration readTimeout,
    Duration writeTimeout) {

  /** The transport security ({@code notifier.smtp-security}). */
  public enum Security {
    /** Plain text: only for a relay on this machine (tests, a local MTA). */
    NONE(25),
    /** A plain connection that must be upgraded to TLS (RFC 3207) before anything is sent. */
    STARTTLS(587),
    /** TLS from the first byte (implicit TLS, RFC 8314). */
    SMTPS(465);

    final int defaultPort;

    Security(int defaultPort) {
      this.defaultPort = defaultPort;
    }
  }

  /** The e-mail settings, or null when {@code notifier.smtp-host} is not set (e-mail is off). */
  static Smtp from(IocConfig c) {
    String host = blankToNull(c.get(IocConfig.NOTIFIER_SMTP_HOST));
    if (host == null) return null;
    Security security =
        Security.valueOf(c.get(IocConfig.NOTIFIER_SMTP_SECURITY).toUpperCase(Locale.ROOT));
    if (security == Security.NONE && !isLoopback(host))
      throw new IllegalArgumentException(
          "notifier.smtp-security=none sends mail and passwords in clear: it is only for a relay"
              + " on this machine (127.0.0.1, ::1 or localhost), not "
              + host
              + "; use starttls (the default) or smtps");
    Integer port = c.get(IocConfig.NOTIFIER_SMTP_PORT);
    String fromSetting = blankToNull(c.get(IocConfig.NOTIFIER_SMTP_FROM));
    if (fromSetting == null)
      throw new IllegalArgumentException(
          "notifier.smtp-host is set but notifier.smtp-from is not: the sender address");
    InternetAddress from;
    try {
      from = new InternetAddress(fromSetting, true);
    } catch (AddressException e) {
      from = null;
    }
    if (from == null || !MailMessage.isPlainAddress(from.getAddress()))
      throw new IllegalArgumentException(
          "notifier.smtp-from is not an address such as ioc@example.vn or"
              + " 'Trung tâm IOC <ioc@example.vn>'");
    String fromName = blankToNull(from.getPersonal());
    if (fromName == null) fromName = blankToNull(c.get(IocConfig.ALERT_SENDER));
    String user = blankToNull(c.get(IocConfig.NOTIFIER_SMTP_USER));
    String password = c.get(IocConfig.NOTIFIER_SMTP_PASSWORD);
    if (user != null && (password == null || password.isEmpty()))
      throw new IllegalArgumentException(
          "notifier.smtp-user is set but notifier.smtp-password is not (properties file or"
              + " IOC_NOTIFIER_SMTP_PASSWORD)");
    String store = blankToNull(c.get(IocConfig.NOTIFIER_SMTP_TRUST_STORE));
    String storePassword = c.get(IocConfig.NOTIFIER_SMTP_TRUST_STORE_PASSWORD);
    if (store == null && storePassword != null)
      throw new IllegalArgumentException(
          "notifier.smtp-trust-store-password is set but notifier.smtp-trust-store is not: the"
              + " trust store's path");
    if (store != null && security == Security.NONE)
      throw new IllegalArgumentException(
          "notifier.smtp-trust-store is set but notifier.smtp-security is none: there is no TLS"
              + " to trust it for");
    Smtp smtp =
        new Smtp(
            host,
            port != null ? port : security.defaultPort,
            security,
            from.getAddress(),
            fromName,
            user,
            user == null ? null : password,
            store == null ? null : Path.of(store),
            storePassword,
            positive(c, IocConfig.NOTIFIER_SMTP_CONNECT_TIMEOUT),
            positive(c, IocConfig.NOTIFIER_SMTP_READ_TIMEOUT),
            positive(c, IocConfig.NOTIFIER_SMTP_WRITE_TIMEOUT));
    if (smtp.port() < 1 || smtp.port() > 65535)
      throw new IllegalArgumentException("notifier.smtp-port is not a port: " + smtp.port());
    smtp.tls(); // a trust store that cannot be read stops the start here
    return smtp;
  }

  /**
   * The TLS sockets for the relay: trusting the certificates of {@link #trustStore()} only, or the
   * JVM's default authorities. Host-name checking is switched on where the sockets are made ({@code
   * mail.smtp.ssl.checkserveridentity}).
   */
  SSLSocketFactory tls() {
    if (trustStore == null) return (SSLSocketFactory) SSLSocketFactory.getDefault();
    String where = "notifier.smtp-trust-store " + trustStore;
    if (!Files.isRegularFile(trustStore))
      throw new IllegalArgumentException(where + " is not a file");
    KeyStore ks;
    try {
      ks =
          KeyStore.getInstance(
              trustStore.toFile(),
              trustStorePassword == null ? null : trustStorePassword.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          where
              + " cannot be read ("
              + e.getMessage()
              + "): a PKCS12 or JKS file, and its password in notifier.smtp-trust-store-password"
              + " or IOC_NOTIFIER_SMTP_TRUST_STORE_PASSWORD",
          e);
    }
    try {
      boolean any = false;
      for (String alias : Collections.list(ks.aliases())) any |= ks.isCertificateEntry(alias);
      if (!any)
        throw new IllegalArgumentException(
            where + " holds no trusted certificate (or its password was not given)");
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(where + " cannot be used: " + e.getMessage(), e);
    }
  }

  /**
   * The longest one attempt can take when the relay answers every step just before its timeout: the
   * connection, about a dozen replies (greeting, EHLO, STARTTLS and its handshake, EHLO again,
   * AUTH, MAIL, RCPT, DATA, the end of the message, QUIT) and the writes of the message. A relay
   * that is down costs one connect or one read timeout.
   */
  Duration attemptBound() {
    return connectTimeout.plus(readTimeout.multipliedBy(12)).plus(writeTimeout.multipliedBy(2));
  }

  /**
   * Loopback by its literal form only (no name lookup): {@code localhost}, {@code 127.x.x.x},
   * {@code ::1}.
   */
  static boolean isLoopback(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) return true;
    if (!h.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !h.matches("[0-9a-fA-F:]*:[0-9a-fA-F:.]*"))
      return false;
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static Duration positive(IocConfig c, IocConfig.Setting<Duration> s) {
    Duration d = c.get(s);
    if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE)
      throw new IllegalArgumentException(s.key() + " must be more than 0 (and less than 24 days)");
    return d;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  @Override
  public String toString() {
    return host
        + ":"
        + port
        + " "
        + security.name().toLowerCase(Locale.ROOT)
        + (user != null ? " AUTH" : "")
        + (trustStore != null ? " trusting " + trustStore : "")
        + ", timeouts "
        + connectTimeout
        + "/"
        + readTimeout
        + "/"
        + writeTimeout;
  }
}
