package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Four local days of a province's alerts (fixtures/alerting/four-days, README there): a day off,
 * working days with their lunch break and nights, a make-up working Saturday; no-data in the middle
 * of a history, reminders, escalation at 4 h, a silence made after its start, inhibition starting
 * and ending, acknowledgements before, during and after an episode, flapping and settling. The same
 * input decides alike as {@code rules test}, as the bounded job at parallelism 1 and at 2, and as a
 * live run fed the same records before the clock's last tick; and all equal the hand-computed
 * expectations ({@code expected.txt}).
 */
class AlertingScenarioIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("scenario");
  static final Path DAYS =
      RealServices.PROJECT.resolve("jobs/src/test/resources/fixtures/alerting/four-days");

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  @Test
  void rulesTestTheBoundedJobAtOneAndTwoAndALiveRunDecideAlike() throws Exception {
    List<String> expected =
        Files.readAllLines(DAYS.resolve("expected.txt"), StandardCharsets.UTF_8);
    List<String> printed =
        RealServices.ioc(
                Duration.ofMinutes(2),
                "rules",
                "test",
                DAYS.resolve("rules.yaml").toString(),
                DAYS.resolve("indicators.jsonl").toString(),
                "--clock",
                DAYS.resolve("clock.jsonl").toString(),
                "--acks",
                DAYS.resolve("acks.jsonl").toString(),
                "--silences",
                DAYS.resolve("silences.jsonl").toString())
            .lines()
            .filter(l -> l.startsWith("2024-"))
            .toList();
    assertEquals(expected, printed, "rules test");

    RealServices.createTopics(
        NS,
        Map.of(
            "indicators", 3,
            "alert-rules", 1,
            "alert-acks", 1,
            "alert-silences", 1,
            "notifications", 1,
            "clock", 1,
            "alerts", 1,
            "alerts-p1", 1,
            "alerts-live", 1,
            "deadletter", 1));
    Duration produce = Duration.ofMinutes(2);
    RealServices.ioc(
        produce,
        "produce",
        NS.topic("indicators"),
        DAYS.resolve("indicators.jsonl").toString(),
        "--key-field",
        "measurement");
    RealServices.ioc(
        produce,
        "produce",
        NS.topic("alert-acks"),
        DAYS.resolve("acks.jsonl").toString(),
        "--key-field",
        "alertId");
    RealServices.ioc(
        produce,
        "produce",
        NS.topic("alert-silences"),
        DAYS.resolve("silences.jsonl").toString(),
        "--envelope");
    RealServices.ioc(produce, "produce", NS.topic("clock"), DAYS.resolve("clock.jsonl").toString());

    List<String> events = AlertLines.events(expected);
    List<String> notices = AlertLines.noticesOf(expected);
    for (int parallelism : new int[] {2, 1}) {
      String db = NS.database() + "_p" + parallelism;
      String alerts = NS.topic(parallelism == 1 ? "alerts-p1" : "alerts");
      RealServices.createDatabase(db);
      AlertingIT.runBounded(NS, DAYS, db, alerts, parallelism);
      assertEquals(events, AlertLines.alerts(alerts), "ioc.alerts at parallelism " + parallelism);
      assertEquals(notices, AlertLines.notices(db), "notices at parallelism " + parallelism);
      assertEquals(acks(), AlertLines.acks(db), "acknowledgements at parallelism " + parallelism);
    }

    // live, catching up on the same records (all before the clock's last tick)
    String liveDb = NS.database() + "_live";
    RealServices.createDatabase(liveDb);
    Path runtime = RealServices.PROJECT.resolve(".runtime/it/" + NS.id() + "/live");
    Files.createDirectories(runtime.resolve("flink"));
    List<String> args = new ArrayList<>(List.of("run", "alerting"));
    for (String f : NS.jobFlags())
      if (!f.startsWith("--state-dir=")
          && !f.startsWith("--influx.db=")
          && !f.startsWith("--topic.alerts=")
          && !f.startsWith("--kafka.group-prefix=")) args.add(f);
    args.add("--rules-dir=" + DAYS);
    args.add("--influx.db=" + liveDb);
    args.add("--topic.alerts=" + NS.topic("alerts-live"));
    args.add("--kafka.group-prefix=" + NS.id() + "-live");
    Process live =
        RealServices.launcher(
                Map.of("IOC_RUNTIME_DIR", runtime.toString()), args.toArray(new String[0]))
            .redirectErrorStream(true)
            .redirectOutput(Files.createTempFile("live-alerting-", ".log").toFile())
            .start();
    try {
      long deadline = System.currentTimeMillis() + 120_000;
      List<String> liveEvents = List.of();
      List<String> liveNotices = List.of();
      while (System.currentTimeMillis() < deadline && live.isAlive()) {
        Thread.sleep(2000);
        liveEvents = AlertLines.alerts(NS.topic("alerts-live"));
        liveNotices = AlertLines.notices(liveDb);
        if (liveEvents.size() >= events.size()
            && liveNotices.size() >= notices.size()
            && AlertLines.suppressed(liveDb).size() >= notices.size()) break;
      }
      assertEquals(events, liveEvents, "ioc.alerts of the live run");
      assertEquals(notices, liveNotices, "notices of the live run");
      assertEquals(acks(), AlertLines.acks(liveDb), "acknowledgements of the live run");
      // the live run catches up on 2024 on the wall clock: every notice is too far behind "now"
      // to be sent; none reaches the outbox, each is recorded as suppressed
      List<String> suppressed = AlertLines.suppressed(liveDb);
      assertEquals(
          notices.stream().map(n -> n.substring(0, 16)).toList(),
          suppressed.stream().map(n -> n.substring(0, 16)).toList(),
          "the notices suppressed at catch-up");
      assertEquals(List.of(), RealServices.readAll(NS.topic("notifications")), "the outbox");
    } finally {
      live.descendants().forEach(ProcessHandle::destroyForcibly);
      live.destroyForcibly();
    }
  }

  /** The acknowledgements: before the episode and after it only recorded, during it effective. */
  static List<String> acks() {
    return List.of(
        "2024-05-01T08:30 late-ack lead.01",
        "2024-05-02T08:30 acknowledged lead.01",
        "2024-05-02T10:15 acknowledged lead.04",
        "2024-05-02T10:30 late-ack lead.01");
  }
}
