package vn.ioc.submissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.ioc.submissions.Reports.at;
import static vn.ioc.submissions.Reports.instant;
import static vn.ioc.submissions.Reports.onPartition;
import static vn.ioc.submissions.Reports.period;
import static vn.ioc.submissions.Reports.refused;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.ioc.config.IocConfig;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.feed.Decoded;
import vn.ioc.health.KnownCodes;
import vn.ioc.indicators.IndicatorUpdate;

/**
 * The whole submissions pipeline on bounded input, parallelism 2: every scope and window of a
 * hand-computed fixture, with revisions, duplicates, late data and refusals.
 */
class SubmissionsPipelineTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static final IocConfig CONFIG = IocConfig.of(Map.of("province", "40"));

  record Run(
      List<WindowSnapshot> snapshots,
      List<IndicatorUpdate> feedHealth,
      List<DeadLetter> deadLetters) {}

  static Run run(List<Decoded<SubmissionReport>> input, boolean live) throws Exception {
    return run(input, live, null);
  }

  /** With the reference data's codes ({@code known}), or none. */
  static Run run(List<Decoded<SubmissionReport>> input, boolean live, KnownCodes known)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    SubmissionsJob job = new SubmissionsJob(CONFIG, live, known);
    DataStream<Decoded<SubmissionReport>> decoded =
        env.fromData(SubmissionsJob.DECODED_TYPE, input.toArray(new Decoded[0]))
            .assignTimestampsAndWatermarks(job.watermarks());
    SubmissionsJob.Outputs out = job.build(decoded);
    CloseableIterator<WindowSnapshot> snapshots = out.snapshots().collectAsync();
    CloseableIterator<DeadLetter> deadLetters = out.deadLetters().collectAsync();
    CloseableIterator<IndicatorUpdate> health = out.feedHealth().collectAsync();
    env.execute("submissions-test");
    List<WindowSnapshot> s = new ArrayList<>();
    snapshots.forEachRemaining(s::add);
    List<DeadLetter> d = new ArrayList<>();
    deadLetters.forEachRemaining(d::add);
    List<IndicatorUpdate> h = new ArrayList<>();
    health.forEachRemaining(h::add);
    return new Run(s, h, d);
  }

  static String key(WindowSnapshot s) {
    return s.scope.tag()
        + "|"
        + s.window
        + "|"
        + s.district
        + "|"
        + s.unit
        + "|"
        + s.service
        + "|"
        + java.time.Instant.ofEpochMilli(s.windowStart)
            .atOffset(java.time.ZoneOffset.ofHours(7))
            .toLocalDateTime();
  }

  static Counts c(long online, long direct, long fully, long onTime, long late) {
    return new Counts(online, direct, 0, fully, onTime, late);
  }

  static List<Decoded<SubmissionReport>> fixture() {
    List<Decoded<SubmissionReport>> in = new ArrayList<>();
    long o = 0;
    in.add(onPartition(0, o++, instant("r1", 0, "U1", "412", "S1", "2024-03-31T08:00:30", 1, 0)));
    in.add(
        onPartition(
            0,
            o++,
            period(
                "r2",
                0,
                "U1",
                "412",
                "S1",
                "2024-03-31T08:00:00",
                "2024-03-31T09:00:00",
                c(3, 1, 2, 2, 1))));
    in.add(
        onPartition(
            0,
            o++,
            period(
                "r3",
                0,
                "U2",
                null,
                "S2",
                "2024-03-31T00:00:00",
                "2024-04-01T00:00:00",
                c(10, 10, 0, 0, 0))));
    in.add(onPartition(0, o++, instant("r4", 0, "U1", "412", "S2", "2024-03-31T23:59:59", 0, 1)));
    in.add(onPartition(0, o++, instant("r5", 0, "U1", "412", "S1", "2024-04-01T00:00:00", 1, 0)));
    // a re-delivery changes nothing; a higher revision replaces; a revision that moves the service
    // is refused
    in.add(onPartition(0, o++, instant("r1", 0, "U1", "412", "S1", "2024-03-31T08:00:30", 1, 0)));
    in.add(
        onPartition(
            0,
            o++,
            period(
                "r2",
                1,
                "U1",
                "412",
                "S1",
                "2024-03-31T08:00:00",
                "2024-03-31T09:00:00",
                c(4, 1, 2, 2, 1))));
    in.add(
        onPartition(
            0,
            o++,
            period(
                "r2",
                2,
                "U1",
                "412",
                "S9",
                "2024-03-31T08:00:00",
                "2024-03-31T09:00:00",
                c(9, 9, 0, 0, 0))));
    // late but within the 3-day horizon: counted; 12 days behind: refused
    in.add(onPartition(0, o++, instant("r9", 0, "U2", null, "S2", "2024-03-30T10:00:00", 0, 2)));
    in.add(onPartition(0, o++, instant("r10", 0, "U2", null, "S2", "2024-03-20T10:00:00", 5, 5)));
    // a period no local month contains; a message the decoder refused
    in.add(
        onPartition(
            0,
            o++,
            period(
                "r11",
                0,
                "U1",
                "412",
                "S1",
                "2024-03-15T00:00:00",
                "2024-04-15T00:00:00",
                c(1, 0, 0, 0, 0))));
    in.add(refused("bad-json", 0, o++));
    return in;
  }

  static Map<String, Counts> expected() {
    Map<String, Counts> e = new TreeMap<>();
    Counts u1s1Hour8 = c(5, 1, 2, 2, 1);
    // unit × service: hours, days, months
    e.put("unit_service|1h|412|U1|S1|2024-03-31T08:00", u1s1Hour8);
    e.put("unit_service|1h|412|U1|S1|2024-04-01T00:00", c(1, 0, 0, 0, 0));
    e.put("unit_service|1d|412|U1|S1|2024-03-31T00:00", u1s1Hour8);
    e.put("unit_service|1d|412|U1|S1|2024-04-01T00:00", c(1, 0, 0, 0, 0));
    e.put("unit_service|1mo|412|U1|S1|2024-03-01T00:00", u1s1Hour8);
    e.put("unit_service|1mo|412|U1|S1|2024-04-01T00:00", c(1, 0, 0, 0, 0));
    e.put("unit_service|1h|412|U1|S2|2024-03-31T23:00", c(0, 1, 0, 0, 0));
    e.put("unit_service|1d|412|U1|S2|2024-03-31T00:00", c(0, 1, 0, 0, 0));
    e.put("unit_service|1mo|412|U1|S2|2024-03-01T00:00", c(0, 1, 0, 0, 0));
    e.put("unit_service|1h|null|U2|S2|2024-03-30T10:00", c(0, 2, 0, 0, 0));
    e.put("unit_service|1d|null|U2|S2|2024-03-30T00:00", c(0, 2, 0, 0, 0));
    e.put("unit_service|1d|null|U2|S2|2024-03-31T00:00", c(10, 10, 0, 0, 0));
    e.put("unit_service|1mo|null|U2|S2|2024-03-01T00:00", c(10, 12, 0, 0, 0));
    // units and their district (U1 is the only unit of district 412)
    for (String scope : List.of("unit", "district")) {
      String unit = scope.equals("unit") ? "U1" : "null";
      String p = scope + "|";
      String s = "|412|" + unit + "|null|";
      e.put(p + "1m" + s + "2024-03-31T08:00", c(1, 0, 0, 0, 0));
      e.put(p + "1m" + s + "2024-03-31T23:59", c(0, 1, 0, 0, 0));
      e.put(p + "1m" + s + "2024-04-01T00:00", c(1, 0, 0, 0, 0));
      e.put(p + "1h" + s + "2024-03-31T08:00", u1s1Hour8);
      e.put(p + "1h" + s + "2024-03-31T23:00", c(0, 1, 0, 0, 0));
      e.put(p + "1h" + s + "2024-04-01T00:00", c(1, 0, 0, 0, 0));
      e.put(p + "1d" + s + "2024-03-31T00:00", c(5, 2, 2, 2, 1));
      e.put(p + "1d" + s + "2024-04-01T00:00", c(1, 0, 0, 0, 0));
      e.put(p + "1mo" + s + "2024-03-01T00:00", c(5, 2, 2, 2, 1));
      e.put(p + "1mo" + s + "2024-04-01T00:00", c(1, 0, 0, 0, 0));
    }
    e.put("unit|1m|null|U2|null|2024-03-30T10:00", c(0, 2, 0, 0, 0));
    e.put("unit|1h|null|U2|null|2024-03-30T10:00", c(0, 2, 0, 0, 0));
    e.put("unit|1d|null|U2|null|2024-03-30T00:00", c(0, 2, 0, 0, 0));
    e.put("unit|1d|null|U2|null|2024-03-31T00:00", c(10, 10, 0, 0, 0));
    e.put("unit|1mo|null|U2|null|2024-03-01T00:00", c(10, 12, 0, 0, 0));
    // the province: both units
    String pr = "|null|null|null|";
    e.put("province|1m" + pr + "2024-03-30T10:00", c(0, 2, 0, 0, 0));
    e.put("province|1m" + pr + "2024-03-31T08:00", c(1, 0, 0, 0, 0));
    e.put("province|1m" + pr + "2024-03-31T23:59", c(0, 1, 0, 0, 0));
    e.put("province|1m" + pr + "2024-04-01T00:00", c(1, 0, 0, 0, 0));
    e.put("province|1h" + pr + "2024-03-30T10:00", c(0, 2, 0, 0, 0));
    e.put("province|1h" + pr + "2024-03-31T08:00", u1s1Hour8);
    e.put("province|1h" + pr + "2024-03-31T23:00", c(0, 1, 0, 0, 0));
    e.put("province|1h" + pr + "2024-04-01T00:00", c(1, 0, 0, 0, 0));
    e.put("province|1d" + pr + "2024-03-30T00:00", c(0, 2, 0, 0, 0));
    e.put("province|1d" + pr + "2024-03-31T00:00", c(15, 12, 2, 2, 1));
    e.put("province|1d" + pr + "2024-04-01T00:00", c(1, 0, 0, 0, 0));
    e.put("province|1mo" + pr + "2024-03-01T00:00", c(15, 14, 2, 2, 1));
    e.put("province|1mo" + pr + "2024-04-01T00:00", c(1, 0, 0, 0, 0));
    return e;
  }

  @Test
  void boundedRunWritesEachWindowOnceWithItsFinalValue() throws Exception {
    Run run = run(fixture(), false);

    Map<String, List<WindowSnapshot>> byKey =
        run.snapshots().stream().collect(Collectors.groupingBy(SubmissionsPipelineTest::key));
    byKey.forEach((k, v) -> assertEquals(1, v.size(), "written once: " + k));
    Map<String, Counts> actual = new TreeMap<>();
    byKey.forEach((k, v) -> actual.put(k, v.get(0).counts));
    assertEquals(expected(), actual);
    for (WindowSnapshot s : run.snapshots()) {
      assertTrue(s.isFinal, "final: " + s);
      assertFalse(s.replace, "no replace on a fresh bounded run: " + s);
      assertEquals("40", s.province);
    }

    Map<String, Long> reasons =
        run.deadLetters().stream()
            .collect(Collectors.groupingBy(d -> d.reason, TreeMap::new, Collectors.counting()));
    assertEquals(
        Map.of("bad-json", 1L, "late", 1L, "period-too-long", 1L, "revision-conflict", 1L),
        reasons);
    DeadLetter late =
        run.deadLetters().stream().filter(d -> d.reason.equals("late")).findFirst().orElseThrow();
    assertEquals(9, late.sourceOffset);
    assertEquals("ioc.submissions", late.sourceTopic);
    assertTrue(late.payload.contains("\"reportId\":\"r10\""), late.payload);
  }

  @Test
  void feedHealthCountsEachUnitsRecordsAndDeadLettersInTheHourTheyArrived() throws Exception {
    Run run = run(fixture(), false);
    Map<String, IndicatorUpdate> byUnit = new TreeMap<>();
    for (IndicatorUpdate u : run.feedHealth()) {
      assertEquals("feed_health", u.point.measurement);
      assertEquals(Reports.ARRIVAL, u.point.timeMillis, "all arrived in one hour");
      assertEquals("1h", u.point.tags.get("window"));
      assertTrue(u.isFinal);
      assertNull(
          byUnit.put(u.point.tags.get("unit"), u), "one write per unit and hour in a bounded run");
    }
    assertEquals(List.of("(unknown)", "U1", "U2"), new ArrayList<>(byUnit.keySet()));
    assertEquals(
        Map.of(
            "records",
            8L,
            "unknown_unit",
            0L,
            "unknown_service",
            0L,
            "unknown_commune",
            0L,
            "ended_district",
            0L,
            "dead_letters",
            2L,
            "dead_letters_revision_conflict",
            1L,
            "dead_letters_period_too_long",
            1L,
            "latest_period_end_ms",
            at("2024-04-15T00:00:00")),
        byUnit.get("U1").point.longFields);
    assertEquals(
        Map.of(
            "records",
            3L,
            "unknown_unit",
            0L,
            "unknown_service",
            0L,
            "unknown_commune",
            0L,
            "ended_district",
            0L,
            "dead_letters",
            1L,
            "dead_letters_late",
            1L,
            "latest_period_end_ms",
            at("2024-04-01T00:00:00")),
        byUnit.get("U2").point.longFields);
    // the oldest report of U2 (ending 20 March, 10:00) arrived as message 9
    assertEquals(
        (Reports.ARRIVAL + 9_000 - at("2024-03-20T10:00:00")) / 1000.0,
        byUnit.get("U2").point.doubleFields.get("max_report_delay_s"),
        1e-9);
    assertEquals(
        Map.of(
            "records",
            1L,
            "unknown_unit",
            0L,
            "unknown_service",
            0L,
            "unknown_commune",
            0L,
            "ended_district",
            0L,
            "dead_letters",
            1L,
            "dead_letters_bad_json",
            1L),
        byUnit.get("(unknown)").point.longFields);
  }

  @Test
  void asOfIsTheLatestEventTimeAWindowIncludes() throws Exception {
    Run run = run(fixture(), false);
    WindowSnapshot provinceDay =
        run.snapshots().stream()
            .filter(s -> key(s).equals("province|1d|null|null|null|2024-03-31T00:00"))
            .findFirst()
            .orElseThrow();
    // the daily report of U2 ends at local midnight; r4 (23:59:59) is earlier
    assertEquals(at("2024-04-01T00:00:00"), provinceDay.asOf);
    assertEquals(at("2024-04-01T00:00:00"), provinceDay.windowEnd);
    assertEquals(15.0 / 27 * 100, provinceDay.onlineRatePct(), 1e-9);
    assertEquals(2.0 / 3 * 100, provinceDay.onTimeRatePct(), 1e-9);
    WindowSnapshot u2Month =
        run.snapshots().stream()
            .filter(s -> key(s).equals("unit|1mo|null|U2|null|2024-03-01T00:00"))
            .findFirst()
            .orElseThrow();
    assertNull(u2Month.onTimeRatePct());
  }
}
