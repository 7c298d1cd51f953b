package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The progress job end to end on the real servers: the reference programme's report history (to the
 * end of March 2024), a clock tick at 23:59 on 31 March and four refused reports and a tick in 9999
 * (a mistyped year, which must not move the clock), through {@code deploy/ioc produce} and {@code
 * deploy/ioc run progress --bounded}; the wall of 31 March in InfluxDB must show the seed's
 * figures. A second bounded run and a live run of the same topics must write exactly the same
 * points.
 *
 * <p>The expected figures were computed from {@code reports.jsonl} apart from the engine, by the
 * contract's rules (newest report per item; overdue, stale after 7 days, the at-risk rule).
 */
class ProgressIT {
  static final Path REPORTS =
      RealServices.PROJECT.resolve("deploy/programme/nghe-an-2024/reports.jsonl");
  static final Path FIXTURES = RealServices.PROJECT.resolve("jobs/src/test/resources/fixtures");
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("progress");
  static final String REPLAY_DB = NS.database() + "_replay";
  static final String LIVE_DB = NS.database() + "_live";
  static final String MARCH_31 = "'2024-03-30T17:00:00Z'"; // 2024-03-31T00:00 in Hanoi
  static final String STOP = "'2024-03-31T16:59:00Z'"; // the tick: 23:59 in Hanoi

  @BeforeAll
  static void produceAndRun() throws Exception {
    RealServices.createForProgress(NS);
    RealServices.createDatabase(REPLAY_DB);
    RealServices.createDatabase(LIVE_DB);
    Duration produce = Duration.ofMinutes(3);
    RealServices.ioc(produce, "produce", NS.topic("progress"), REPORTS.toString());
    RealServices.ioc(
        produce,
        "produce",
        NS.topic("progress"),
        FIXTURES.resolve("progress-it-bad.jsonl").toString());
    RealServices.ioc(
        produce,
        "produce",
        NS.topic("clock"),
        FIXTURES.resolve("progress-it-clock.jsonl").toString());
    runBounded(NS.database(), "first");
  }

  static void runBounded(String database, String name) throws Exception {
    List<String> run = new ArrayList<>(List.of("run", "progress", "--bounded"));
    run.addAll(NS.jobFlags());
    run.add("--influx.db=" + database);
    run.add("--state-dir=" + RealServices.PROJECT.resolve(".runtime/it/" + NS.id() + "/" + name));
    RealServices.ioc(Duration.ofMinutes(5), run.toArray(new String[0]));
  }

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
    for (String db : List.of(REPLAY_DB, LIVE_DB)) {
      RealServices.rows(NS.database(), "SHOW DATABASES"); // the server answers
      try (var influx = RealServices.influx()) {
        influx.query(new org.influxdb.dto.Query("DROP DATABASE \"" + db + "\""));
      }
    }
  }

  static Map<String, Object> point(String measurement, String where, String time) {
    List<Map<String, Object>> rows =
        RealServices.rows(
            NS.database(),
            "SELECT * FROM " + measurement + " WHERE " + where + " AND time = " + time);
    assertEquals(1, rows.size(), measurement + " " + where + " at " + time + ": " + rows);
    Map<String, Object> row = new TreeMap<>(rows.get(0));
    row.remove("time");
    return row;
  }

  static Map<String, Object> summary(String kind, String scope, String name) {
    String where = "kind = '" + kind + "' AND scope = '" + scope + "'";
    if (!scope.equals("province")) where += " AND \"" + scope + "\" = '" + name + "'";
    Map<String, Object> p = point("progress_summary", where, MARCH_31);
    p.keySet().removeAll(List.of("kind", "scope", "group", "owner_unit"));
    return p;
  }

  static Map<String, Object> counts(Object... kv) {
    Map<String, Object> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  @Test
  void theWallOfTheThirtyFirstOfMarchShowsTheSeedsFigures() {
    assertEquals(
        counts(
            "total",
            38.0,
            "completed",
            6.0,
            "in_progress",
            20.0,
            "not_started",
            12.0,
            "overdue",
            0.0,
            "at_risk",
            8.0,
            "stale",
            1.0,
            "completed_pct",
            100.0 * 6 / 38,
            "completed_on_time_pct",
            100.0),
        summary("MODEL", "province", null));
    assertEquals(
        counts(
            "total",
            51.0,
            "completed",
            14.0,
            "in_progress",
            30.0,
            "not_started",
            7.0,
            "overdue",
            4.0,
            "at_risk",
            4.0,
            "stale",
            5.0,
            "completed_pct",
            100.0 * 14 / 51,
            "completed_on_time_pct",
            100.0 * 4 / 14),
        summary("TASK", "province", null));
  }

  @Test
  void namedGroupsAndItemsHoldTheirExactValues() {
    assertEquals(
        counts(
            "total",
            5.0,
            "completed",
            2.0,
            "in_progress",
            2.0,
            "not_started",
            1.0,
            "overdue",
            2.0,
            "at_risk",
            0.0,
            "stale",
            0.0,
            "completed_pct",
            40.0,
            "completed_on_time_pct",
            0.0),
        summary(
            "TASK", "group", "Nhóm 5: Hệ sinh thái kết nối, khai thác, làm giàu dữ liệu dân cư"));
    Map<String, Object> g7 =
        summary("TASK", "group", "Nhóm 7: Hạ tầng kỹ thuật, bảo đảm an ninh an toàn thông tin");
    assertEquals(
        List.of(5.0, 2.0, 2.0), List.of(g7.get("total"), g7.get("at_risk"), g7.get("stale")));

    Map<String, Object> overdue = point("item_status", "item = 'DA06-NV-5.3'", MARCH_31);
    assertEquals("IN_PROGRESS", overdue.get("status"));
    assertEquals(20.0, overdue.get("progress_pct"));
    assertEquals(16.0, overdue.get("overdue_days"));
    assertEquals("2024-03-15", overdue.get("deadline"), "for the alert messages");
    assertEquals(10.0, overdue.get("overdue_working_days"), "18–22 and 25–29 March");
    assertEquals(0.0, overdue.get("at_risk"));

    Map<String, Object> silent = point("item_status", "item = 'DA06-MH-31'", MARCH_31);
    assertEquals(32.0, silent.get("days_since_report"));
    assertEquals(1.0, silent.get("stale"));
    assertEquals(1.0, silent.get("at_risk"));
    assertEquals(
        "000.00.20.H40", point("item_status", "item = 'DA06-MH-01'", MARCH_31).get("owner_unit"));

    Map<String, Object> notYet = point("item_status", "item = 'DA06-NV-3.1'", MARCH_31);
    assertEquals("NOT_STARTED", notYet.get("status"));
    assertEquals(0.0, notYet.get("expected_pct"));
    assertEquals(0.0, notYet.get("at_risk"));
  }

  @Test
  void nothingIsStampedBeyondTheClocksLastTick() {
    for (String m : List.of("item_status", "progress_summary")) {
      assertEquals(
          List.of(),
          RealServices.rows(NS.database(), "SELECT * FROM " + m + " WHERE time > " + STOP));
    }
    // every item has its point of 31 March, and each of the 89 items exactly one there
    assertEquals(
        89,
        RealServices.rows(NS.database(), "SELECT * FROM item_status WHERE time = " + MARCH_31)
            .size());
  }

  @Test
  void refusedReportsAreDeadLetteredWithTheirReason() throws Exception {
    assertEquals(
        Map.of("bad-date", 1, "missing-field", 1, "future-period", 2, "bad-code", 1),
        RealServices.deadLetterReasons(NS.topic("deadletter")));
  }

  @Test
  void theIndicatorBusCarriesTheSamePoints() {
    int items = 0;
    int summaries = 0;
    for (ConsumerRecord<byte[], byte[]> r : RealServices.readAll(NS.topic("indicators"))) {
      String json = new String(r.value(), StandardCharsets.UTF_8);
      if (json.startsWith("{\"measurement\":\"item_status\"")) items++;
      if (json.startsWith("{\"measurement\":\"progress_summary\"")) summaries++;
    }
    assertEquals(count("item_status"), items);
    assertTrue(summaries >= count("progress_summary"), summaries + " summary messages");
  }

  static int count(String measurement) {
    return allPoints(NS.database(), measurement).size();
  }

  static Map<String, Map<String, Object>> allPoints(String database, String measurement) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (Map<String, Object> row :
        RealServices.rows(database, "SELECT * FROM " + measurement + " GROUP BY *")) {
      out.put(
          row.get("kind")
              + "|"
              + row.get("item")
              + "|"
              + row.get("scope")
              + "|"
              + row.get("group")
              + "|"
              + row.get("owner_unit")
              + "|"
              + row.get("time"),
          new TreeMap<>(row));
    }
    return out;
  }

  /** Equal point sets, or the first differences (the sets are large). */
  static void assertSame(
      Map<String, Map<String, Object>> expected,
      Map<String, Map<String, Object>> actual,
      String what) {
    if (expected.equals(actual)) return;
    List<String> diffs = new ArrayList<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String k : keys) {
      if (java.util.Objects.equals(expected.get(k), actual.get(k))) continue;
      diffs.add(k + "\n  expected " + expected.get(k) + "\n  actual   " + actual.get(k));
      if (diffs.size() == 8) break;
    }
    throw new AssertionError(
        what
            + ": "
            + expected.size()
            + " points expected, "
            + actual.size()
            + " written; first differences:\n"
            + String.join("\n", diffs));
  }

  @Test
  void aReplayAndALiveRunWriteTheSameHistory() throws Exception {
    runBounded(REPLAY_DB, "replay");
    for (String m : List.of("item_status", "progress_summary"))
      assertSame(allPoints(NS.database(), m), allPoints(REPLAY_DB, m), m + ": bounded twice");

    Path runtime = RealServices.PROJECT.resolve(".runtime/it/" + NS.id() + "/live-runtime");
    Files.createDirectories(runtime.resolve("flink"));
    Map<String, String> env = Map.of("IOC_RUNTIME_DIR", runtime.toString());
    List<String> args = new ArrayList<>(List.of("run", "progress"));
    NS.jobFlags().stream().filter(f -> !f.startsWith("--state-dir=")).forEach(args::add);
    args.add("--influx.db=" + LIVE_DB);
    args.add("--kafka.group-prefix=" + NS.id() + "-live");
    args.add("--idle-timeout=5s");
    Process live =
        RealServices.launcher(env, args.toArray(new String[0]))
            .redirectErrorStream(true)
            .redirectOutput(Files.createTempFile("progress-live-", ".log").toFile())
            .start();
    int items = count("item_status");
    int summaries = count("progress_summary");
    try {
      long deadline = System.currentTimeMillis() + 150_000;
      while (System.currentTimeMillis() < deadline && live.isAlive()) {
        Thread.sleep(2000);
        if (allPoints(LIVE_DB, "item_status").size() >= items
            && allPoints(LIVE_DB, "progress_summary").size() >= summaries) break;
      }
      Thread.sleep(3000); // corrections in flight, if any
      RealServices.ioc(env, Duration.ofMinutes(3), "stop", "progress", "--savepoint");
    } finally {
      live.descendants().forEach(ProcessHandle::destroyForcibly);
      live.destroyForcibly();
    }
    for (String m : List.of("item_status", "progress_summary"))
      assertSame(allPoints(NS.database(), m), allPoints(LIVE_DB, m), m + ": live and bounded");
  }
}
