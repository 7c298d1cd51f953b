package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import vn.ioc.clock.ControlStamp;

/**
 * {@code deploy/ioc silence} and {@code deploy/ioc rules publish|delete} on the real broker, with a
 * simulated clock: each message is stamped with the engine's "now" (the clock topic's newest tick),
 * not with the wall clock; a mistake is one line and exit 2.
 */
class ControlToolIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("control");

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  String[] with(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--clock=ticks");
    all.add("--topic.clock=" + NS.topic("clock"));
    all.add("--topic.alert-silences=" + NS.topic("alert-silences"));
    all.add("--topic.alert-rules=" + NS.topic("alert-rules"));
    return all.toArray(new String[0]);
  }

  /** "key | created-at | value" of every record of a topic. */
  static List<String> stamped(String topic) {
    List<String> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : RealServices.readAll(topic)) {
      var h = r.headers().lastHeader(ControlStamp.HEADER);
      out.add(
          new String(r.key(), StandardCharsets.UTF_8)
              + " | "
              + (h == null ? null : new String(h.value(), StandardCharsets.UTF_8))
              + " | "
              + (r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Test
  void silencesAndRulesAreStampedWithTheEnginesNow() throws Exception {
    RealServices.createTopics(NS, Map.of("clock", 1, "alert-silences", 1, "alert-rules", 1));
    RealServices.send(NS.topic("clock"), "tick", "{\"at\": \"2024-05-02T08:44:00+07:00\"}");
    RealServices.send(NS.topic("clock"), "tick", "{\"at\": \"2024-05-02T08:45:00+07:00\"}");
    Duration limit = Duration.ofMinutes(1);
    String said =
        RealServices.ioc(
            limit,
            with(
                "silence",
                "add",
                "--match",
                "unit=000.00.04.H40",
                "--for",
                "75m",
                "--by",
                "ioc.truc-ban",
                "--comment",
                "Bảo trì hệ thống một cửa",
                "--id",
                "bao-tri"));
    assertEquals(
        true,
        said.contains(
            "silence bao-tri: {\"unit\":\"000.00.04.H40\"} held from"
                + " 2024-05-02T08:45:00.000+07:00 until 2024-05-02T10:00:00.000+07:00;"
                + " 'deploy/ioc silence delete bao-tri' ends it early"),
        said);
    RealServices.ioc(limit, with("silence", "delete", "bao-tri"));
    assertEquals(
        List.of(
            "bao-tri | 2024-05-02T08:45:00.000+07:00 | {\"id\":\"bao-tri\",\"matchers\":"
                + "{\"unit\":\"000.00.04.H40\"},\"startsAt\":\"2024-05-02T08:45:00.000+07:00\","
                + "\"endsAt\":\"2024-05-02T10:00:00.000+07:00\",\"createdBy\":\"ioc.truc-ban\","
                + "\"comment\":\"Bảo trì hệ thống một cửa\","
                + "\"createdAt\":\"2024-05-02T08:45:00.000+07:00\"}",
            "bao-tri | 2024-05-02T08:45:00.000+07:00 | null"),
        stamped(NS.topic("alert-silences")));

    RealServices.ioc(
        limit,
        with(
            "rules",
            "publish",
            RealServices.PROJECT
                .resolve("jobs/src/test/resources/fixtures/alerting/four-days/rules.yaml")
                .toString()));
    RealServices.ioc(limit, with("rules", "delete", "feed-refused"));
    List<String> rules = stamped(NS.topic("alert-rules"));
    assertEquals(3, rules.size(), String.join("\n", rules));
    assertEquals(
        true,
        rules
            .get(0)
            .startsWith("online-rate | 2024-05-02T08:45:00.000+07:00 | {\"id\":\"online-rate\""),
        rules.get(0));
    assertEquals(
        true,
        rules
            .get(1)
            .startsWith("feed-refused | 2024-05-02T08:45:00.000+07:00 | {\"id\":\"feed-refused\""),
        rules.get(1));
    assertEquals("feed-refused | 2024-05-02T08:45:00.000+07:00 | null", rules.get(2));

    // a mistake: one line saying what to do, exit 2, nothing sent
    Process p =
        RealServices.launcher(Map.of(), with("silence", "add", "--match", "unit=X", "--for", "2h"))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.waitFor());
    assertEquals(
        List.of("silence: say who silences and why: --by PERSON --comment TEXT (people read it)"),
        out.lines().filter(l -> !l.startsWith("build:")).toList());
    assertEquals(2, stamped(NS.topic("alert-silences")).size());
  }
}
