package vn.ioc.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import vn.ioc.alerting.AlertChange;
import vn.ioc.alerting.AlertEvent;
import vn.ioc.alerting.AlertLevel;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.clock.ClockStop;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.reference.Directory;

/**
 * The dispatch on a keyed harness, time driven by hand: routing, reminders, escalation,
 * acknowledgement, mute windows, silences, inhibition, flapping, the clock's stop.
 */
class AlertDispatchTest {
  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

  /** Unit U1: its leader, then the vice-chair 4 hours later; everyone else: the duty officer. */
  static final Directory DIRECTORY =
      new Directory(
          Map.of(
              "lead.U1", person("lead.U1", "Giám đốc Sở Thử nghiệm", "U1"),
              "deputy.U1", person("deputy.U1", "Phó Giám đốc Sở Thử nghiệm", "U1"),
              "vice.1", person("vice.1", "Phó Chủ tịch UBND tỉnh", "40"),
              "duty", person("duty", "Trực ban IOC", "40")),
          Map.of(
              "U1",
              List.of(
                  new Directory.Step(0, "lead.U1", Duration.ZERO),
                  new Directory.Step(1, "vice.1", Duration.ofHours(4))),
              Directory.ANY_UNIT,
              List.of(new Directory.Step(0, "duty", Duration.ZERO))));

  static Directory.Person person(String id, String name, String unit) {
    return new Directory.Person(id, name, name, unit, null, null, List.of());
  }

  /** 2024-10-15 is a Tuesday. */
  static long at(String local) {
    return LocalDateTime.parse(local.length() <= 8 ? "2024-10-15T" + local : local)
        .atZone(HCM)
        .toInstant()
        .toEpochMilli();
  }

  static AlertEvent firing(String rule, String unit, String level, double value, String when) {
    AlertEvent e = new AlertEvent();
    e.ruleId = rule;
    e.series = "service_rates,scope=unit,unit=" + unit + ",window=1d";
    e.tags = Map.of("scope", "unit", "unit", unit, "window", "1d");
    e.unit = unit;
    e.state = AlertChange.FIRING;
    e.level = AlertLevel.ofCode(level);
    e.value = value;
    e.threshold = 50;
    e.at = at(when);
    e.since = at(when);
    e.message = rule + " " + unit + " " + value;
    e.renotifyMs = Duration.ofHours(2).toMillis();
    return e;
  }

  static AlertEvent resolved(AlertEvent fired, double value, String when) {
    AlertEvent e = fired.copy();
    e.state = AlertChange.RESOLVED;
    e.value = value;
    e.at = at(when);
    return e;
  }

  static KeyedBroadcastOperatorTestHarness<String, Dispatchable, DispatchControl, AlertEvent>
      harness(long until) throws Exception {
    var h = unopened(until);
    h.open();
    return h;
  }

  /** A harness to restore a snapshot into before opening it. */
  static KeyedBroadcastOperatorTestHarness<String, Dispatchable, DispatchControl, AlertEvent>
      unopened(long until) throws Exception {
    return unopened(DIRECTORY, until);
  }

  static KeyedBroadcastOperatorTestHarness<String, Dispatchable, DispatchControl, AlertEvent>
      unopened(Directory directory, long until) throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator<>(
            new AlertDispatch(directory, WorkingDays.weekendsOnly(), HCM, until),
            List.of(AlertDispatch.SILENCES, ClockStop.STATE)),
        Dispatchable::unit,
        Types.STRING,
        1,
        1,
        0);
  }

  /** Silence "bao-tri" of the duty officer, from and to local times of 2024-10-15. */
  static Silence silence(Map<String, String> matchers, String from, String to) {
    Silence s = new Silence();
    s.id = "bao-tri";
    s.matchers = matchers;
    s.startsAt = at(from);
    s.endsAt = at(to);
    s.createdBy = "duty";
    s.comment = "Bảo trì";
    return s;
  }

  static KeyedBroadcastOperatorTestHarness<String, Dispatchable, DispatchControl, AlertEvent>
      harness() throws Exception {
    return harness(ClockStop.NO_UNTIL);
  }

  /** The watermark each harness has reached. */
  static final java.util.IdentityHashMap<Object, Long> WATERMARKS =
      new java.util.IdentityHashMap<>();

  /** An alert event, and the watermark reaching its time (unless it is behind already). */
  static void send(
      KeyedBroadcastOperatorTestHarness<String, Dispatchable, DispatchControl, AlertEvent> h,
      AlertEvent e)
      throws Exception {
    h.processElement(Dispatchable.of(e), e.at);
    if (e.at > WATERMARKS.getOrDefault(h, Long.MIN_VALUE)) advance(h, e.at);
  }

  /** "time recipient reason step ackable": every notice, in order. */
  static List<String> notices(
      KeyedBroadcastOperatorTestHarness<String, Dispatchable, DispatchControl, AlertEvent> h) {
    List<String> out = new ArrayList<>();
    var side = h.getSideOutput(AlertDispatch.NOTICES);
    if (side == null) return out; // nothing was output
    for (StreamRecord<Notification.Notice> r : side) {
      Notification.Notice n = r.getValue();
      out.add(
          local(n.at)
              + " "
              + n.recipient
              + " "
              + n.reason
              + " "
              + n.rule
              + " step "
              + n.escalationStep
              + (n.ackable ? " ackable" : ""));
    }
    return out;
  }

  /** "time state level step recipients [acknowledgedBy]": every alert record, in order. */
  static List<String> records(
      KeyedBroadcastOperatorTestHarness<String, Dispatchable, DispatchControl, AlertEvent> h) {
    return h.extractOutputValues().stream()
        .map(
            e ->
                local(e.at)
                    + " "
                    + e.state
                    + " "
                    + e.ruleId
                    + " "
                    + e.level
                    + " step "
                    + e.escalationStep
                    + " "
                    + e.recipients
                    + (e.acknowledgedBy == null ? "" : " by " + e.acknowledgedBy))
        .toList();
  }

  static void advance(
      KeyedBroadcastOperatorTestHarness<String, Dispatchable, DispatchControl, AlertEvent> h,
      long t)
      throws Exception {
    h.processBroadcastWatermark(t);
    h.processWatermark(t);
    WATERMARKS.put(h, t);
  }

  static List<InfluxPoint> points(
      KeyedBroadcastOperatorTestHarness<String, Dispatchable, DispatchControl, AlertEvent> h) {
    List<InfluxPoint> out = new ArrayList<>();
    var side = h.getSideOutput(AlertDispatch.RECORDS);
    if (side != null) for (StreamRecord<InfluxPoint> r : side) out.add(r.getValue());
    return out;
  }

  static String local(long t) {
    return Rfc3339.format(t, HCM).substring(0, 16);
  }

  @Test
  void aFiringAlertGoesToTheLeaderRemindsEscalatesUntilAcknowledgedAndResolvesToAll()
      throws Exception {
    try (var h = harness()) {
      AlertEvent fired = firing("online-rate-today", "U1", "warning", 42, "08:00");
      send(h, fired);
      advance(h, at("13:00"));
      h.processElement(
          Dispatchable.of(Ack.of(fired.alertId(), "U1", "vice.1", at("13:30"), "Đã giao Sở xử lý")),
          at("13:30"));
      advance(h, at("18:00"));
      send(h, resolved(fired, 60, "18:30"));
      assertEquals(
          List.of(
              "2024-10-15T08:00 lead.U1 firing online-rate-today step 0 ackable",
              "2024-10-15T10:00 lead.U1 reminder online-rate-today step 0 ackable",
              "2024-10-15T12:00 vice.1 escalation online-rate-today step 1 ackable",
              "2024-10-15T12:00 lead.U1 reminder online-rate-today step 1 ackable",
              "2024-10-15T12:00 vice.1 reminder online-rate-today step 1 ackable",
              "2024-10-15T18:30 lead.U1 resolved online-rate-today step 1",
              "2024-10-15T18:30 vice.1 resolved online-rate-today step 1"),
          notices(h));
      assertEquals(
          List.of(
              "2024-10-15T08:00 FIRING online-rate-today warning step 0 [lead.U1]",
              "2024-10-15T12:00 FIRING online-rate-today warning step 1 [lead.U1, vice.1]",
              "2024-10-15T13:30 ACKNOWLEDGED online-rate-today warning step 1 [lead.U1, vice.1]"
                  + " by vice.1",
              "2024-10-15T18:30 RESOLVED online-rate-today warning step 1 [lead.U1, vice.1]"
                  + " by vice.1"),
          records(h));
      InfluxPoint ack =
          points(h).stream()
              .filter(p -> "acknowledged".equals(p.tags.get("reason")))
              .findFirst()
              .orElseThrow();
      assertEquals(at("13:30"), ack.timeMillis);
      assertEquals(5.5 * 3600, ack.doubleFields.get("ack_seconds"));
      assertEquals("vice.1", ack.stringFields.get("recipient"));
      assertEquals("Đã giao Sở xử lý", ack.stringFields.get("comment"));
      assertEquals(
          Map.of("rule", "online-rate-today", "unit", "U1", "reason", "acknowledged", "n", "0"),
          ack.tags);
      // one record per notice, one for the ack; the two at 12:00 to vice.1 are numbered apart
      assertEquals(8, points(h).size());
      assertEquals(
          List.of("escalation 0", "reminder 0", "reminder 1"),
          points(h).stream()
              .filter(p -> p.timeMillis == at("12:00"))
              .map(p -> p.tags.get("reason") + " " + p.tags.get("n"))
              .toList());
    }
  }

  @Test
  void aRestartFromASnapshotRemindsEscalatesAndSilencesAsIfNoneHappened() throws Exception {
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
    try (var h = harness()) {
      send(h, firing("online-rate-today", "U1", "warning", 42, "08:00"));
      h.processBroadcastElement(
          DispatchControl.of(silence(Map.of("unit", "U1"), "11:30", "12:30")), 0);
      advance(h, at("09:00"));
      snapshot = h.snapshot(1, at("09:00"));
    }
    try (var h = unopened(ClockStop.NO_UNTIL)) {
      h.initializeState(snapshot);
      h.open();
      advance(h, at("13:00"));
      // the reminder of 10:00; the escalation and reminder of 12:00 held by the restored silence,
      // the escalation told when it ends (the reminder merged into it)
      assertEquals(
          List.of(
              "2024-10-15T10:00 lead.U1 reminder online-rate-today step 0 ackable",
              "2024-10-15T12:30 vice.1 escalation online-rate-today step 1 ackable"),
          notices(h));
    }
  }

  @Test
  void aLevelChangeIsToldToEveryoneToldBeforeAndAnAckStopsReminders() throws Exception {
    try (var h = harness()) {
      AlertEvent fired = firing("online-rate-today", "U1", "warning", 42, "08:00");
      send(h, fired);
      h.processElement(
          Dispatchable.of(Ack.of(fired.alertId(), "U1", "lead.U1", at("08:20"), null)),
          at("08:20"));
      AlertEvent worse = firing("online-rate-today", "U1", "critical", 25, "09:00");
      worse.since = fired.since;
      send(h, worse);
      advance(h, at("23:00"));
      assertEquals(
          List.of(
              "2024-10-15T08:00 lead.U1 firing online-rate-today step 0 ackable",
              "2024-10-15T09:00 lead.U1 firing online-rate-today step 0"),
          notices(h));
    }
  }

  @Test
  void aNoticeDueInAMuteWindowIsToldWhenItEndsAndEscalationCountsFromThen() throws Exception {
    try (var h = harness()) {
      AlertEvent fired = firing("online-rate-today", "U1", "warning", 42, "20:00");
      fired.mutes = List.of("17:30-07:00 all");
      fired.renotifyMs = 0;
      send(h, fired);
      advance(h, at("2024-10-16T06:59"));
      assertEquals(List.of(), notices(h));
      advance(h, at("2024-10-16T11:00"));
      assertEquals(
          List.of(
              "2024-10-16T07:00 lead.U1 firing online-rate-today step 0 ackable",
              "2024-10-16T11:00 vice.1 escalation online-rate-today step 1 ackable"),
          notices(h));
      assertEquals(
          List.of(
              "2024-10-15T20:00 FIRING online-rate-today warning step 0 [lead.U1]",
              "2024-10-16T11:00 FIRING online-rate-today warning step 1 [lead.U1, vice.1]"),
          records(h));
    }
  }

  /**
   * An alert that resolves while its notices are muted keeps the time of its next reminder. That
   * timer, due while the resolved notice waits, must not be planned again as it fires: it would
   * fire again at once, without end (the demo's alerting job hung in its savepoint that way).
   */
  @Test
  void anAlertResolvedInAMuteWindowIsToldWhenItEndsAndItsRemindersStop() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          try (var h = harness()) {
            AlertEvent fired = firing("online-rate-today", "U1", "warning", 42, "15:00");
            fired.mutes = List.of("17:30-07:00 all");
            send(h, fired);
            advance(h, at("2024-10-15T17:10"));
            send(h, resolved(fired, 60, "18:00"));
            advance(h, at("2024-10-16T08:00"));
            assertEquals(
                List.of(
                    "2024-10-15T15:00 lead.U1 firing online-rate-today step 0 ackable",
                    "2024-10-15T17:00 lead.U1 reminder online-rate-today step 0 ackable",
                    "2024-10-16T07:00 lead.U1 resolved online-rate-today step 0"),
                notices(h));
            assertEquals(0, h.numEventTimeTimers(), "nothing left to plan");
          }
        });
  }

  @Test
  void offDaysFollowTheCalendarInMuteWindows() throws Exception {
    try (var h = harness()) {
      // Saturday 2024-10-19: muted all day on days off
      AlertEvent fired = firing("online-rate-today", "U1", "warning", 42, "2024-10-19T09:00");
      fired.mutes = List.of("00:00-00:00 off");
      fired.renotifyMs = 0;
      send(h, fired);
      advance(h, at("2024-10-20T23:59"));
      assertEquals(List.of(), notices(h));
      advance(h, at("2024-10-21T00:00"));
      assertEquals(
          List.of("2024-10-21T00:00 lead.U1 firing online-rate-today step 0 ackable"), notices(h));
    }
  }

  @Test
  void aSilenceHoldsNoticesNotRecordsAndAnAlertResolvedUnheardIsOnlyRecorded() throws Exception {
    try (var h = harness()) {
      h.processBroadcastElement(
          DispatchControl.of(silence(Map.of("unit", "U1"), "08:00", "09:00")), 0);
      AlertEvent a = firing("online-rate-today", "U1", "warning", 42, "08:10");
      send(h, a);
      AlertEvent b = firing("on-time-rate-month", "U1", "warning", 80, "08:20");
      send(h, b);
      send(h, resolved(b, 99, "08:40"));
      advance(h, at("09:30"));
      assertEquals(
          List.of("2024-10-15T09:00 lead.U1 firing online-rate-today step 0 ackable"), notices(h));
      assertEquals(
          List.of(
              "2024-10-15T08:10 FIRING online-rate-today warning step 0 [lead.U1]",
              "2024-10-15T08:20 FIRING on-time-rate-month warning step 0 [lead.U1]",
              "2024-10-15T08:40 RESOLVED on-time-rate-month warning step 0 []"),
          records(h));
    }
  }

  @Test
  void aDeletedSilenceReleasesWithinAMinute() throws Exception {
    try (var h = harness()) {
      h.processBroadcastElement(
          DispatchControl.of(silence(Map.of("rule", "*"), "08:00", "18:00")), 0);
      send(h, firing("online-rate-today", "U1", "warning", 42, "08:10"));
      advance(h, at("08:30"));
      h.processBroadcastElement(DispatchControl.of(Silence.deleted("bao-tri")), 0);
      advance(h, at("08:31"));
      assertEquals(
          List.of("2024-10-15T08:31 lead.U1 firing online-rate-today step 0 ackable"), notices(h));
    }
  }

  @Test
  void aFiringFeedSilentAlertInhibitsTheUnitsRateAlertsUntilItResolves() throws Exception {
    try (var h = harness()) {
      AlertEvent silent = firing("feed-silent", "U1", "nodata", Double.NaN, "08:00");
      silent.inhibits = List.of("online-rate-today");
      silent.renotifyMs = 0;
      send(h, silent);
      AlertEvent rate = firing("online-rate-today", "U1", "critical", 0, "08:30");
      send(h, rate);
      AlertEvent other = firing("online-rate-today", "U2", "critical", 0, "08:30");
      send(h, other);
      advance(h, at("09:00"));
      send(h, resolved(silent, 3, "09:10"));
      assertEquals(
          List.of(
              "2024-10-15T08:00 lead.U1 firing feed-silent step 0 ackable",
              "2024-10-15T08:30 duty firing online-rate-today step 0 ackable",
              "2024-10-15T09:10 lead.U1 resolved feed-silent step 0",
              "2024-10-15T09:10 lead.U1 firing online-rate-today step 0 ackable"),
          notices(h));
    }
  }

  @Test
  void aFlappingAlertIsHeldUntilItsNextChangeOnceSettled() throws Exception {
    try (var h = harness()) {
      AlertEvent a = firing("online-rate-today", "U1", "warning", 42, "08:00");
      a.flapping = true;
      send(h, a);
      advance(h, at("09:00"));
      assertEquals(List.of(), notices(h));
      AlertEvent settled = firing("online-rate-today", "U1", "critical", 20, "09:10");
      send(h, settled);
      assertEquals(
          List.of("2024-10-15T09:10 lead.U1 firing online-rate-today step 0 ackable"), notices(h));
    }
  }

  @Test
  void aFlappingAlertThatSettlesWhileFiringIsToldOnceItSettles() throws Exception {
    try (var h = harness()) {
      AlertEvent a = firing("online-rate-today", "U1", "warning", 42, "08:00");
      a.flapping = true;
      send(h, a);
      AlertEvent settled = firing("online-rate-today", "U1", "warning", 41, "08:40");
      settled.since = a.since;
      send(h, settled);
      AlertEvent again = firing("online-rate-today", "U1", "warning", 40, "09:00");
      again.since = a.since;
      send(h, again); // the same level again: nothing new to tell
      assertEquals(
          List.of("2024-10-15T08:40 lead.U1 firing online-rate-today step 0 ackable"), notices(h));
      // every FIRING names whom it is for; the one that settles, whom it told then
      assertEquals(
          List.of(
              "2024-10-15T08:00 FIRING online-rate-today warning step 0 [lead.U1]",
              "2024-10-15T08:40 FIRING online-rate-today warning step 0 [lead.U1]",
              "2024-10-15T09:00 FIRING online-rate-today warning step 0 [lead.U1]"),
          records(h));
    }
  }

  @Test
  void anItemsResponsibleHearsOfItsAlertsAndUnitsWithoutAChainGoToTheDefaultOne() throws Exception {
    try (var h = harness()) {
      AlertEvent item = firing("items-at-risk", "U1", "warning", 1, "08:00");
      item.responsible = "Phó Giám đốc Sở Thử nghiệm";
      item.recipients = List.of("duty");
      send(h, item);
      send(h, firing("online-rate-today", "U9", "warning", 1, "08:00"));
      assertEquals(
          List.of(
              "2024-10-15T08:00 lead.U1 firing items-at-risk step 0 ackable",
              "2024-10-15T08:00 deputy.U1 firing items-at-risk step 0 ackable",
              "2024-10-15T08:00 duty firing items-at-risk step 0 ackable",
              "2024-10-15T08:00 duty firing online-rate-today step 0 ackable"),
          notices(h));
    }
  }

  @Test
  void anAckOfAnAlertThatDoesNotFireIsRecordedAndChangesNothing() throws Exception {
    try (var h = harness()) {
      h.processElement(
          Dispatchable.of(Ack.of("online-rate-today x", "U1", "lead.U1", at("08:00"), null)),
          at("08:00"));
      advance(h, at("08:00"));
      assertEquals(List.of(), records(h));
      assertEquals(1, points(h).size());
      assertEquals("late-ack", points(h).get(0).tags.get("reason"));
      assertEquals("online-rate-today x", points(h).get(0).stringFields.get("alert_id"));
    }
  }

  /**
   * A link names the firing episode it was sent for: confirmed after the alert resolved and fired
   * again, it is a late ack that changes nothing, and the later episode reminds until its own ack.
   */
  @Test
  void anAckOfAnEarlierEpisodeIsALateAckAndNeverAcknowledgesTheLaterOne() throws Exception {
    try (var h = harness()) {
      AlertEvent first = firing("online-rate-today", "U1", "warning", 42, "08:00");
      send(h, first);
      send(h, resolved(first, 60, "09:00"));
      AlertEvent again = firing("online-rate-today", "U1", "warning", 40, "10:00");
      send(h, again);
      h.processElement(
          Dispatchable.of(
              Ack.of(first.alertId(), "U1", "lead.U1", at("10:30"), null).forEpisode(first.since)),
          at("10:30"));
      advance(h, at("12:20"));
      h.processElement(
          Dispatchable.of(
              Ack.of(again.alertId(), "U1", "lead.U1", at("12:30"), "Đã xử lý")
                  .forEpisode(again.since)),
          at("12:30"));
      advance(h, at("16:00"));
      assertEquals(
          List.of(
              "2024-10-15T08:00 lead.U1 firing online-rate-today step 0 ackable",
              "2024-10-15T09:00 lead.U1 resolved online-rate-today step 0",
              "2024-10-15T10:00 lead.U1 firing online-rate-today step 0 ackable",
              "2024-10-15T12:00 lead.U1 reminder online-rate-today step 0 ackable"),
          notices(h));
      assertEquals(
          List.of(
              "2024-10-15T08:00 FIRING online-rate-today warning step 0 [lead.U1]",
              "2024-10-15T09:00 RESOLVED online-rate-today warning step 0 [lead.U1]",
              "2024-10-15T10:00 FIRING online-rate-today warning step 0 [lead.U1]",
              "2024-10-15T12:30 ACKNOWLEDGED online-rate-today warning step 0 [lead.U1]"
                  + " by lead.U1"),
          records(h));
      assertEquals(
          List.of(
              InfluxPoint.of("alert_notifications", at("10:30"))
                  .tag("reason", "late-ack")
                  .tag("unit", "U1")
                  .tag("rule", "online-rate-today")
                  .tag("n", "0")
                  .field("alert_id", first.alertId())
                  .field("recipient", "lead.U1")
                  .field("since_ms", at("08:00"))
                  .field("step", 0L),
              InfluxPoint.of("alert_notifications", at("12:30"))
                  .tag("reason", "acknowledged")
                  .tag("unit", "U1")
                  .tag("rule", "online-rate-today")
                  .tag("n", "0")
                  .field("alert_id", again.alertId())
                  .field("recipient", "lead.U1")
                  .field("since_ms", at("10:00"))
                  .field("step", 0L)
                  .field("ack_seconds", 2.5 * 3600)
                  .field("comment", "Đã xử lý")),
          points(h).stream()
              .filter(p -> p.tags.get("reason").matches("late-ack|acknowledged"))
              .toList());
    }
  }

  /** An ack that names no episode (written before acks named one) is for the current one. */
  @Test
  void anAckWithoutItsEpisodeAcknowledgesTheFiringOneAsBefore() throws Exception {
    try (var h = harness()) {
      AlertEvent fired = firing("online-rate-today", "U1", "warning", 42, "08:00");
      send(h, fired);
      h.processElement(
          Dispatchable.of(Ack.of(fired.alertId(), "U1", "lead.U1", at("08:30"), null)),
          at("08:30"));
      advance(h, at("16:00"));
      assertEquals(
          List.of("2024-10-15T08:00 lead.U1 firing online-rate-today step 0 ackable"), notices(h));
      InfluxPoint ack = points(h).get(1);
      assertEquals("acknowledged", ack.tags.get("reason"));
      assertEquals(Map.of("since_ms", at("08:00"), "step", 0L), ack.longFields);
    }
  }

  @Test
  void noReminderOrEscalationBeyondTheClocksStop() throws Exception {
    try (var h = harness()) {
      send(h, firing("online-rate-today", "U1", "warning", 42, "08:00"));
      h.processBroadcastElement(DispatchControl.stop(at("11:00")), 0);
      advance(h, Long.MAX_VALUE);
      assertEquals(
          List.of(
              "2024-10-15T08:00 lead.U1 firing online-rate-today step 0 ackable",
              "2024-10-15T10:00 lead.U1 reminder online-rate-today step 0 ackable"),
          notices(h));
    }
  }

  /** A reminder says the figure now, not the one the alert fired at; a value alone tells nobody. */
  @Test
  void aReminderSaysTheValueNow() throws Exception {
    try (var h = harness()) {
      AlertEvent fired = firing("online-rate-today", "U1", "warning", 42, "08:00");
      send(h, fired);
      AlertEvent moved = firing("online-rate-today", "U1", "warning", 46.5, "09:00");
      moved.since = fired.since;
      h.processElement(Dispatchable.valueOf(moved), moved.at);
      advance(h, at("10:00"));
      var told = h.getSideOutput(AlertDispatch.NOTICES).stream().map(r -> r.getValue()).toList();
      assertEquals(
          List.of(
              "firing 42.0 online-rate-today U1 42.0", "reminder 46.5 online-rate-today U1 46.5"),
          told.stream().map(n -> n.reason + " " + n.value + " " + n.message).toList());
      assertEquals(
          List.of("2024-10-15T08:00 FIRING online-rate-today warning step 0 [lead.U1]"),
          records(h));
    }
  }

  /** While the leader is on leave, the deputy hears the leader's notices, saying for whom. */
  @Test
  void aLeaderOnLeaveIsToldThroughTheDeputy() throws Exception {
    Directory onLeave =
        new Directory(
            DIRECTORY.people(),
            DIRECTORY.chains(),
            Map.of(
                "lead.U1",
                List.of(
                    new Directory.Leave(
                        "lead.U1",
                        "deputy.U1",
                        java.time.LocalDate.parse("2024-10-15"),
                        java.time.LocalDate.parse("2024-10-15")))));
    try (var h = unopened(onLeave, ClockStop.NO_UNTIL)) {
      h.open();
      AlertEvent fired = firing("online-rate-today", "U1", "warning", 42, "20:00");
      send(h, fired);
      advance(h, at("2024-10-16T00:00"));
      var told = h.getSideOutput(AlertDispatch.NOTICES).stream().map(r -> r.getValue()).toList();
      assertEquals(
          List.of(
              "2024-10-15T20:00 deputy.U1 firing for Giám đốc Sở Thử nghiệm",
              "2024-10-15T22:00 deputy.U1 reminder for Giám đốc Sở Thử nghiệm",
              // back from leave at midnight, as the chain's next step is due
              "2024-10-16T00:00 vice.1 escalation for null",
              "2024-10-16T00:00 lead.U1 reminder for null",
              "2024-10-16T00:00 vice.1 reminder for null"),
          told.stream()
              .map(n -> local(n.at) + " " + n.recipient + " " + n.reason + " for " + n.onBehalfOf)
              .toList());
      assertEquals(
          java.util.Arrays.asList("lead.U1", "lead.U1", null, null, null),
          points(h).stream().map(p -> p.stringFields.get("on_behalf_of")).toList());
      assertEquals(
          List.of(
              "2024-10-15T20:00 FIRING online-rate-today warning step 0 [lead.U1]",
              "2024-10-16T00:00 FIRING online-rate-today warning step 1 [lead.U1, vice.1]"),
          records(h));
    }
  }
}
