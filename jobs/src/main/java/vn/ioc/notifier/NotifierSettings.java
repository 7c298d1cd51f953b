package vn.ioc.notifier;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import vn.ioc.config.IocConfig;

/**
 * The notifier's settings, read from {@link IocConfig} and checked before anything starts: a
 * missing or short ack secret, a webhook without its secret, or e-mail settings that cannot work
 * ({@link Smtp#from}: no sender, plain text to another machine, a trust store that cannot be read)
 * are refused with a message saying what to set. {@link #toString()} masks the secrets.
 *
 * @param smtp the e-mail settings; null: e-mail is off
 */
public record NotifierSettings(
    String notificationsTopic,
    String acksTopic,
    String alertsTopic,
    String deadLetterTopic,
    String consumerGroup,
    URI webhookUrl,
    String webhookSecret,
    Smtp smtp,
    String ackSecret,
    String publicUrl,
    InetSocketAddress listen,
    Duration ackLinkTtl,
    int maxAttempts,
    Duration backoffInitial,
    Duration backoffMax,
    ZoneId zone,
    String province,
    Path referenceDir) {
  static final int MIN_ACK_SECRET_BYTES = 32;

  public static NotifierSettings from(IocConfig c) {
    String ackSecret = c.get(IocConfig.NOTIFIER_ACK_SECRET);
    if (ackSecret == null || ackSecret.isBlank())
      throw new IllegalArgumentException(
          "notifier.ack-secret is not set: put a random secret of at least "
              + MIN_ACK_SECRET_BYTES
              + " bytes in the properties file (--config FILE or IOC_CONFIG), e.g. from"
              + " 'openssl rand -base64 48'");
    if (ackSecret.getBytes(StandardCharsets.UTF_8).length < MIN_ACK_SECRET_BYTES)
      throw new IllegalArgumentException(
          "notifier.ack-secret is shorter than "
              + MIN_ACK_SECRET_BYTES
              + " bytes: a short secret lets anyone forge acknowledgement links");
    String url = blankToNull(c.get(IocConfig.NOTIFIER_WEBHOOK_URL));
    URI webhook = null;
    String webhookSecret = blankToNull(c.get(IocConfig.NOTIFIER_WEBHOOK_SECRET));
    if (url != null) {
      webhook = URI.create(url);
      if (!("http".equals(webhook.getScheme()) || "https".equals(webhook.getScheme()))
          || webhook.getHost() == null)
        throw new IllegalArgumentException("notifier.webhook-url is not an http(s) URL");
      if (webhookSecret == null)
        throw new IllegalArgumentException(
            "notifier.webhook-url is set but notifier.webhook-secret is not: the gateway could not"
                + " tell our requests from forged ones (set it in the properties file)");
    }
    Smtp smtp = Smtp.from(c);
    int attempts = c.get(IocConfig.NOTIFIER_MAX_ATTEMPTS);
    if (attempts < 1)
      throw new IllegalArgumentException("notifier.max-attempts must be at least 1");
    return new NotifierSettings(
        c.get(IocConfig.TOPIC_NOTIFICATIONS),
        c.get(IocConfig.TOPIC_ALERT_ACKS),
        c.get(IocConfig.TOPIC_ALERTS),
        c.get(IocConfig.TOPIC_DEADLETTER),
        c.get(IocConfig.CONSUMER_GROUP_PREFIX) + "-" + NotificationHandler.JOB,
        webhook,
        webhookSecret,
        smtp,
        ackSecret,
        stripSlash(c.get(IocConfig.NOTIFIER_PUBLIC_URL)),
        listen(c.get(IocConfig.NOTIFIER_LISTEN)),
        c.get(IocConfig.NOTIFIER_ACK_LINK_TTL),
        attempts,
        c.get(IocConfig.NOTIFIER_BACKOFF_INITIAL),
        c.get(IocConfig.NOTIFIER_BACKOFF_MAX),
        c.get(IocConfig.TIMEZONE),
        c.get(IocConfig.PROVINCE),
        Path.of(c.get(IocConfig.REFERENCE_DIR)));
  }

  /** The longest one message can take: every attempt timing out, every wait at its longest. */
  Duration worstCase(Duration requestTimeout) {
    Duration d = Duration.ZERO;
    Duration wait = backoffInitial;
    for (int i = 1; i < maxAttempts; i++) {
      d = d.plus(wait.compareTo(backoffMax) < 0 ? wait : backoffMax);
      wait = wait.multipliedBy(2);
    }
    return d.plus(requestTimeout.multipliedBy(maxAttempts)).multipliedBy(2); // two channels
  }

  private static InetSocketAddress listen(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0)
      throw new IllegalArgumentException("notifier.listen is not host:port: " + hostPort);
    return new InetSocketAddress(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  @Override
  public String toString() {
    return "NotifierSettings{topics "
        + notificationsTopic
        + " -> "
        + acksTopic
        + " (ack pages follow "
        + alertsTopic
        + "), dead letters "
        + deadLetterTopic
        + ", group "
        + consumerGroup
        + ", webhook "
        + (webhookUrl == null
            ? "off"
            : webhookUrl.getScheme()
                + "://"
                + webhookUrl.getHost()
                + (webhookUrl.getPort() < 0 ? "" : ":" + webhookUrl.getPort())
                + "/…")
        + ", e-mail "
        + (smtp == null ? "off" : smtp)
        + ", ack links "
        + publicUrl
        + " (listening on "
        + listen.getHostString()
        + ":"
        + listen.getPort()
        + ", valid "
        + ackLinkTtl
        + "), attempts "
        + maxAttempts
        + ", backoff "
        + backoffInitial
        + ".."
        + backoffMax
        + ", secrets ******}";
  }
}
