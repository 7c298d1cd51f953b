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
    assertEquals(null, s.smtp());
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

  static Map<String, String> mail() {
    Map<String, String> m = base();
    m.put("notifier.smtp-host", "mail.example.vn");
    m.put("notifier.smtp-from", "ioc@ioc.nghean.example");
    return m;
  }

  @Test
  void mailDefaultsToStartTlsOnPort587WithTheJvmsAuthoritiesAndTimeouts() {
    Smtp s = NotifierSettings.from(IocConfig.of(mail())).smtp();
    assertEquals(
        new Smtp(
            "mail.example.vn",
            587,
            Smtp.Security.STARTTLS,
            "ioc@ioc.nghean.example",
            "IOC Nghệ An",
            null,
            null,
            null,
            null,
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30)),
        s);
    assertEquals("mail.example.vn:587 starttls, timeouts PT10S/PT30S/PT30S", s.toString());
    Map<String, String> smtps = mail();
    smtps.put("notifier.smtp-security", "SMTPS");
    assertEquals(465, NotifierSettings.from(IocConfig.of(smtps)).smtp().port());
    smtps.put("notifier.smtp-port", "2465");
    assertEquals(2465, NotifierSettings.from(IocConfig.of(smtps)).smtp().port());
    Map<String, String> named = mail();
    named.put("notifier.smtp-from", "Trung tâm IOC tỉnh <ioc@ioc.nghean.example>");
    Smtp n = NotifierSettings.from(IocConfig.of(named)).smtp();
    assertEquals("ioc@ioc.nghean.example", n.from());
    assertEquals("Trung tâm IOC tỉnh", n.fromName());
  }

  @Test
  void plainTextMailIsOnlyForARelayOnThisMachine() {
    Map<String, String> m = mail();
    m.put("notifier.smtp-security", "none");
    assertEquals(
        "notifier.smtp-security=none sends mail and passwords in clear: it is only for a relay on"
            + " this machine (127.0.0.1, ::1 or localhost), not mail.example.vn; use starttls (the"
            + " default) or smtps",
        refusal(m));
    for (String local : new String[] {"127.0.0.1", "localhost", "::1", "[::1]"}) {
      m.put("notifier.smtp-host", local);
      Smtp s = NotifierSettings.from(IocConfig.of(m)).smtp();
      assertEquals(Smtp.Security.NONE, s.security());
      assertEquals(25, s.port());
    }
    for (String remote : new String[] {"10.0.0.1", "127.mail.example.vn", "::2", "localhost.vn"}) {
      m.put("notifier.smtp-host", remote);
      assertTrue(refusal(m).startsWith("notifier.smtp-security=none"), remote);
    }
  }

  @Test
  void aWrongSecurityAndTheRetiredStartTlsSwitchAreRefusedInOneLine() {
    assertEquals(
        "setting notifier.smtp-security = 'tls' is not valid: starttls, smtps or none (none only"
            + " for a relay on 127.0.0.1, ::1 or localhost)",
        assertThrows(
                IllegalArgumentException.class,
                () -> IocConfig.load(Map.of(), Map.of("notifier.smtp-security", "tls")))
            .getMessage());
    assertEquals(
        "setting --notifier.smtp-starttls is gone: use notifier.smtp-security=starttls (the"
            + " default), smtps or none (docs/alerting.md)",
        assertThrows(
                IllegalArgumentException.class,
                () -> IocConfig.load(Map.of(), Map.of("notifier.smtp-starttls", "true")))
            .getMessage());
    Map<String, String> from = mail();
    from.put("notifier.smtp-from", "ioc at example");
    assertTrue(refusal(from).startsWith("notifier.smtp-from is not an address"), refusal(from));
    Map<String, String> zero = mail();
    zero.put("notifier.smtp-read-timeout", "0s");
    assertEquals(
        "notifier.smtp-read-timeout must be more than 0 (and less than 24 days)", refusal(zero));
  }

  @Test
  void theTrustStoreIsOpenedBeforeAnythingStarts() throws Exception {
    Map<String, String> m = mail();
    m.put("notifier.smtp-trust-store-password", "x");
    assertEquals(
        "notifier.smtp-trust-store-password is set but notifier.smtp-trust-store is not: the trust"
            + " store's path",
        refusal(m));
    m.put("notifier.smtp-trust-store", "/nowhere/trust.p12");
    assertEquals("notifier.smtp-trust-store /nowhere/trust.p12 is not a file", refusal(m));
    m.put("notifier.smtp-trust-store", TestTls.trustStore().toString());
    assertEquals(
        "notifier.smtp-trust-store "
            + TestTls.trustStore()
            + " cannot be read (keystore password was incorrect): a PKCS12 or JKS file, and its"
            + " password in notifier.smtp-trust-store-password or"
            + " IOC_NOTIFIER_SMTP_TRUST_STORE_PASSWORD",
        refusal(m));
    // the password from the environment, as a secret
    IocConfig config =
        IocConfig.load(
            Map.of(
                "IOC_NOTIFIER_SMTP_TRUST_STORE_PASSWORD",
                TestTls.trustStorePassword(),
                "IOC_NOTIFIER_ACK_SECRET",
                ACK),
            Map.of(
                "notifier.smtp-host",
                "mail.example.vn",
                "notifier.smtp-from",
                "ioc@ioc.nghean.example",
                "notifier.smtp-trust-store",
                TestTls.trustStore().toString()));
    NotifierSettings s = NotifierSettings.from(config);
    assertEquals(TestTls.trustStore(), s.smtp().trustStore());
    assertFalse((config + " " + s).contains(TestTls.trustStorePassword()), config + " " + s);
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> IocConfig.load(Map.of(), Map.of("notifier.smtp-trust-store-password", "x")))
            .getMessage()
            .contains("is a secret"));
    Map<String, String> plain = mail();
    plain.put("notifier.smtp-host", "127.0.0.1");
    plain.put("notifier.smtp-security", "none");
    plain.put("notifier.smtp-trust-store", TestTls.trustStore().toString());
    assertEquals(
        "notifier.smtp-trust-store is set but notifier.smtp-security is none: there is no TLS to"
            + " trust it for",
        refusal(plain));
  }
}
