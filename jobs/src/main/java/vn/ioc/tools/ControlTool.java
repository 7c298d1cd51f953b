package vn.ioc.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.ioc.alerting.RuleFiles;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.cli.ToolArgs;
import vn.ioc.clock.ControlStamp;
import vn.ioc.clock.EngineNow;
import vn.ioc.clock.TickFollower;
import vn.ioc.config.IocConfig;
import vn.ioc.kafka.KafkaTopics;

/**
 * Control inputs of the alerting job published with the time they were made, in the engine's "now"
 * ({@link EngineNow}: the wall clock, or the newest tick on the clock topic with {@code
 * --clock=ticks}), so they take effect from then, live and in every recompute:
 *
 * <pre>
 * rules publish FILE|DIR        every rule of the files (checked first), to ioc.alert-rules
 * rules delete ID               the rule's deletion
 * silence add --match LABEL=VALUE... (--for DURATION | --until TIME) --by PERSON --comment TEXT
 *             [--starts TIME] [--id ID]
 * silence delete ID
 * </pre>
 *
 * Each message carries the header {@code created-at} ({@link ControlStamp}); a silence also its
 * {@code createdAt}.
 */
public final class ControlTool {
  private ControlTool() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long to wait for the clock topic's newest tick. */
  static final Duration TICK_WAIT = Duration.ofSeconds(20);

  static final String RULES_USAGE = "usage: rules publish FILE|DIR | rules delete ID";
  static final String SILENCE_USAGE =
      "usage: silence add --match LABEL=VALUE [--match ...] (--for 2h | --until TIME) --by PERSON"
          + " --comment TEXT [--starts TIME] [--id ID] | silence delete ID";

  /** {@code rules publish|delete}; exit code. */
  public static int rules(String[] args) throws Exception {
    ToolArgs a = ToolArgs.parse(args, Set.of(), Set.of());
    if (a.positional.size() != 2) throw new IllegalArgumentException(RULES_USAGE);
    IocConfig config = IocConfig.load(System.getenv(), a.configFlags());
    String topic = config.get(IocConfig.TOPIC_ALERT_RULES);
    switch (a.positional.get(0)) {
      case "publish" -> {
        Path source = Path.of(a.positional.get(1));
        if (!RulesTool.check(RuleFiles.ruleFiles(source), System.err)) return 1;
        Map<String, String> rules = RuleFiles.load(source);
        long now = now(config);
        send(config, topic, rules, now);
        System.out.println(
            "rules: "
                + rules.size()
                + " published to "
                + topic
                + ", in force from "
                + Rfc3339.format(now, zone(config))
                + ": "
                + String.join(", ", rules.keySet()));
      }
      case "delete" -> {
        long now = now(config);
        send(config, topic, java.util.Collections.singletonMap(a.positional.get(1), null), now);
        System.out.println(
            "rules: "
                + a.positional.get(1)
                + " deleted from "
                + Rfc3339.format(now, zone(config))
                + " on");
      }
      default -> throw new IllegalArgumentException(RULES_USAGE);
    }
    return 0;
  }

  /** {@code silence add|delete}; exit code. */
  public static int silence(String[] args) throws Exception {
    ToolArgs a =
        ToolArgs.parse(
            args, Set.of("match", "for", "until", "starts", "by", "comment", "id"), Set.of());
    if (a.positional.isEmpty()) throw new IllegalArgumentException(SILENCE_USAGE);
    IocConfig config = IocConfig.load(System.getenv(), a.configFlags());
    String topic = config.get(IocConfig.TOPIC_ALERT_SILENCES);
    ZoneId zone = zone(config);
    switch (a.positional.get(0)) {
      case "add" -> {
        long now = now(config);
        ObjectNode s = silenceAdded(a, args, now, zone);
        send(config, topic, Map.of(s.get("id").asText(), JSON.writeValueAsString(s)), now);
        System.out.println(
            "silence "
                + s.get("id").asText()
                + ": "
                + s.get("matchers")
                + " held from "
                + s.get("startsAt").asText()
                + " until "
                + s.get("endsAt").asText()
                + "; 'deploy/ioc silence delete "
                + s.get("id").asText()
                + "' ends it early");
      }
      case "delete" -> {
        if (a.positional.size() != 2) throw new IllegalArgumentException(SILENCE_USAGE);
        long now = now(config);
        send(config, topic, java.util.Collections.singletonMap(a.positional.get(1), null), now);
        System.out.println(
            "silence " + a.positional.get(1) + ": ended at " + Rfc3339.format(now, zone));
      }
      default -> throw new IllegalArgumentException(SILENCE_USAGE);
    }
    return 0;
  }

  /** The silence {@code silence add} publishes (made at {@code now}), as its JSON. */
  static ObjectNode silenceAdded(ToolArgs a, String[] args, long now, ZoneId zone) {
    if (a.positional.size() != 1) throw new IllegalArgumentException(SILENCE_USAGE);
    ObjectNode matchers = JSON.createObjectNode();
    for (int i = 0; i < args.length; i++) {
      String m = null;
      if (args[i].equals("--match") && i + 1 < args.length) m = args[++i];
      else if (args[i].startsWith("--match=")) m = args[i].substring(8);
      if (m == null) continue;
      int eq = m.indexOf('=');
      if (eq <= 0)
        throw new IllegalArgumentException(
            "--match is LABEL=VALUE (rule, unit, level or a tag; VALUE * for any), not " + m);
      matchers.put(m.substring(0, eq), m.substring(eq + 1));
    }
    if (matchers.isEmpty())
      throw new IllegalArgumentException("a silence needs at least one --match LABEL=VALUE");
    long starts = a.has("starts") ? ToolArgs.instant("--starts", a.get("starts", null)) : now;
    long ends;
    if (a.has("until") == a.has("for"))
      throw new IllegalArgumentException("say how long it holds: --for 2h or --until TIME");
    if (a.has("until")) ends = ToolArgs.instant("--until", a.get("until", null));
    else ends = starts + duration(a.get("for", null)).toMillis();
    if (ends <= starts)
      throw new IllegalArgumentException("the silence ends before it starts: check --until");
    if (!a.has("by") || !a.has("comment"))
      throw new IllegalArgumentException(
          "say who silences and why: --by PERSON --comment TEXT (people read it)");
    ObjectNode s = JSON.createObjectNode();
    s.put("id", a.get("id", defaultId(now, zone)));
    s.set("matchers", matchers);
    s.put("startsAt", Rfc3339.format(starts, zone));
    s.put("endsAt", Rfc3339.format(ends, zone));
    s.put("createdBy", a.get("by", null));
    s.put("comment", a.get("comment", null));
    s.put("createdAt", Rfc3339.format(now, zone));
    return s;
  }

  /**
   * A silence's id when none is given: when it was made, local time, and four random characters
   * (two made in the same minute must not replace each other).
   */
  static String defaultId(long now, ZoneId zone) {
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder id =
        new StringBuilder("silence-")
            .append(
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")
                    .format(java.time.Instant.ofEpochMilli(now).atZone(zone)))
            .append('-');
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 4; i++) id.append(chars.charAt(r.nextInt(chars.length())));
    return id.toString();
  }

  /** {@code 30m}, {@code 2h}, {@code 1d}, or an ISO-8601 duration (as every setting takes). */
  static Duration duration(String s) {
    try {
      return IocConfig.parseDuration(s);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--for is a duration such as 30m, 2h or 1d, not " + s);
    }
  }

  private static ZoneId zone(IocConfig config) {
    return config.get(IocConfig.TIMEZONE);
  }

  /** The engine's "now" as the setting {@code clock} defines it. */
  static long now(IocConfig config) throws InterruptedException {
    if (config.get(IocConfig.CLOCK) == vn.ioc.config.ClockKind.WALL)
      return System.currentTimeMillis();
    try (TickFollower f =
        new TickFollower(
                KafkaTopics.reader(config, "ioc-control-clock"), config.get(IocConfig.TOPIC_CLOCK))
            .start()) {
      long deadline = System.nanoTime() + TICK_WAIT.toNanos();
      OptionalLong t = f.millis();
      while (t.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
        t = f.millis();
      }
      if (t.isEmpty())
        throw new vn.ioc.cli.UserError(
            vn.ioc.cli.UserError.SERVICES,
            "the engine's clock has not ticked on "
                + config.get(IocConfig.TOPIC_CLOCK)
                + ": start it (deploy/ioc clock, or the demo), or use --clock=wall");
      return t.getAsLong();
    }
  }

  /** Sends {@code messages} (key → value, null: a tombstone) in order, stamped {@code at}. */
  private static void send(IocConfig config, String topic, Map<String, String> messages, long at)
      throws Exception {
    byte[] stamp = ControlStamp.value(at, zone(config));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(ProduceTool.producerProperties(config))) {
      for (Map.Entry<String, String> m : messages.entrySet()) {
        ProducerRecord<byte[], byte[]> r =
            new ProducerRecord<>(
                topic,
                m.getKey().getBytes(StandardCharsets.UTF_8),
                m.getValue() == null ? null : m.getValue().getBytes(StandardCharsets.UTF_8));
        r.headers().add(ControlStamp.HEADER, stamp);
        producer.send(r).get();
      }
    }
  }
}
