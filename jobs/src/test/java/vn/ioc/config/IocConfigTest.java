package vn.ioc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IocConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsThenFileThenEnvironmentThenFlags() throws Exception {
    Path file = dir.resolve("ioc.properties");
    Files.writeString(
        file, "influx.db=from_file\ntimezone=Asia/Bangkok\nprovince=42\n", StandardCharsets.UTF_8);
    IocConfig c =
        IocConfig.load(
            Map.of("IOC_CONFIG", file.toString(), "IOC_INFLUX_DB", "from_env"),
            Map.of("province", "38"));
    assertEquals("from_env", c.get(IocConfig.INFLUX_DB), "the environment beats the file");
    assertEquals(
        ZoneId.of("Asia/Bangkok"), c.get(IocConfig.TIMEZONE), "the file beats the default");
    assertEquals("38", c.get(IocConfig.PROVINCE), "a flag beats the file");
    assertEquals("127.0.0.1:9092", c.get(IocConfig.KAFKA_BOOTSTRAP), "the default");
    assertEquals(Duration.ofDays(3), c.get(IocConfig.ACCEPTANCE_HORIZON));
  }

  @Test
  void secretsAreRefusedAsFlagsAndMaskedWhenPrinted() throws Exception {
    assertThrows(
        IllegalArgumentException.class,
        () -> IocConfig.load(Map.of(), Map.of("influx.password", "s3cret")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            IocConfig.load(
                Map.of(), Map.of("kafka.client.sasl.jaas.config", "x required password=\"p\";")));
    IocConfig c =
        IocConfig.load(
            Map.of(
                "IOC_INFLUX_PASSWORD",
                "s3cret",
                "IOC_KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"p4ss\";"),
            Map.of());
    assertEquals("s3cret", c.get(IocConfig.INFLUX_PASSWORD));
    String printed = c.toString();
    assertFalse(printed.contains("s3cret"), printed);
    assertFalse(printed.contains("p4ss"), printed);
    assertTrue(printed.contains("influx.password=******"), printed);
  }

  @Test
  void theNotifiersSecretsComeFromTheEnvironmentAndAreMasked() throws Exception {
    IocConfig c =
        IocConfig.load(
            Map.of(
                "IOC_NOTIFIER_ACK_SECRET", "ack-secret-of-at-least-thirty-two-bytes",
                "IOC_NOTIFIER_WEBHOOK_URL", "https://gw.example/hook?token=t0k3n",
                "IOC_NOTIFIER_WEBHOOK_SECRET", "w3bh00k",
                "IOC_NOTIFIER_SMTP_PASSWORD", "m41l"),
            Map.of());
    assertEquals("https://gw.example/hook?token=t0k3n", c.get(IocConfig.NOTIFIER_WEBHOOK_URL));
    assertEquals("ack-secret-of-at-least-thirty-two-bytes", c.get(IocConfig.NOTIFIER_ACK_SECRET));
    assertEquals("w3bh00k", c.get(IocConfig.NOTIFIER_WEBHOOK_SECRET));
    assertEquals("m41l", c.get(IocConfig.NOTIFIER_SMTP_PASSWORD));
    String printed = c.toString();
    for (String secret : new String[] {"t0k3n", "thirty-two", "w3bh00k", "m41l"})
      assertFalse(printed.contains(secret), printed);
    assertThrows(
        IllegalArgumentException.class,
        () -> IocConfig.load(Map.of(), Map.of("notifier.webhook-url", "https://gw.example/h")));
  }

  @Test
  void kafkaSecurityComesFromTheEnvironmentButNotTheLaunchersPorts() throws Exception {
    IocConfig c =
        IocConfig.load(
            Map.of(
                "IOC_KAFKA_SECURITY_PROTOCOL",
                "SASL_SSL",
                "IOC_KAFKA_SASL_MECHANISM",
                "SCRAM-SHA-512",
                "IOC_KAFKA_PORT",
                "19092",
                "IOC_KAFKA_BOOTSTRAP",
                "broker:9093"),
            Map.of());
    Properties p = c.kafkaClientProperties();
    assertEquals("SASL_SSL", p.getProperty("security.protocol"));
    assertEquals("SCRAM-SHA-512", p.getProperty("sasl.mechanism"));
    assertEquals("broker:9093", p.getProperty("bootstrap.servers"));
    assertNull(p.getProperty("port"));
    assertEquals(
        List.of("bootstrap.servers", "sasl.mechanism", "security.protocol"),
        p.stringPropertyNames().stream().sorted().toList());
  }

  @Test
  void durationsInShortOrIsoForm() {
    assertEquals(Duration.ofMillis(500), IocConfig.parseDuration("500ms"));
    assertEquals(Duration.ofSeconds(10), IocConfig.parseDuration("10s"));
    assertEquals(Duration.ofMinutes(5), IocConfig.parseDuration("5m"));
    assertEquals(Duration.ofDays(3), IocConfig.parseDuration("3d"));
    assertEquals(Duration.ofHours(2), IocConfig.parseDuration("PT2H"));
    assertThrows(IllegalArgumentException.class, () -> IocConfig.parseDuration("3w"));
  }

  static String refusal(Map<String, String> env, Map<String, String> flags) {
    return assertThrows(IllegalArgumentException.class, () -> IocConfig.load(env, flags))
        .getMessage();
  }

  /** Each mistake in a setting is one line naming the key and what it takes. */
  @Test
  void aWrongKeyOrValueIsRefusedWithWhatToWrite() throws Exception {
    assertEquals(
        "unknown setting --influx-url: did you mean --influx.url? (the settings are listed in"
            + " docs/configuration.md)",
        refusal(Map.of(), Map.of("influx-url", "http://x:8086")));
    assertEquals(
        "setting parallelism = 'two' is not valid: a whole number, such as 2",
        refusal(Map.of(), Map.of("parallelism", "two")));
    assertEquals(
        "setting early-write-interval = '10' is not valid: a duration such as 500ms, 30s, 5m, 2h,"
            + " 3d or PT10S",
        refusal(Map.of(), Map.of("early-write-interval", "10")));
    assertEquals(
        "setting until = 'hôm qua' is not valid: an RFC 3339 date-time with offset, such as"
            + " 2024-10-15T12:00:00+07:00",
        refusal(Map.of(), Map.of("until", "hôm qua")));
    assertEquals(
        "setting rest-port = 'http' is not valid: a port (0: any free one) or a range such as"
            + " 8081-8181",
        refusal(Map.of(), Map.of("rest-port", "http")));
    Path file = dir.resolve("wrong.properties");
    Files.writeString(file, "influx.database=ioc\n", StandardCharsets.UTF_8);
    assertEquals(
        "unknown setting influx.database (in "
            + file
            + "): did you mean influx.db (in "
            + file
            + ")? (the settings are listed in docs/configuration.md)",
        refusal(Map.of("IOC_CONFIG", file.toString()), Map.of()));
    assertEquals(
        "no such configuration file: /nowhere/ioc.properties",
        refusal(Map.of(), Map.of("config", "/nowhere/ioc.properties")));
    // Kafka client properties pass through
    assertEquals(
        "SASL_SSL",
        IocConfig.load(Map.of(), Map.of("kafka.client.security.protocol", "SASL_SSL"))
            .kafkaClientProperties()
            .getProperty("security.protocol"));
  }

  /** docs/configuration.md lists every setting there is. */
  @Test
  void everySettingIsDocumented() throws Exception {
    String doc =
        Files.readString(
            vn.ioc.tools.ProjectFiles.root().resolve("docs/configuration.md"),
            StandardCharsets.UTF_8);
    List<String> missing = new java.util.ArrayList<>();
    for (String key : IocConfig.SETTINGS.keySet()) {
      boolean listed =
          doc.contains("`" + key + "`")
              || (key.startsWith("notifier.") && doc.contains("`notifier.*`"))
              || (key.matches("progress\\.cadence\\.(model|task)")
                  && doc.contains("(`.model`, `.task`)"));
      if (!listed) missing.add(key);
    }
    assertEquals(List.of(), missing, "settings missing from docs/configuration.md");
  }
}
