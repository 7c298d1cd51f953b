package vn.ioc.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.ioc.config.IocConfig;

class NotifierSettingsTest {
  static final String ACK = "an-ack-secret-that-is-32-bytes!!";

  static Map<String, String> base() {
    Map<String, String> m = new HashMap<>();
    m.put("notifier.ack-secret", ACK);
    return m;
  }

  static String refusal(Map<String, String> values) {
    return assertThrows(
            IllegalArgumentException.class, () -> NotifierSettings.from(IocConfig.of(values)))
        .getMessage();
  }

  @Test
  void defaults() {
    NotifierSettings s = NotifierSettings.from(IocConfig.of(base()));
    assertEquals("ioc.notifications", s.notificationsTopic());
    assertEquals("ioc.alert-acks", s.acksTopic());
    assertEquals("ioc.deadletter", s.deadLetterTopic());
    assertEquals("ioc-notifier", s.consumerGroup());
    assertEquals(null, s.webhookUrl());
    assertEquals(null, s.smtpHost());
    assertEquals(25, s.smtpPort());
    assertFalse(s.smtpStartTls());
    assertEquals("http://127.0.0.1:8090", s.publicUrl());
    assertEquals("127.0.0.1", s.listen().getHostString());
    assertEquals(8090, s.listen().getPort());
    assertEquals(Duration.ofDays(7), s.ackLinkTtl());
    assertEquals(8, s.maxAttempts());
    assertEquals(Duration.ofSeconds(1), s.backoffInitial());
    assertEquals(Duration.ofMinutes(5), s.backoffMax());
    assertEquals("deploy/reference/nghe-an", s.referenceDir().toString());
  }

  @Test
  void refusesAMissingOrShortAckSecret() {
    Map<String, String> none = base();
    none.remove("notifier.ack-secret");
    assertTrue(refusal(none).startsWith("notifier.ack-secret is not set"), refusal(none));
    Map<String, String> shortOne = base();
    shortOne.put("notifier.ack-secret", ACK.substring(1));
    assertTrue(
        refusal(shortOne).startsWith("notifier.ack-secret is shorter than 32 bytes"),
        refusal(shortOne));
  }

  @Test
  void refusesAWebhookWithoutSecretAndMailWithoutSender() {
    Map<String, String> hook = base();
    hook.put("notifier.webhook-url", "https://gateway.example.vn/ioc");
    assertTrue(
        refusal(hook).startsWith("notifier.webhook-url is set but notifier.webhook-secret is not"));
    Map<String, String> mail = base();
    mail.put("notifier.smtp-host", "mail.example.vn");
    assertTrue(refusal(mail).startsWith("notifier.smtp-host is set but notifier.smtp-from is not"));
  }

  @Test
  void secretsAreMaskedAndRefusedAsFlags() throws Exception {
    Map<String, String> all = base();
    all.put("notifier.webhook-url", "https://user:pw@gateway.example.vn/ioc?token=t0k");
    all.put("notifier.webhook-secret", "hook-secret-value");
    all.put("notifier.smtp-host", "mail.example.vn");
    all.put("notifier.smtp-from", "ioc@example.vn");
    all.put("notifier.smtp-user", "ioc");
    all.put("notifier.smtp-password", "smtp-password-value");
    IocConfig config = IocConfig.of(all);
    String printed = config + " " + NotifierSettings.from(config);
    for (String secret : new String[] {ACK, "hook-secret-value", "smtp-password-value"})
      assertFalse(printed.contains(secret), printed);
    // the URL may carry a credential: the notifier prints its host only
    String settings = NotifierSettings.from(config).toString();
    assertTrue(settings.contains("webhook https://gateway.example.vn/…,"), settings);
    assertFalse(settings.contains("t0k") || settings.contains("pw@"), settings);
    for (String key :
        new String[] {"notifier.ack-secret", "notifier.webhook-secret", "notifier.smtp-password"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> IocConfig.load(Map.of(), Map.of(key, "x")));
      assertTrue(e.getMessage().contains("is a secret"), e.getMessage());
    }
  }
}
