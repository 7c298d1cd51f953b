package vn.ioc.notifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.dispatch.Notification;
import vn.ioc.reference.Directory;

/**
 * Hands a digest to the province's message gateway (SMS, Zalo, …) as a signed JSON POST.
 *
 * <p>Headers: {@code Content-Type: application/json; charset=utf-8}, {@code Idempotency-Key:
 * <notificationId>} and {@code X-IOC-Signature: sha256=<lowercase hex HMAC-SHA256 of the exact body
 * bytes, keyed with the webhook secret>}. The body is a function of the notification, the person
 * and the settings only, so every retry and every redelivery sends the same bytes under the same
 * key, as idempotency keys require. No timestamp is signed for that reason: a replayed request is a
 * duplicate the gateway drops by its key, not a new message.
 *
 * <p>The gateway is the one place contact details leave the notifier: the body carries the person's
 * e-mail and phone. The URL may hold a credential and is never logged.
 */
final class WebhookChannel implements Channel {
  static final String NAME = "webhook";
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final URI url;
  private final byte[] secret;
  private final ZoneId zone;
  private final HttpClient http;

  WebhookChannel(URI url, byte[] secret, ZoneId zone) {
    this.url = url;
    this.secret = secret.clone();
    this.zone = zone;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Listed {@code webhook} and has a phone or an e-mail address for the gateway to use. */
  @Override
  public boolean reaches(Directory.Person p) {
    return p.channels().contains(NAME) && (p.phone() != null || p.email() != null);
  }

  @Override
  public Attempt send(Digest d) throws InterruptedException {
    byte[] body = body(d, zone);
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(url)
              .timeout(REQUEST_TIMEOUT)
              .header("Content-Type", "application/json; charset=utf-8")
              .header("Idempotency-Key", d.notification().notificationId)
              .header("X-IOC-Signature", signature(secret, body))
              .header("User-Agent", "ioc-notifier")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
    } catch (IllegalArgumentException e) {
      // a notification id that cannot be a header value: no retry will change it
      return Attempt.permanent(0, "notification id not usable as Idempotency-Key");
    }
    int status;
    String retryAfter;
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      status = response.statusCode();
      retryAfter = response.headers().firstValue("Retry-After").orElse(null);
    } catch (HttpTimeoutException e) {
      return Attempt.retry(0, "no answer in time");
    } catch (IOException e) {
      return Attempt.retry(0, "no answer: " + e.getClass().getSimpleName());
    }
    if (status >= 200 && status < 300) return Attempt.delivered(status);
    if (status == 408 || status == 429 || status >= 500)
      return Attempt.retry(
          status, "HTTP " + status, retryAfterMillis(retryAfter, System.currentTimeMillis()));
    return Attempt.permanent(status, "HTTP " + status);
  }

  /**
   * A {@code Retry-After} value in milliseconds from {@code now}: delta-seconds or an HTTP date (a
   * date past is 0); -1 when absent or not readable.
   */
  static long retryAfterMillis(String value, long now) {
    if (value == null || value.isBlank()) return -1;
    String v = value.strip();
    if (v.chars().allMatch(Character::isDigit))
      return v.length() > 9 ? Long.MAX_VALUE : Long.parseLong(v) * 1000;
    try {
      long at =
          java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant()
              .toEpochMilli();
      return Math.max(0, at - now);
    } catch (java.time.format.DateTimeParseException e) {
      return -1;
    }
  }

  /** {@code sha256=} and the lowercase hex HMAC-SHA256 of {@code body}. */
  static String signature(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The request body (see the class comment); UTF-8 JSON, fields in a fixed order. */
  static byte[] body(Digest d, ZoneId zone) {
    Notification n = d.notification();
    Directory.Person p = d.person();
    ObjectNode o = JSON.createObjectNode();
    o.put("notificationId", n.notificationId);
    o.put("at", Rfc3339.format(n.at, zone));
    ObjectNode r = o.putObject("recipient");
    r.put("id", p.id());
    r.put("name", p.name());
    r.put("title", p.title());
    r.put("email", p.email());
    r.put("phone", p.phone());
    o.put("subject", n.subject);
    o.put("text", d.text());
    if (n.heldBack > 0) o.put("heldBack", n.heldBack);
    o.put("sms", DigestText.sms(n));
    ArrayNode alerts = o.putArray("alerts");
    for (int i = 0; i < n.alerts.size(); i++) {
      Notification.Notice a = n.alerts.get(i);
      String ackUrl = d.ackUrls().get(i);
      ObjectNode j = alerts.addObject();
      j.put("alertId", a.alertId);
      j.put("rule", a.rule);
      j.put("unit", a.unit);
      j.put("unitName", a.unitName);
      j.put("state", a.state);
      j.put("reason", a.reason.code());
      j.put("level", a.level);
      if (Double.isNaN(a.value)) j.putNull("value");
      else j.put("value", a.value);
      if (Double.isNaN(a.threshold)) j.putNull("threshold");
      else j.put("threshold", a.threshold);
      j.put("since", Rfc3339.format(a.since, zone));
      j.put("escalationStep", a.escalationStep);
      j.put("ackable", a.ackable);
      j.put("message", DigestText.message(a, ackUrl, false));
      if (a.change != null) j.put("change", a.change);
      if (a.sms != null) j.put("sms", a.sms);
      if (ackUrl != null) j.put("ackUrl", ackUrl);
    }
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
