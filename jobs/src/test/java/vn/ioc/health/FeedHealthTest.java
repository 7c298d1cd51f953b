package vn.ioc.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import vn.ioc.calendar.LocalCalendar;
import vn.ioc.config.ClockKind;
import vn.ioc.feed.Decoded;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.submissions.SubmissionReport;

class FeedHealthTest {
  static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  static final LocalCalendar CAL = new LocalCalendar(ZONE);

  static long at(String local) {
    return OffsetDateTime.parse(local + "+07:00").toInstant().toEpochMilli();
  }

  static Decoded<SubmissionReport> report(
      String unit, String service, String periodEnd, String arrival) {
    SubmissionReport r = new SubmissionReport();
    r.reportId = unit + service + periodEnd;
    r.unitCode = unit;
    r.serviceCode = service;
    r.periodStart = at(periodEnd);
    r.periodEnd = r.periodStart;
    return Decoded.valid(r, 0, 0).from(at(arrival), unit);
  }

  @Test
  void theTallyCountsRecordsAndCodesTheReferenceDataDoesNotKnowOnTheirDate() throws Exception {
    KnownCodes known =
        new KnownCodes(
            Map.of(
                "U1",
                List.of(KnownCodes.validity(LocalDate.of(2020, 1, 1), LocalDate.of(2024, 12, 31)))),
            Map.of("S1", List.of(KnownCodes.validity(LocalDate.of(2020, 1, 1), null))),
            ZONE);
    var h =
        new OneInputStreamOperatorTestHarness<>(
            new FeedTally<SubmissionReport>(CAL, known, null, ClockKind.WALL));
    h.open();
    h.processElement(
        new StreamRecord<>(report("U1", "S1", "2024-06-03T09:00:00", "2024-06-03T09:10:00")));
    h.processElement(
        new StreamRecord<>(report("U1", "S2", "2024-06-03T09:05:00", "2024-06-03T09:20:00")));
    h.processElement(
        new StreamRecord<>(report("U9", "S1", "2024-06-03T09:00:00", "2024-06-03T09:30:00")));
    h.processElement(
        new StreamRecord<>(report("U1", "S1", "2025-02-03T09:00:00", "2024-06-03T09:40:00")));
    assertEquals(4, h.extractOutputValues().size(), "messages pass through");
    assertEquals(
        null, h.getSideOutput(FeedTally.HEALTH), "nothing handed on before a barrier or the end");
    h.endInput();
    List<FeedHealthDelta> deltas =
        h.getSideOutput(FeedTally.HEALTH).stream()
            .map(StreamRecord::getValue)
            .sorted(Comparator.comparing(d -> d.unit))
            .toList();
    assertEquals(2, deltas.size());
    FeedHealthDelta u1 = deltas.get(0);
    assertEquals("U1", u1.unit);
    assertEquals(at("2024-06-03T09:00:00"), u1.hourStart);
    assertEquals(3, u1.records);
    assertEquals(1, u1.unknownUnit, "U1 no longer exists in 2025");
    assertEquals(1, u1.unknownService, "S2 is not in the reference data");
    assertEquals(at("2025-02-03T09:00:00"), u1.latestPeriodEnd);
    assertEquals(at("2024-06-03T09:20:00") - at("2024-06-03T09:05:00"), u1.maxReportDelay);
    assertEquals(1, deltas.get(1).records);
    assertEquals(1, deltas.get(1).unknownUnit);
    h.close();
  }

  /**
   * Across the reform, on the province's reference data: a commune the reference data does not list
   * on the period's day is unknown; a district named after it ended has ended (by the day the
   * period starts: a report of 30 June's last hour is of June).
   */
  @Test
  void theTallyCountsUnknownCommunesAndEndedDistricts() throws Exception {
    KnownCodes known =
        KnownCodes.from(
            vn.ioc.reference.ReferenceData.load(vn.ioc.tools.ProjectFiles.reference()), ZONE);
    var h =
        new OneInputStreamOperatorTestHarness<>(
            new FeedTally<SubmissionReport>(CAL, known, null, ClockKind.WALL));
    h.open();
    String centre = "000.17920.H40";
    String vinh = "000.00.31.H40";
    for (var d :
        List.of(
            area(centre, null, "17920", "2025-07-01T09:00:00"),
            // 16670 (Phường Quán Bàu) went into 17920 on 1 July
            area(centre, null, "16670", "2025-07-01T09:00:00"),
            area(vinh, "412", null, "2025-06-30T23:00:00"),
            area(vinh, "412", null, "2025-07-01T09:00:00"),
            area(vinh, "999", null, "2025-07-01T09:00:00")))
      h.processElement(new StreamRecord<>(d));
    h.endInput();
    Map<String, List<Long>> byUnit = new java.util.TreeMap<>();
    for (StreamRecord<FeedHealthDelta> r : h.getSideOutput(FeedTally.HEALTH)) {
      FeedHealthDelta d = r.getValue();
      byUnit.merge(
          d.unit,
          List.of(d.records, d.unknownCommune, d.endedDistrict),
          (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1), a.get(2) + b.get(2)));
    }
    assertEquals(Map.of(centre, List.of(2L, 1L, 0L), vinh, List.of(3L, 0L, 1L)), byUnit);
    h.close();
  }

  static Decoded<SubmissionReport> area(
      String unit, String district, String commune, String periodStart) {
    Decoded<SubmissionReport> d = report(unit, "1.001193", periodStart, periodStart);
    d.value.districtCode = district;
    d.value.communeCode = commune;
    return d;
  }

  /**
   * The end-of-input watermark comes before endInput: the counts go on before it, or feed health,
   * which writes its hours at that watermark, would never write them.
   */
  @Test
  void theTallyHandsOnItsCountsBeforeTheEndOfInputWatermark() throws Exception {
    var h =
        new OneInputStreamOperatorTestHarness<>(
            new FeedTally<SubmissionReport>(CAL, null, null, ClockKind.WALL));
    h.open();
    h.processElement(
        new StreamRecord<>(report("U1", "S1", "2024-06-03T09:00:00", "2024-06-03T09:10:00")));
    assertEquals(null, h.getSideOutput(FeedTally.HEALTH));
    // the end-of-input watermark, without endInput: the counts are handed on with it
    h.processWatermark(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
    assertEquals(1, h.getSideOutput(FeedTally.HEALTH).size());
    assertEquals(1, h.getSideOutput(FeedTally.HEALTH).peek().getValue().records);
    h.close();
  }

  static FeedHealthDelta delta(String unit, String hour, long records, String deadReason) {
    FeedHealthDelta d = new FeedHealthDelta(unit, at(hour));
    d.records = records;
    d.latestPeriodEnd = at(hour);
    if (deadReason != null) d.deadLetters.put(deadReason, 1L);
    return d;
  }

  /** Feed health of a live run: a changed hour written at most every 10 s. */
  static KeyedOneInputStreamOperatorTestHarness<String, FeedHealthDelta, IndicatorUpdate> live()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(
            new FeedHealth(true, Duration.ofSeconds(10), Duration.ofDays(2), CAL)),
        (FeedHealthDelta d) -> d.unit,
        Types.STRING);
  }

  @Test
  void aLiveRunWritesAChangedHourAtMostOncePerIntervalAndSaysWhenItIsOver() throws Exception {
    var h = live();
    h.open();
    h.setProcessingTime(0);
    h.processElement(new StreamRecord<>(delta("U1", "2024-06-03T09:00:00", 5, null)));
    h.processElement(new StreamRecord<>(delta("U1", "2024-06-03T09:00:00", 2, "late")));
    h.setProcessingTime(9_999);
    assertEquals(0, h.extractOutputValues().size());
    h.setProcessingTime(10_000);
    List<IndicatorUpdate> out = h.extractOutputValues();
    assertEquals(1, out.size());
    assertEquals(7L, out.get(0).point.longFields.get("records"));
    assertEquals(1L, out.get(0).point.longFields.get("dead_letters_late"));
    assertFalse(out.get(0).isFinal, "no later message yet: the hour may still grow");
    h.getOutput().clear();
    // a message of the next hour: the first hour is over
    h.processElement(new StreamRecord<>(delta("U1", "2024-06-03T10:00:00", 1, null)));
    h.setProcessingTime(20_000);
    out = h.extractOutputValues();
    assertEquals(1, out.size(), "only the changed hour is written");
    assertEquals(at("2024-06-03T10:00:00"), out.get(0).point.timeMillis);
    assertEquals(
        at("2024-06-03T10:00:00"), (long) out.get(0).point.longFields.get("latest_period_end_ms"));
    h.close();
  }

  /**
   * A unit that only sent dead letters has no period end of its own: its hour is said to be at the
   * engine's event time, not at the hour it arrived (wall-clock time, which on the bus would move
   * the alerting job's clock to today while the feed replays another day).
   */
  @Test
  void aUnitWithoutValidReportsIsWrittenAtTheEnginesEventTimeNotItsArrivalHour() throws Exception {
    var h = live();
    h.open();
    h.setProcessingTime(0);
    // arrived today; nothing valid yet anywhere, no watermark: the arrival hour is all there is
    FeedHealthDelta garbage = new FeedHealthDelta("??", at("2026-11-28T09:00:00"));
    garbage.deadLetters.put("missing-field", 1L);
    h.processElement(new StreamRecord<>(garbage));
    h.setProcessingTime(10_000);
    assertEquals(at("2026-11-28T09:00:00"), h.extractOutputValues().get(0).asOf);
    h.getOutput().clear();

    // a watermark of the replayed feed: the garbage is written at it
    h.processWatermark(at("2024-10-15T13:00:00"));
    h.processElement(new StreamRecord<>(garbage));
    h.setProcessingTime(20_000);
    assertEquals(at("2024-10-15T13:00:00"), h.extractOutputValues().get(0).asOf);
    h.getOutput().clear();

    // a valid report of another unit, later than the watermark: the latest event time seen
    FeedHealthDelta valid = delta("U1", "2026-11-28T09:00:00", 1, null);
    valid.latestPeriodEnd = at("2024-10-15T13:06:00");
    h.processElement(new StreamRecord<>(valid));
    h.processElement(new StreamRecord<>(garbage));
    h.setProcessingTime(30_000);
    List<IndicatorUpdate> out = h.extractOutputValues();
    assertEquals(2, out.size());
    for (IndicatorUpdate u : out) assertEquals(at("2024-10-15T13:06:00"), u.asOf);
    h.close();
  }

  static Decoded<SubmissionReport> onPartition(int partition, Decoded<SubmissionReport> d) {
    d.partition = partition;
    return d;
  }

  /** A message that cannot be read, on {@code partition}, keyed {@code key}. */
  static Decoded<SubmissionReport> unreadable(int partition, String key, String arrival) {
    vn.ioc.deadletter.DeadLetter d = new vn.ioc.deadletter.DeadLetter("bad-json", "test");
    d.sourcePartition = partition;
    d.sourceTimestamp = at(arrival);
    d.sourceKey = key;
    return Decoded.refused(d);
  }

  static OneInputStreamOperatorTestHarness<Decoded<SubmissionReport>, Decoded<SubmissionReport>>
      simulatedTally() throws Exception {
    return new OneInputStreamOperatorTestHarness<>(
        new FeedTally<SubmissionReport>(CAL, null, null, ClockKind.TICKS));
  }

  /**
   * With a simulated clock the Kafka timestamp is the wall clock (2026 here, the feed's time is
   * 2024): a message arrives at the newest event time its partition has carried, so the hours, the
   * delays and the dead letters downstream are in the feed's time, alike in every run.
   */
  @Test
  void withASimulatedClockAMessageArrivesAtItsPartitionsNewestEventTime() throws Exception {
    String wall = "2026-12-07T22:";
    var h = simulatedTally();
    h.open();
    h.processElement(
        new StreamRecord<>(onPartition(0, report("U1", "S1", "2024-06-03T09:00:00", wall + "00"))));
    h.processElement(
        new StreamRecord<>(onPartition(0, report("U1", "S1", "2024-06-03T09:50:00", wall + "01"))));
    h.processElement(
        new StreamRecord<>(onPartition(1, report("U2", "S1", "2024-06-03T08:40:00", wall + "02"))));
    // sent late on partition 0: it arrives at that partition's time, 09:50
    h.processElement(
        new StreamRecord<>(onPartition(0, report("U3", "S1", "2024-06-03T07:00:00", wall + "03"))));
    h.processElement(new StreamRecord<>(unreadable(0, "U1", wall + "04")));
    // the first message of partition 2 cannot be read: its Kafka timestamp is all there is
    h.processElement(new StreamRecord<>(unreadable(2, "U4", wall + "05")));
    List<Long> arrivals = h.extractOutputValues().stream().map(d -> d.timestamp).toList();
    assertEquals(
        List.of(
            at("2024-06-03T09:00:00"),
            at("2024-06-03T09:50:00"),
            at("2024-06-03T08:40:00"),
            at("2024-06-03T09:50:00"),
            at("2024-06-03T09:50:00"),
            at(wall + "05")),
        arrivals);
    assertEquals(
        at("2024-06-03T09:50:00"),
        h.extractOutputValues().get(4).deadLetter.sourceTimestamp,
        "its dead letter is counted in the same hour downstream");
    h.endInput();
    Map<String, FeedHealthDelta> byUnit = new java.util.TreeMap<>();
    for (StreamRecord<FeedHealthDelta> r : h.getSideOutput(FeedTally.HEALTH))
      byUnit.put(r.getValue().unit, r.getValue());
    assertEquals(List.of("U1", "U2", "U3", "U4"), List.copyOf(byUnit.keySet()));
    assertEquals(at("2024-06-03T09:00:00"), byUnit.get("U1").hourStart);
    assertEquals(3, byUnit.get("U1").records);
    assertEquals(at("2024-06-03T08:00:00"), byUnit.get("U2").hourStart);
    assertEquals(at("2024-06-03T09:00:00"), byUnit.get("U3").hourStart);
    assertEquals(
        at("2024-06-03T09:50:00") - at("2024-06-03T07:00:00"), byUnit.get("U3").maxReportDelay);
    assertEquals(at(wall + "00"), byUnit.get("U4").hourStart);
    h.close();
  }

  /** A restart keeps the partitions' clocks: what it reads first arrives as it would have. */
  @Test
  void thePartitionsClocksSurviveARestart() throws Exception {
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState saved;
    try (var h = simulatedTally()) {
      h.open();
      h.processElement(
          new StreamRecord<>(
              onPartition(0, report("U1", "S1", "2024-06-03T09:50:00", "2026-12-07T22:00:00"))));
      saved = h.snapshot(1, 1);
    }
    try (var h = simulatedTally()) {
      h.initializeState(saved);
      h.open();
      h.processElement(new StreamRecord<>(unreadable(0, "U1", "2026-12-07T22:30:00")));
      assertEquals(at("2024-06-03T09:50:00"), h.extractOutputValues().get(0).timestamp);
    }
  }

  /**
   * A dead letter whose message's arrival is unknown (the unit×service cap refuses after the report
   * was aggregated) is counted in the hour of the feed's event time, not in the wall-clock hour of
   * its refusal.
   */
  @Test
  void aDeadLetterWithoutArrivalIsCountedInTheHourOfTheFeedsEventTime() throws Exception {
    var h = live();
    h.open();
    h.setProcessingTime(0);
    FeedHealthDelta valid = delta("U1", "2024-10-15T13:00:00", 1, null);
    valid.latestPeriodEnd = at("2024-10-15T13:06:00");
    h.processElement(new StreamRecord<>(valid));
    vn.ioc.deadletter.DeadLetter capped =
        new vn.ioc.deadletter.DeadLetter("cardinality-limit", "test");
    capped.sourceKey = "U2";
    capped.refusedAt = at("2026-12-07T22:15:00");
    FeedHealthDelta d = FeedHealthDelta.of(capped, CAL);
    assertEquals(true, d.arrivalUnknown);
    h.processElement(new StreamRecord<>(d));
    h.setProcessingTime(10_000);
    IndicatorUpdate u2 =
        h.extractOutputValues().stream()
            .filter(u -> "U2".equals(u.point.tags.get("unit")))
            .findFirst()
            .orElseThrow();
    assertEquals(at("2024-10-15T13:00:00"), u2.point.timeMillis);
    assertEquals(1L, u2.point.longFields.get("dead_letters_cardinality_limit"));
    h.close();
  }
}
