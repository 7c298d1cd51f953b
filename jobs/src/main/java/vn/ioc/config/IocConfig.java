package vn.ioc.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The engine's configuration: typed settings with defaults, read from (lowest to highest
 * precedence) built-in defaults, a properties file, {@code IOC_*} environment variables and {@code
 * --key=value} flags.
 *
 * <p>Secrets (InfluxDB password, Kafka SASL/TLS secrets) are accepted from the file and the
 * environment only, never from flags (flags show in {@code ps}); {@link #toString()} masks them.
 * The configuration travels to the operators inside their serialized closures, never through
 * Flink's global job parameters, so it does not show in the job's configuration dump.
 */
public final class IocConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * A typed setting with its key, default and the format its values take (said to a person who
   * gives a wrong one).
   */
  public record Setting<T>(
      String key,
      String defaultValue,
      java.util.function.Function<String, T> parse,
      String format) {
    public Setting(String key, String defaultValue, java.util.function.Function<String, T> parse) {
      this(key, defaultValue, parse, null);
    }

    public T get(IocConfig c) {
      String v = c.values.getOrDefault(key, defaultValue);
      return v == null ? null : parse(v);
    }

    /** Parses {@code v}, or says in one line what this key takes. */
    T parse(String v) {
      try {
        return parse.apply(v);
      } catch (RuntimeException e) {
        String why = format != null ? format : e.getMessage();
        throw new IllegalArgumentException(
            "setting " + key + " = '" + v + "' is not valid: " + why, e);
      }
    }
  }

  public static final Setting<String> KAFKA_BOOTSTRAP = string("kafka.bootstrap", "127.0.0.1:9092");
  public static final Setting<String> INFLUX_URL = string("influx.url", "http://127.0.0.1:8086");
  public static final Setting<String> INFLUX_DB = string("influx.db", "ioc");
  public static final Setting<String> INFLUX_USER = string("influx.user", null);
  public static final Setting<String> INFLUX_PASSWORD = string("influx.password", null);
  public static final Setting<String> INFLUX_RETENTION_POLICY =
      string("influx.retention-policy", null);
  public static final Setting<Integer> INFLUX_BATCH_POINTS = integer("influx.batch-points", "5000");
  public static final Setting<ZoneId> TIMEZONE =
      new Setting<>(
          "timezone", "Asia/Ho_Chi_Minh", ZoneId::of, "a time zone such as Asia/Ho_Chi_Minh");
  public static final Setting<String> PROVINCE = string("province", "40");
  public static final Setting<Duration> ACCEPTANCE_HORIZON = duration("acceptance-horizon", "P3D");
  public static final Setting<Duration> OUT_OF_ORDERNESS = duration("out-of-orderness", "PT1M");

  /** How far a record's event time may lie after its arrival (a sender's clock a little ahead). */
  public static final Setting<Duration> FUTURE_TOLERANCE = duration("future-tolerance", "PT15M");

  /** The earliest local date an event time may fall on. */
  public static final Setting<java.time.LocalDate> EARLIEST =
      new Setting<>(
          "earliest", "2000-01-01", java.time.LocalDate::parse, "a date such as 2000-01-01");

  public static final Setting<Duration> IDLE_TIMEOUT = duration("idle-timeout", "PT30S");
  public static final Setting<Duration> EARLY_WRITE_INTERVAL =
      duration("early-write-interval", "PT10S");
  public static final Setting<Duration> CHECKPOINT_INTERVAL =
      duration("checkpoint-interval", "PT10S");
  public static final Setting<Integer> PARALLELISM = integer("parallelism", "2");
  public static final Setting<Integer> MAX_SERIES_PER_SCOPE =
      integer("max-series-per-scope", "6000");
  public static final Setting<String> TOPIC_SUBMISSIONS =
      string("topic.submissions", "ioc.submissions");
  public static final Setting<String> TOPIC_DEADLETTER =
      string("topic.deadletter", "ioc.deadletter");
  public static final Setting<String> TOPIC_INDICATORS =
      string("topic.indicators", "ioc.indicators");
  public static final Setting<String> TOPIC_PROGRESS = string("topic.progress", "ioc.progress");
  public static final Setting<String> TOPIC_CLOCK = string("topic.clock", "ioc.clock");

  /** How the engine's "now" is known: {@code wall} (production) or {@code ticks} (simulated). */
  public static final Setting<vn.ioc.config.ClockKind> CLOCK =
      new Setting<>("clock", "wall", vn.ioc.config.ClockKind::parse);

  public static final Setting<String> TOPIC_ALERTS = string("topic.alerts", "ioc.alerts");
  public static final Setting<String> TOPIC_ALERT_RULES =
      string("topic.alert-rules", "ioc.alert-rules");

  // alerting: delivery
  public static final Setting<String> TOPIC_ALERT_SILENCES =
      string("topic.alert-silences", "ioc.alert-silences");

  /** How long a recipient's first notice waits for others to join its digest (engine time). */
  public static final Setting<Duration> GROUP_WAIT = duration("alerting.group-wait", "PT1M");

  /** The least time between two digests to one recipient. */
  public static final Setting<Duration> GROUP_INTERVAL =
      duration("alerting.group-interval", "PT5M");

  /** Who the digests are from, in their subject. */
  public static final Setting<String> ALERT_SENDER = string("alerting.sender", "IOC Nghệ An");

  /**
   * How far (engine time) a notice may be behind the engine's "now" and still be sent; older ones
   * wait for the one digest at the live edge (live runs).
   */
  public static final Setting<Duration> CATCH_UP_LAG = duration("alerting.catch-up-lag", "PT15M");

  /**
   * Who receives the weekly programme report (a person id of people.csv), every Monday 07:30 local
   * time; empty: no report.
   */
  public static final Setting<String> WEEKLY_REPORT_TO =
      new Setting<>("alerting.weekly-report-to", "ubnd.chu-tich", String::strip);

  // ---- notifier (deploy/ioc run notifier: vn.ioc.notifier) ----
  public static final Setting<String> TOPIC_NOTIFICATIONS =
      string("topic.notifications", "ioc.notifications");
  public static final Setting<String> TOPIC_ALERT_ACKS =
      string("topic.alert-acks", "ioc.alert-acks");

  /** Where digests are POSTed; none: the webhook channel is off. */
  public static final Setting<String> NOTIFIER_WEBHOOK_URL = string("notifier.webhook-url", null);

  /** Signs each webhook body (X-IOC-Signature); required when the webhook is on. */
  public static final Setting<String> NOTIFIER_WEBHOOK_SECRET =
      string("notifier.webhook-secret", null);

  /** The mail relay; none: the e-mail channel is off. */
  public static final Setting<String> NOTIFIER_SMTP_HOST = string("notifier.smtp-host", null);

  /**
   * How the relay is reached: {@code starttls} (plain connection upgraded to TLS, which the relay
   * must offer), {@code smtps} (TLS from the first byte) or {@code none} (only for a relay on this
   * machine).
   */
  public static final Setting<String> NOTIFIER_SMTP_SECURITY =
      new Setting<>(
          "notifier.smtp-security",
          "starttls",
          IocConfig::smtpSecurity,
          "starttls, smtps or none (none only for a relay on 127.0.0.1, ::1 or localhost)");

  /** The relay's port; none: 587 for starttls, 465 for smtps, 25 for none. */
  public static final Setting<Integer> NOTIFIER_SMTP_PORT = integer("notifier.smtp-port", null);

  /** {@code ioc@example.vn} or {@code Trung tâm IOC <ioc@example.vn>} (the display name). */
  public static final Setting<String> NOTIFIER_SMTP_FROM = string("notifier.smtp-from", null);

  public static final Setting<String> NOTIFIER_SMTP_USER = string("notifier.smtp-user", null);
  public static final Setting<String> NOTIFIER_SMTP_PASSWORD =
      string("notifier.smtp-password", null);

  /**
   * A trust store (PKCS12 or JKS) whose certificates alone are trusted for the relay; none: the
   * JVM's default certificate authorities.
   */
  public static final Setting<String> NOTIFIER_SMTP_TRUST_STORE =
      string("notifier.smtp-trust-store", null);

  public static final Setting<String> NOTIFIER_SMTP_TRUST_STORE_PASSWORD =
      string("notifier.smtp-trust-store-password", null);

  /** How long connecting to the relay may take. */
  public static final Setting<Duration> NOTIFIER_SMTP_CONNECT_TIMEOUT =
      duration("notifier.smtp-connect-timeout", "PT10S");

  /** How long the relay may take to answer any one command (its greeting, TLS, each reply). */
  public static final Setting<Duration> NOTIFIER_SMTP_READ_TIMEOUT =
      duration("notifier.smtp-read-timeout", "PT30S");

  /** How long one write to the relay may block (a relay that stops reading the message). */
  public static final Setting<Duration> NOTIFIER_SMTP_WRITE_TIMEOUT =
      duration("notifier.smtp-write-timeout", "PT30S");

  /** Signs acknowledgement links; at least 32 bytes. */
  public static final Setting<String> NOTIFIER_ACK_SECRET = string("notifier.ack-secret", null);

  /** The address people's browsers reach the ack server at (links point there). */
  public static final Setting<String> NOTIFIER_PUBLIC_URL =
      string("notifier.public-url", "http://127.0.0.1:8090");

  /** host:port the ack server listens on. */
  public static final Setting<String> NOTIFIER_LISTEN = string("notifier.listen", "127.0.0.1:8090");

  public static final Setting<Duration> NOTIFIER_ACK_LINK_TTL =
      duration("notifier.ack-link-ttl", "P7D");
  public static final Setting<Integer> NOTIFIER_MAX_ATTEMPTS =
      integer("notifier.max-attempts", "8");
  public static final Setting<Duration> NOTIFIER_BACKOFF_INITIAL =
      duration("notifier.backoff-initial", "PT1S");
  public static final Setting<Duration> NOTIFIER_BACKOFF_MAX =
      duration("notifier.backoff-max", "PT5M");

  private static String smtpSecurity(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    if (!v.equals("starttls") && !v.equals("smtps") && !v.equals("none"))
      throw new IllegalArgumentException(s);
    return v;
  }

  // ---- end notifier ----

  /** Reports more than this behind the engine's clock are refused ({@code late}). */
  public static final Setting<Duration> PROGRESS_HORIZON =
      duration("progress.acceptance-horizon", "P7D");

  /**
   * Days without a report before an item is stale; per kind with {@code .model} / {@code .task}.
   */
  public static final Setting<Duration> PROGRESS_CADENCE = duration("progress.cadence", "P7D");

  public static final Setting<Duration> PROGRESS_CADENCE_MODEL =
      duration("progress.cadence.model", null);
  public static final Setting<Duration> PROGRESS_CADENCE_TASK =
      duration("progress.cadence.task", null);

  /** A summary is written at most once per this much event time (and at every local midnight). */
  public static final Setting<Duration> SUMMARY_INTERVAL =
      duration("progress.summary-interval", "PT5M");

  /** Where the engine's clock stops (RFC 3339 with offset); none: the latest event time seen. */
  public static final Setting<Long> UNTIL =
      new Setting<>(
          "until",
          null,
          IocConfig::parseInstant,
          "an RFC 3339 date-time with offset, such as 2024-10-15T12:00:00+07:00");

  // ---- where a run finds its files, and how its embedded Flink runs ----

  /** Where live runs keep their checkpoints, savepoints and job ids. */
  public static final Setting<String> STATE_DIR = string("state-dir", ".runtime/flink");

  /** The embedded Flink's REST port (web UI), or a range of them: the first free one is taken. */
  public static final Setting<String> REST_PORT =
      new Setting<>(
          "rest-port",
          "8081-8181",
          IocConfig::portRange,
          "a port (0: any free one) or a range such as 8081-8181");

  public static final Setting<Integer> RESTART_ATTEMPTS =
      integer("restart-attempts", String.valueOf(Integer.MAX_VALUE));
  public static final Setting<String> RULES_DIR = string("rules-dir", "deploy/rules");
  public static final Setting<String> REFERENCE_DIR =
      string("reference-dir", "deploy/reference/nghe-an");
  public static final Setting<String> CALENDAR_DIR = string("calendar-dir", "deploy/calendar");

  public static final Setting<String> CONSUMER_GROUP_PREFIX = string("kafka.group-prefix", "ioc");

  /**
   * Keys whose values are secrets: masked when printed, refused as flags. A webhook URL is one: a
   * gateway's URL often carries its token.
   */
  private static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("jaas")
        || k.contains("secret")
        || k.endsWith(".key")
        || k.equals("notifier.webhook-url");
  }

  private static final String KAFKA_CLIENT_PREFIX = "kafka.client.";

  private final Map<String, String> values;

  private IocConfig(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  public static IocConfig of(Map<String, String> values) {
    return new IocConfig(values);
  }

  /**
   * Loads the configuration: the properties file named by {@code --config=FILE} or {@code
   * IOC_CONFIG}, then the environment, then the flags. Returns the config and leaves non-flag
   * arguments to the caller.
   */
  public static IocConfig load(Map<String, String> env, Map<String, String> flags)
      throws IOException {
    Map<String, String> v = new TreeMap<>();
    String file = flags.getOrDefault("config", env.get("IOC_CONFIG"));
    if (file != null) {
      Properties p = new Properties();
      if (!Files.isRegularFile(Path.of(file)))
        throw new IllegalArgumentException("no such configuration file: " + file);
      try (InputStream in = Files.newInputStream(Path.of(file))) {
        p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
      }
      Map<String, String> fromFile = new TreeMap<>();
      p.stringPropertyNames().forEach(k -> fromFile.put(k, p.getProperty(k)));
      check(fromFile, "%s (in " + file + ")");
      v.putAll(fromFile);
    }
    Map<String, String> flagged = new TreeMap<>(flags);
    flagged.remove("config");
    check(flagged, "--%s");
    fromEnv(env, v);
    for (Map.Entry<String, String> f : flags.entrySet()) {
      if (f.getKey().equals("config")) continue;
      if (isSecret(f.getKey())) {
        throw new IllegalArgumentException(
            "--"
                + f.getKey()
                + " is a secret: give it in the properties file or the environment, not as a flag");
      }
      v.put(f.getKey(), f.getValue());
    }
    return new IocConfig(v);
  }

  /** Environment of the launcher's own services, not Kafka client properties. */
  private static final java.util.Set<String> LAUNCHER_ONLY =
      java.util.Set.of("IOC_KAFKA_PORT", "IOC_KAFKA_CONTROLLER_PORT", "IOC_KAFKA_HEAP");

  private static void fromEnv(Map<String, String> env, Map<String, String> v) {
    Map<String, String> named =
        Map.ofEntries(
            Map.entry("IOC_KAFKA_BOOTSTRAP", KAFKA_BOOTSTRAP.key()),
            Map.entry("IOC_INFLUX_URL", INFLUX_URL.key()),
            Map.entry("IOC_INFLUX_DB", INFLUX_DB.key()),
            Map.entry("IOC_INFLUX_USER", INFLUX_USER.key()),
            Map.entry("IOC_INFLUX_PASSWORD", INFLUX_PASSWORD.key()),
            Map.entry("IOC_TIMEZONE", TIMEZONE.key()),
            Map.entry("IOC_PROVINCE", PROVINCE.key()),
            Map.entry("IOC_NOTIFIER_ACK_SECRET", NOTIFIER_ACK_SECRET.key()),
            Map.entry("IOC_NOTIFIER_WEBHOOK_URL", NOTIFIER_WEBHOOK_URL.key()),
            Map.entry("IOC_NOTIFIER_WEBHOOK_SECRET", NOTIFIER_WEBHOOK_SECRET.key()),
            Map.entry("IOC_NOTIFIER_SMTP_PASSWORD", NOTIFIER_SMTP_PASSWORD.key()),
            Map.entry(
                "IOC_NOTIFIER_SMTP_TRUST_STORE_PASSWORD",
                NOTIFIER_SMTP_TRUST_STORE_PASSWORD.key()));
    for (Map.Entry<String, String> e : env.entrySet()) {
      String key = named.get(e.getKey());
      if (key != null) {
        v.put(key, e.getValue());
      } else if (e.getKey().startsWith("IOC_KAFKA_") && !LAUNCHER_ONLY.contains(e.getKey())) {
        // IOC_KAFKA_SECURITY_PROTOCOL -> kafka.client.security.protocol, and so on for SASL/TLS.
        String prop =
            e.getKey().substring("IOC_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
        v.put(KAFKA_CLIENT_PREFIX + prop, e.getValue());
      }
    }
  }

  public <T> T get(Setting<T> s) {
    return s.get(this);
  }

  public IocConfig with(String key, String value) {
    Map<String, String> v = new TreeMap<>(values);
    v.put(key, value);
    return new IocConfig(v);
  }

  /** Extra Kafka client properties (security and tuning): every {@code kafka.client.*} key. */
  public Properties kafkaClientProperties() {
    Properties p = new Properties();
    values.forEach(
        (k, val) -> {
          if (k.startsWith(KAFKA_CLIENT_PREFIX))
            p.setProperty(k.substring(KAFKA_CLIENT_PREFIX.length()), val);
        });
    p.setProperty("bootstrap.servers", get(KAFKA_BOOTSTRAP));
    return p;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("IocConfig{");
    values.forEach(
        (k, val) -> b.append(k).append('=').append(isSecret(k) ? "******" : val).append(", "));
    return b.append('}').toString();
  }

  private static Setting<String> string(String key, String def) {
    return new Setting<>(key, def, s -> s);
  }

  private static Setting<Integer> integer(String key, String def) {
    return new Setting<>(key, def, s -> Integer.valueOf(s.trim()), "a whole number, such as 2");
  }

  private static Setting<Duration> duration(String key, String def) {
    return new Setting<>(
        key, def, IocConfig::parseDuration, "a duration such as 500ms, 30s, 5m, 2h, 3d or PT10S");
  }

  private static String portRange(String s) {
    if (!s.trim().matches("\\d{1,5}(-\\d{1,5})?")) throw new IllegalArgumentException(s);
    return s.trim();
  }

  /** Every setting, by key. */
  public static final Map<String, Setting<?>> SETTINGS = settings();

  private static Map<String, Setting<?>> settings() {
    Map<String, Setting<?>> all = new TreeMap<>();
    for (java.lang.reflect.Field f : IocConfig.class.getDeclaredFields()) {
      if (f.getType() != Setting.class || !java.lang.reflect.Modifier.isStatic(f.getModifiers()))
        continue;
      try {
        Setting<?> st = (Setting<?>) f.get(null);
        all.put(st.key(), st);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return Collections.unmodifiableMap(all);
  }

  /** Settings an earlier version had, with what replaces them (said to whoever still sets one). */
  private static final Map<String, String> RETIRED =
      Map.of(
          "notifier.smtp-starttls",
          "notifier.smtp-security=starttls (the default), smtps or none (docs/alerting.md)");

  /** Whether {@code key} is a setting (or a Kafka client property, passed through). */
  public static boolean isKnown(String key) {
    return SETTINGS.containsKey(key) || key.startsWith(KAFKA_CLIENT_PREFIX) || key.equals("config");
  }

  /** The known key nearest to {@code key} (edit distance), to suggest. */
  static String nearest(String key) {
    return nearest(key, SETTINGS.keySet());
  }

  /** The word of {@code among} nearest to {@code key} (edit distance), to suggest. */
  public static String nearest(String key, java.util.Collection<String> among) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : among) {
      int d = distance(key.toLowerCase(Locale.ROOT), k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++)
        cur[j] =
            Math.min(
                Math.min(cur[j - 1] + 1, prev[j] + 1),
                prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * Refuses an unknown key (with the nearest known one) and a value its setting cannot read (naming
   * the key and the format): one line each, before anything runs.
   */
  private static void check(Map<String, String> values, String where) {
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey();
      if (RETIRED.containsKey(key))
        throw new IllegalArgumentException(
            "setting " + where.formatted(key) + " is gone: use " + RETIRED.get(key));
      if (!isKnown(key))
        throw new IllegalArgumentException(
            "unknown setting "
                + where.formatted(key)
                + ": did you mean "
                + where.formatted(nearest(key))
                + "? ("
                + "the settings are listed in docs/configuration.md)");
      Setting<?> st = SETTINGS.get(key);
      if (st != null && e.getValue() != null) st.parse(e.getValue());
    }
  }

  /** An RFC 3339 date-time with offset, in epoch milliseconds. */
  public static long parseInstant(String s) {
    try {
      return java.time.OffsetDateTime.parse(s.trim()).toInstant().toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "not an RFC 3339 date-time with offset (such as 2024-10-15T12:00:00+07:00): " + s);
    }
  }

  /**
   * ISO-8601 ({@code PT10S}) or short forms: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h},
   * {@code 3d}.
   */
  public static Duration parseDuration(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
    if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default ->
          throw new IllegalArgumentException(
              "not a duration (such as 500ms, 30s, 5m, 2h, 3d or PT10S): " + s);
    };
  }
}
