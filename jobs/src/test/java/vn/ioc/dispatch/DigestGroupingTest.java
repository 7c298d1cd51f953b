package vn.ioc.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import vn.ioc.influx.InfluxPoint;

/**
 * Digests per recipient: group wait, group interval, nothing from the future, one line per alert
 * with what changed, superseded reminders dropped, stable ids, and the catch-up rule at its
 * boundary.
 */
class DigestGroupingTest {
  static final long WAIT = 60_000;
  static final long INTERVAL = 300_000;
  static final long LAG = 15 * 60_000;

  /** The engine's "now" of the catch-up harness. */
  static final AtomicLong NOW = new AtomicLong();

  static long at(String local) {
    return AlertDispatchTest.at(local);
  }

  static Notification.Notice notice(String alert, NoticeReason reason, String when) {
    return notice(alert, reason, "warning", when);
  }

  static Notification.Notice notice(String alert, NoticeReason reason, String level, String when) {
    Notification.Notice n = new Notification.Notice();
    n.alertId = alert;
    n.rule = "rule-" + alert;
    n.unit = "U1";
    n.reason = reason;
    n.state = reason == NoticeReason.RESOLVED ? "RESOLVED" : "FIRING";
    n.level = level;
    n.message = "Tin " + alert;
    n.recipient = "lead.U1";
    n.recipientName = "Giám đốc Sở Thử nghiệm";
    n.at = at(when);
    n.since = at("08:00");
    n.sameTime = "0";
    return n;
  }

  static KeyedOneInputStreamOperatorTestHarness<String, Notification.Notice, Notification> harness()
      throws Exception {
    return harness((DigestGrouping.CatchUp) null);
  }

  static KeyedOneInputStreamOperatorTestHarness<String, Notification.Notice, Notification> harness(
      DigestGrouping.CatchUp catchUp) throws Exception {
    return harness(
        new DigestGrouping(WAIT, INTERVAL, "IOC Thử nghiệm", DigestGrouping.Quiet.NONE, catchUp));
  }

  static KeyedOneInputStreamOperatorTestHarness<String, Notification.Notice, Notification> harness(
      DigestGrouping grouping) throws Exception {
    var h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            grouping, n -> n.recipient, Types.STRING);
    h.open();
    return h;
  }

  /** The catch-up rule on {@link #NOW}. */
  static KeyedOneInputStreamOperatorTestHarness<String, Notification.Notice, Notification>
      catchingUp(String now) throws Exception {
    NOW.set(at(now));
    return harness(new DigestGrouping.CatchUp(LAG, () -> () -> OptionalLong.of(NOW.get())));
  }

  /**
   * A recipient with quiet nights (22:00–06:00), and the catch-up rule of {@code lagMs} on {@link
   * #NOW}.
   */
  static KeyedOneInputStreamOperatorTestHarness<String, Notification.Notice, Notification>
      quietNightsCatchingUp(long lagMs) throws Exception {
    DigestGrouping.Quiet quiet =
        new DigestGrouping.Quiet(
            java.util.Map.of("lead.U1", List.of("22:00-06:00 all")),
            AlertDispatchTest.HCM,
            vn.ioc.calendar.WorkingDays.weekendsOnly());
    return harness(
        new DigestGrouping(
            WAIT,
            INTERVAL,
            "IOC Thử nghiệm",
            quiet,
            new DigestGrouping.CatchUp(lagMs, () -> () -> OptionalLong.of(NOW.get()))));
  }

  static List<String> digests(
      KeyedOneInputStreamOperatorTestHarness<String, Notification.Notice, Notification> h) {
    return h.extractOutputValues().stream()
        .map(
            d ->
                AlertDispatchTest.local(d.at)
                    + " "
                    + d.recipient
                    + " "
                    + d.alerts.stream().map(a -> a.alertId + "/" + a.change).toList()
                    + " "
                    + d.subject
                    + (d.heldBack > 0 ? " (" + d.heldBack + " held back)" : ""))
        .toList();
  }

  static List<String> records(
      KeyedOneInputStreamOperatorTestHarness<String, Notification.Notice, Notification> h) {
    var side = h.getSideOutput(DigestGrouping.RECORDS);
    if (side == null) return List.of(); // nothing was output
    return side.stream()
        .map(r -> (InfluxPoint) r.getValue())
        .map(
            p ->
                AlertDispatchTest.local(p.timeMillis)
                    + " "
                    + new java.util.TreeMap<>(p.tags)
                    + " "
                    + new java.util.TreeMap<>(p.stringFields)
                    + " "
                    + p.longFields)
        .toList();
  }

  @Test
  void noticesWithinTheWaitAreOneDigestAndTheNextWaitsForTheInterval() throws Exception {
    try (var h = harness()) {
      h.processElement(notice("a", NoticeReason.FIRING, "08:00"), at("08:00"));
      h.processElement(notice("b", NoticeReason.FIRING, "08:00"), at("08:00"));
      h.processElement(notice("c", NoticeReason.RESOLVED, "08:00:30"), at("08:00:30"));
      h.processWatermark(at("08:01"));
      h.processElement(notice("a", NoticeReason.REMINDER, "08:02"), at("08:02"));
      h.processWatermark(at("08:05:59"));
      assertEquals(1, h.extractOutputValues().size());
      h.processWatermark(at("08:06"));
      assertEquals(
          List.of(
              "2024-10-15T08:01 lead.U1 [a/Mới, b/Mới, c/Đã hết]"
                  + " [IOC Thử nghiệm] 2 cảnh báo mới, 1 đã hết",
              "2024-10-15T08:06 lead.U1 [a/Vẫn phát] [IOC Thử nghiệm] 1 cảnh báo vẫn phát"),
          digests(h));
    }
  }

  @Test
  void aDigestListsEachAlertOnceWithWhatChangedAndDropsSupersededReminders() throws Exception {
    DigestGrouping grouping =
        new DigestGrouping(WAIT, INTERVAL, "IOC Thử nghiệm", DigestGrouping.Quiet.NONE, null);
    try (var h = harness(grouping)) {
      h.processElement(notice("a", NoticeReason.FIRING, "08:00"), at("08:00"));
      h.processElement(notice("b", NoticeReason.FIRING, "08:00"), at("08:00"));
      h.processWatermark(at("08:01"));
      // a: two reminders, then critical; b: a reminder, then acknowledged and resolved; c: new
      h.processElement(notice("a", NoticeReason.REMINDER, "09:00"), at("09:00"));
      h.processElement(notice("b", NoticeReason.REMINDER, "09:00"), at("09:00"));
      h.processElement(notice("a", NoticeReason.REMINDER, "09:00:20"), at("09:00:20"));
      Notification.Notice critical = notice("a", NoticeReason.FIRING, "critical", "09:00:40");
      critical.acknowledgedBy = "Nguyễn Văn An";
      h.processElement(critical, at("09:00:40"));
      h.processElement(notice("b", NoticeReason.RESOLVED, "09:00:50"), at("09:00:50"));
      Notification.Notice up = notice("c", NoticeReason.ESCALATION, "09:00:55");
      up.escalationStep = 1;
      h.processElement(up, at("09:00:55"));
      h.processWatermark(at("09:01"));
      assertEquals(
          List.of(
              "2024-10-15T08:01 lead.U1 [a/Mới, b/Mới] [IOC Thử nghiệm] 2 cảnh báo mới",
              "2024-10-15T09:01 lead.U1 [c/Chuyển lên bậc 1,"
                  + " a/Đổi mức: cảnh báo → nghiêm trọng, đã được Nguyễn Văn An xác nhận,"
                  + " b/Đã hết] [IOC Thử nghiệm] 1 cảnh báo chuyển lên, 1 đổi mức, 1 đã hết"),
          digests(h));
      // a's two reminders and b's one were superseded before the digest went
      assertEquals(3, grouping.supersededReminders());
    }
  }

  /** A digest due in the recipient's quiet hours waits for their end, gathering what comes. */
  @Test
  void quietHoursHoldTheRecipientsDigestsUntilMorning() throws Exception {
    DigestGrouping.Quiet quiet =
        new DigestGrouping.Quiet(
            java.util.Map.of("lead.U1", List.of("21:30-06:30 all")),
            AlertDispatchTest.HCM,
            vn.ioc.calendar.WorkingDays.weekendsOnly());
    try (var h = harness(new DigestGrouping(WAIT, INTERVAL, "IOC Thử nghiệm", quiet, null))) {
      h.processElement(notice("a", NoticeReason.FIRING, "21:00"), at("21:00"));
      h.processWatermark(at("21:01"));
      h.processElement(notice("b", NoticeReason.FIRING, "22:00"), at("22:00"));
      h.processElement(notice("c", NoticeReason.FIRING, "23:00"), at("23:00"));
      h.processWatermark(at("2024-10-16T06:29:59"));
      assertEquals(1, h.extractOutputValues().size());
      h.processWatermark(at("2024-10-16T06:30"));
      assertEquals(
          List.of(
              "2024-10-15T21:01 lead.U1 [a/Mới] [IOC Thử nghiệm] 1 cảnh báo mới",
              "2024-10-16T06:30 lead.U1 [b/Mới, c/Mới] [IOC Thử nghiệm] 2 cảnh báo mới"),
          digests(h));
    }
  }

  @Test
  void aDigestNeverTellsOfNoticesStampedAfterIt() throws Exception {
    try (var h = harness()) {
      h.processElement(notice("a", NoticeReason.FIRING, "08:00"), at("08:00"));
      // arrives before the watermark passes 08:01, but happened at 09:00
      h.processElement(notice("b", NoticeReason.ESCALATION, "09:00"), at("09:00"));
      h.processWatermark(at("10:00"));
      assertEquals(
          List.of(
              "2024-10-15T08:01 lead.U1 [a/Mới] [IOC Thử nghiệm] 1 cảnh báo mới",
              "2024-10-15T09:01 lead.U1 [b/Chuyển lên bậc 0] [IOC Thử nghiệm] 1 cảnh báo chuyển"
                  + " lên"),
          digests(h));
    }
  }

  /**
   * A notice that comes when the engine's clock is already past its digest's time goes out at once:
   * a timer would wait for the clock's next move, which may be hours away.
   */
  @Test
  void aNoticeBehindTheClockGoesOutAtOnce() throws Exception {
    try (var h = harness()) {
      h.processWatermark(at("14:00"));
      h.processElement(notice("a", NoticeReason.RESOLVED, "13:40"), at("13:40"));
      assertEquals(
          List.of("2024-10-15T13:41 lead.U1 [a/Đã hết] [IOC Thử nghiệm] 1 cảnh báo đã hết"),
          digests(h));
      assertEquals(0, h.numEventTimeTimers());
    }
  }

  /**
   * A backlog: every notice more than the lag behind "now" is recorded, not sent; back within the
   * lag, one digest of what fires then (an alert that fired and ended unheard is left out).
   */
  /** 1 ms more than the lag behind 12:00. */
  static final String EDGE = "2024-10-15T11:44:59.999";

  @Test
  void aBacklogGivesOneDigestOfWhatFiresAtTheLiveEdge() throws Exception {
    try (var h = catchingUp("12:00")) {
      h.processElement(notice("a", NoticeReason.FIRING, "08:00"), at("08:00"));
      h.processElement(notice("b", NoticeReason.FIRING, "09:00"), at("09:00"));
      h.processElement(notice("b", NoticeReason.RESOLVED, "09:30"), at("09:30"));
      h.processElement(notice("a", NoticeReason.REMINDER, "10:00"), at("10:00"));
      // the boundary: 11:44:59.999 is behind, 11:45 would not be
      h.processElement(notice("c", NoticeReason.FIRING, EDGE), at(EDGE));
      h.processWatermark(at(EDGE));
      h.setProcessingTime(1_000);
      assertEquals(List.of(), digests(h));
      assertEquals(
          List.of(
              "2024-10-15T08:00 {n=0, notice=firing, reason=suppressed-catch-up, rule=rule-a, unit=U1}"
                  + " {alert_id=a, level=warning, recipient=lead.U1} {step=0}",
              "2024-10-15T09:00 {n=0, notice=firing, reason=suppressed-catch-up, rule=rule-b, unit=U1}"
                  + " {alert_id=b, level=warning, recipient=lead.U1} {step=0}",
              "2024-10-15T09:30 {n=0, notice=resolved, reason=suppressed-catch-up, rule=rule-b, unit=U1}"
                  + " {alert_id=b, level=warning, recipient=lead.U1} {step=0}",
              "2024-10-15T10:00 {n=0, notice=reminder, reason=suppressed-catch-up, rule=rule-a, unit=U1}"
                  + " {alert_id=a, level=warning, recipient=lead.U1} {step=0}",
              "2024-10-15T11:44 {n=0, notice=firing, reason=suppressed-catch-up, rule=rule-c, unit=U1}"
                  + " {alert_id=c, level=warning, recipient=lead.U1} {step=0}"),
          records(h));
      // the stage reaches the live edge: the next look sends the one digest
      h.processWatermark(at("11:45"));
      h.setProcessingTime(5_000);
      assertEquals(1, h.extractOutputValues().size());
      // the next digest keeps the interval after the catch-up digest
      h.processElement(notice("d", NoticeReason.FIRING, "11:46"), at("11:46"));
      h.processWatermark(at("11:50"));
      assertEquals(
          List.of(
              "2024-10-15T11:45 lead.U1 [a/Mới, c/Mới] [IOC Thử nghiệm] Tổng hợp sau gián đoạn:"
                  + " 2 cảnh báo mới (5 held back)",
              "2024-10-15T11:50 lead.U1 [d/Mới] [IOC Thử nghiệm] 1 cảnh báo mới"),
          digests(h));
      assertEquals(5, records(h).size());
    }
  }

  /**
   * A notice within the lag while others are held back sends the catch-up digest first, which tells
   * the end of what the recipient had heard of before.
   */
  @Test
  void aCurrentNoticeAfterABacklogFollowsTheCatchUpDigest() throws Exception {
    try (var h = catchingUp("08:00")) {
      h.processWatermark(at("07:59"));
      h.processElement(notice("a", NoticeReason.FIRING, "07:59"), at("07:59"));
      h.processWatermark(at("08:00"));
      NOW.set(at("20:00"));
      h.processElement(notice("a", NoticeReason.REMINDER, "09:00"), at("09:00"));
      h.processElement(notice("a", NoticeReason.RESOLVED, "10:00"), at("10:00"));
      h.processElement(notice("b", NoticeReason.FIRING, "11:00"), at("11:00"));
      h.processWatermark(at("19:50"));
      // a notice while the backlog still pours in joins it
      h.processElement(notice("f", NoticeReason.FIRING, "19:49"), at("19:49"));
      h.setProcessingTime(5_000);
      h.processElement(notice("e", NoticeReason.FIRING, "19:50"), at("19:50"));
      h.processWatermark(at("19:54:59"));
      assertEquals(2, h.extractOutputValues().size());
      h.processWatermark(at("19:55"));
      assertEquals(
          List.of(
              "2024-10-15T08:00 lead.U1 [a/Mới] [IOC Thử nghiệm] 1 cảnh báo mới",
              "2024-10-15T19:50 lead.U1 [b/Mới, f/Mới, a/Đã hết] [IOC Thử nghiệm] Tổng hợp sau"
                  + " gián đoạn: 2 cảnh báo mới, 1 đã hết (4 held back)",
              "2024-10-15T19:55 lead.U1 [e/Mới] [IOC Thử nghiệm] 1 cảnh báo mới"),
          digests(h));
    }
  }

  /**
   * Caught up in the recipient's quiet hours: the catch-up digest still comes before any later
   * digest, stamped by what found the stage caught up (a notice, the morning's timer), never by a
   * watermark that has jumped on into the next night.
   */
  @Test
  void theCatchUpDigestPrecedesLaterDigestsThroughQuietHours() throws Exception {
    NOW.set(at("2024-10-16T22:04"));
    try (var h = quietNightsCatchingUp(LAG)) {
      h.processElement(notice("a", NoticeReason.FIRING, "08:00"), at("08:00"));
      h.processWatermark(at("2024-10-16T22:04"));
      h.setProcessingTime(5_000);
      assertEquals(List.of(), digests(h), "caught up at night: the digest waits for 06:00");
      // a notice of the evening, read late: the catch-up digest goes first, at its time
      h.processElement(notice("b", NoticeReason.FIRING, "2024-10-16T21:50"), at("21:50"));
      assertEquals(
          List.of(
              "2024-10-16T21:50 lead.U1 [a/Mới] [IOC Thử nghiệm] Tổng hợp sau gián đoạn: 1 cảnh"
                  + " báo mới (1 held back)",
              "2024-10-16T21:55 lead.U1 [b/Mới] [IOC Thử nghiệm] 1 cảnh báo mới"),
          digests(h));
    }
    NOW.set(at("2024-10-16T23:00"));
    try (var h = quietNightsCatchingUp(LAG)) {
      h.processElement(notice("a", NoticeReason.FIRING, "08:00"), at("08:00"));
      h.processWatermark(at("2024-10-16T23:00"));
      h.setProcessingTime(5_000);
      // the clock runs on past the morning into the next night in one step
      NOW.set(at("2024-10-17T23:00"));
      h.processWatermark(at("2024-10-17T23:00"));
      assertEquals(
          List.of(
              "2024-10-17T06:00 lead.U1 [a/Mới] [IOC Thử nghiệm] Tổng hợp sau gián đoạn: 1 cảnh"
                  + " báo mới (1 held back)"),
          digests(h));
    }
  }

  /**
   * A notice already waiting for a digest (here: for the night to end) when the recipient is found
   * caught up joins the catch-up digest: no digest after it tells of an earlier time.
   */
  @Test
  void noticesWaitingForADigestJoinTheCatchUpDigest() throws Exception {
    NOW.set(at("2024-10-16T12:00"));
    try (var h = quietNightsCatchingUp(12 * 3_600_000L)) {
      h.processWatermark(at("2024-10-16T00:30"));
      // a notice of the night waits for 06:00; one of the day before is held back
      h.processElement(notice("r", NoticeReason.FIRING, "2024-10-16T01:00"), at("01:00"));
      h.processElement(notice("a", NoticeReason.FIRING, "08:00"), at("08:00"));
      h.processWatermark(at("2024-10-16T02:00"));
      h.setProcessingTime(5_000);
      // a notice of the late morning finds the recipient caught up before the clock reaches 06:00
      h.processElement(notice("c", NoticeReason.FIRING, "2024-10-16T11:00"), at("11:00"));
      h.processWatermark(at("2024-10-16T12:00"));
      assertEquals(
          List.of(
              "2024-10-16T11:00 lead.U1 [a/Mới, r/Mới] [IOC Thử nghiệm] Tổng hợp sau gián đoạn: 2"
                  + " cảnh báo mới (1 held back)",
              "2024-10-16T11:05 lead.U1 [c/Mới] [IOC Thử nghiệm] 1 cảnh báo mới"),
          digests(h));
    }
  }

  /** The notices of the first watermark come before it: they are judged by their own time. */
  @Test
  void theFirstNoticesBeforeAnyWatermarkAreJudgedByTheirTime() throws Exception {
    try (var h = catchingUp("09:05")) {
      h.processElement(notice("a", NoticeReason.FIRING, "09:00"), at("09:00"));
      h.processWatermark(at("09:01"));
      assertEquals(
          List.of("2024-10-15T09:01 lead.U1 [a/Mới] [IOC Thử nghiệm] 1 cảnh báo mới"), digests(h));
    }
  }

  /** Before a simulated clock's first tick nothing is known to be live: notices wait for it. */
  @Test
  void beforeTheClocksFirstTickNoticesWaitForTheLiveEdge() throws Exception {
    NOW.set(Long.MIN_VALUE);
    try (var h =
        harness(
            new DigestGrouping.CatchUp(
                LAG,
                () ->
                    () ->
                        NOW.get() == Long.MIN_VALUE
                            ? OptionalLong.empty()
                            : OptionalLong.of(NOW.get())))) {
      h.processElement(notice("a", NoticeReason.FIRING, "08:00"), at("08:00"));
      h.processWatermark(at("08:01"));
      h.setProcessingTime(1_000);
      assertEquals(List.of(), digests(h));
      NOW.set(at("08:05"));
      h.setProcessingTime(4_999);
      assertEquals(List.of(), digests(h), "not before 5 s without a notice held");
      h.setProcessingTime(5_000);
      assertEquals(
          List.of(
              "2024-10-15T08:01 lead.U1 [a/Mới] [IOC Thử nghiệm] Tổng hợp sau gián đoạn: 1 cảnh"
                  + " báo mới (1 held back)"),
          digests(h));
    }
  }

  /**
   * A backlog read behind the clock (an input that was down while the clock went on) is caught up
   * as one, though the stage's own time is live.
   */
  @Test
  void aBacklogReadBehindTheClockIsCaughtUpToo() throws Exception {
    try (var h = catchingUp("12:00")) {
      h.processWatermark(at("11:50"));
      h.processElement(notice("a", NoticeReason.FIRING, "09:00"), at("09:00"));
      h.processElement(notice("b", NoticeReason.FIRING, "09:30"), at("09:30"));
      h.setProcessingTime(5_000);
      assertEquals(
          List.of(
              "2024-10-15T11:50 lead.U1 [a/Mới, b/Mới] [IOC Thử nghiệm] Tổng hợp sau gián đoạn:"
                  + " 2 cảnh báo mới (2 held back)"),
          digests(h));
      assertEquals(2, records(h).size());
    }
  }

  @Test
  void theSameDigestHasTheSameIdAndAnotherDigestAnother() {
    String id = digest("lead.U1", "08:01").notificationId;
    assertEquals(id, digest("lead.U1", "08:01").notificationId);
    assertNotEquals(id, digest("lead.U1", "08:02").notificationId);
    assertNotEquals(id, digest("vice.1", "08:01").notificationId);
  }

  private static Notification digest(String recipient, String when) {
    DigestLines.Merged one =
        DigestLines.merge(
            List.of(notice("a", NoticeReason.FIRING, "08:00")), new java.util.HashMap<>(), false);
    return DigestGrouping.digest(recipient, at(when), one, "IOC");
  }
}
