package vn.ioc.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.ioc.dispatch.AlertDispatchTest.at;
import static vn.ioc.dispatch.AlertDispatchTest.firing;
import static vn.ioc.dispatch.AlertDispatchTest.harness;
import static vn.ioc.dispatch.AlertDispatchTest.notices;
import static vn.ioc.dispatch.AlertDispatchTest.records;
import static vn.ioc.dispatch.AlertDispatchTest.resolved;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import vn.ioc.alerting.AlertEvent;

/**
 * The dispatch on one time line: a history read whole before any timer fires (a bounded recompute)
 * is told exactly as a live run tells it, in any order its partitions are read in.
 */
class DispatchTimeLineTest {
  /**
   * Feeds {@code events} without any watermark, then ends the input with the clock at {@code stop}.
   */
  static KeyedBroadcastOperatorTestHarness<String, Dispatchable, DispatchControl, AlertEvent>
      readWhole(List<AlertEvent> events, long stop) throws Exception {
    return readWhole(List.of(), events.stream().map(Dispatchable::of).toList(), stop);
  }

  /**
   * As a bounded recompute reads: the silences first (a small topic), then the alert events and
   * acks without any watermark, then the end of input with the clock at {@code stop}.
   */
  static KeyedBroadcastOperatorTestHarness<String, Dispatchable, DispatchControl, AlertEvent>
      readWhole(List<Silence> silences, List<Dispatchable> inputs, long stop) throws Exception {
    var h = harness();
    for (Silence s : silences) h.processBroadcastElement(DispatchControl.of(s), 0);
    for (Dispatchable d : inputs) h.processElement(d, d.event != null ? d.event.at : d.ack.at);
    h.processBroadcastElement(DispatchControl.stop(stop), 0);
    h.processBroadcastWatermark(Long.MAX_VALUE);
    h.processWatermark(Long.MAX_VALUE);
    return h;
  }

  /** A morning: a rate alert muted overnight, a silent feed inhibiting it, both resolving. */
  static List<AlertEvent> history() {
    List<AlertEvent> h = new ArrayList<>();
    AlertEvent evening = firing("online-rate-today", "U1", "warning", 42, "17:40");
    evening.mutes = List.of("17:30-07:00 all");
    evening.renotifyMs = 0;
    h.add(evening);
    h.add(resolved(evening, 60, "2024-10-16T09:00"));
    AlertEvent silent = firing("feed-silent", "U1", "nodata", Double.NaN, "2024-10-16T10:00");
    silent.inhibits = List.of("online-rate-today");
    silent.renotifyMs = 0;
    h.add(silent);
    AlertEvent rate = firing("online-rate-today", "U1", "critical", 0, "2024-10-16T10:00");
    rate.renotifyMs = 0;
    h.add(rate);
    h.add(resolved(silent, 3, "2024-10-16T10:30"));
    h.add(resolved(rate, 70, "2024-10-16T11:00"));
    return h;
  }

  static final List<String> TOLD =
      List.of(
          // held overnight, told when the mute window ends, before it resolves
          "2024-10-16T07:00 lead.U1 firing online-rate-today step 0 ackable",
          "2024-10-16T09:00 lead.U1 resolved online-rate-today step 0",
          // the silent feed and the rate alert fire together: the rate alert is held
          "2024-10-16T10:00 lead.U1 firing feed-silent step 0 ackable",
          "2024-10-16T10:30 lead.U1 resolved feed-silent step 0",
          "2024-10-16T10:30 lead.U1 firing online-rate-today step 0 ackable",
          "2024-10-16T11:00 lead.U1 resolved online-rate-today step 0");

  @Test
  void aHistoryReadWholeIsToldAsItHappened() throws Exception {
    try (var h = readWhole(history(), at("2024-10-16T11:00"))) {
      assertEquals(TOLD, notices(h));
      assertEquals(
          List.of(
              "2024-10-15T17:40 FIRING online-rate-today warning step 0 [lead.U1]",
              "2024-10-16T09:00 RESOLVED online-rate-today warning step 0 [lead.U1]",
              "2024-10-16T10:00 FIRING feed-silent nodata step 0 [lead.U1]",
              "2024-10-16T10:00 FIRING online-rate-today critical step 0 [lead.U1]",
              "2024-10-16T10:30 RESOLVED feed-silent nodata step 0 [lead.U1]",
              "2024-10-16T11:00 RESOLVED online-rate-today critical step 0 [lead.U1]"),
          records(h));
    }
  }

  /** The same history in fifty orders (each alert's own events in order): told alike. */
  @Test
  void anyOrderOfThePartitionsIsToldAlike() throws Exception {
    List<AlertEvent> history = history();
    for (int seed = 0; seed < 50; seed++) {
      List<AlertEvent> order =
          vn.ioc.clock.Interleavings.of(history, AlertEvent::alertId, new Random(seed));
      try (var h = readWhole(order, at("2024-10-16T11:00"))) {
        assertEquals(TOLD, notices(h), "seed " + seed);
      }
    }
  }

  /**
   * An acknowledgement read before the alert it acknowledges, in a history read whole: it takes
   * effect at its time, in the middle of the episode, and stops the reminders and the escalation.
   */
  @Test
  void anAckReadBeforeItsAlertTakesEffectAtItsTime() throws Exception {
    AlertEvent fired = firing("online-rate-today", "U1", "warning", 42, "08:00");
    var h =
        readWhole(
            List.of(),
            List.of(
                Dispatchable.of(Ack.of(fired.alertId(), "U1", "lead.U1", at("09:30"), "Đã nhận")),
                Dispatchable.of(fired),
                Dispatchable.of(resolved(fired, 60, "13:00"))),
            at("13:00"));
    assertEquals(
        List.of(
            "2024-10-15T08:00 lead.U1 firing online-rate-today step 0 ackable",
            "2024-10-15T13:00 lead.U1 resolved online-rate-today step 0"),
        notices(h));
    assertEquals(
        List.of(
            "2024-10-15T08:00 FIRING online-rate-today warning step 0 [lead.U1]",
            "2024-10-15T09:30 ACKNOWLEDGED online-rate-today warning step 0 [lead.U1] by lead.U1",
            "2024-10-15T13:00 RESOLVED online-rate-today warning step 0 [lead.U1] by lead.U1"),
        records(h));
    h.close();
  }

  /**
   * A silence made at 10:05 to start at 09:50, read before the history (a recompute reads the small
   * silences topic first): the alert of 10:00 is told, the one of 10:10 waits for its end.
   */
  @Test
  void aSilenceHoldsFromWhenItWasMadeNotFromItsEarlierStart() throws Exception {
    Silence s = AlertDispatchTest.silence(java.util.Map.of("unit", "U1"), "09:50", "11:00");
    s.createdAt = at("10:05");
    AlertEvent before = firing("online-rate-today", "U1", "warning", 42, "10:00");
    before.renotifyMs = 0;
    AlertEvent after = firing("on-time-rate-month", "U1", "warning", 80, "10:10");
    after.renotifyMs = 0;
    var h =
        readWhole(
            List.of(s), List.of(Dispatchable.of(before), Dispatchable.of(after)), at("12:00"));
    assertEquals(
        List.of(
            "2024-10-15T10:00 lead.U1 firing online-rate-today step 0 ackable",
            "2024-10-15T11:00 lead.U1 firing on-time-rate-month step 0 ackable"),
        notices(h));
    h.close();
  }

  @Test
  void nothingIsToldBeyondTheClocksStop() throws Exception {
    AlertEvent fired = firing("online-rate-today", "U1", "warning", 42, "17:40");
    fired.mutes = List.of("17:30-07:00 all");
    try (var h = readWhole(List.of(fired), at("2024-10-16T06:00"))) {
      assertEquals(List.of(), notices(h), "its mute window ends after the clock's stop");
      assertEquals(
          List.of("2024-10-15T17:40 FIRING online-rate-today warning step 0 [lead.U1]"),
          records(h));
    }
  }

  /**
   * A silence deleted at 10:30 (stamped), the deletion read before the history as a recompute reads
   * it: the alert of 09:30 is held until 10:30, as live, not told at once.
   */
  @Test
  void aSilenceDeletedLaterStillHoldsWhatItHeldBefore() throws Exception {
    Silence s = AlertDispatchTest.silence(java.util.Map.of("unit", "U1"), "09:00", "12:00");
    s.createdAt = at("08:00");
    Silence deleted = Silence.deleted(s.id);
    deleted.createdAt = at("10:30");
    AlertEvent fired = firing("online-rate-today", "U1", "warning", 42, "09:30");
    fired.renotifyMs = 0;
    try (var h = readWhole(List.of(s, deleted), List.of(Dispatchable.of(fired)), at("12:00"))) {
      assertEquals(
          List.of("2024-10-15T10:30 lead.U1 firing online-rate-today step 0 ackable"), notices(h));
    }
    // edited at 10:00 to end at 10:15: held until 10:15
    Silence edited = AlertDispatchTest.silence(java.util.Map.of("unit", "U1"), "09:00", "10:15");
    edited.createdAt = at("10:00");
    try (var h = readWhole(List.of(s, edited), List.of(Dispatchable.of(fired)), at("12:00"))) {
      assertEquals(
          List.of("2024-10-15T10:15 lead.U1 firing online-rate-today step 0 ackable"), notices(h));
    }
    // a deletion without a stamp deletes every version: nothing held
    Silence unstamped = Silence.deleted(s.id);
    try (var h = readWhole(List.of(s, unstamped), List.of(Dispatchable.of(fired)), at("12:00"))) {
      assertEquals(
          List.of("2024-10-15T09:30 lead.U1 firing online-rate-today step 0 ackable"), notices(h));
    }
  }

  /** An alert event read behind the watermark is applied at once, and counted. */
  @Test
  void anInputBehindTheWatermarkIsAppliedAtOnceAndCounted() throws Exception {
    AlertDispatch dispatch =
        new AlertDispatch(
            AlertDispatchTest.DIRECTORY,
            vn.ioc.calendar.WorkingDays.weekendsOnly(),
            AlertDispatchTest.HCM,
            vn.ioc.clock.ClockStop.NO_UNTIL);
    try (var h =
        new KeyedBroadcastOperatorTestHarness<>(
            new org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator<>(
                dispatch, List.of(AlertDispatch.SILENCES, vn.ioc.clock.ClockStop.STATE)),
            Dispatchable::unit,
            org.apache.flink.api.common.typeinfo.Types.STRING,
            1,
            1,
            0)) {
      h.open();
      AlertDispatchTest.advance(h, at("10:00"));
      AlertEvent fired = firing("online-rate-today", "U1", "warning", 42, "09:30");
      fired.renotifyMs = 0;
      AlertEvent onTime = firing("on-time-rate-month", "U1", "warning", 80, "10:30");
      onTime.renotifyMs = 0;
      h.processElement(Dispatchable.of(fired), fired.at);
      h.processElement(Dispatchable.of(onTime), onTime.at);
      assertEquals(
          List.of("2024-10-15T09:30 lead.U1 firing online-rate-today step 0 ackable"),
          notices(h),
          "the late one at once; the other waits for the watermark");
      assertEquals(1, dispatch.lateInputs());
      AlertDispatchTest.advance(h, at("10:30"));
      assertEquals(2, notices(h).size());
      assertEquals(1, dispatch.lateInputs());
    }
  }

  /**
   * The escalation timer of an episode that ended (due 12:00) fires into the next episode (from
   * 11:00): nothing happens then; the new episode escalates 4 h after its own first notice.
   */
  @Test
  void theTimersOfAnEndedEpisodeDoNothingInTheNext() throws Exception {
    AlertEvent first = firing("online-rate-today", "U1", "warning", 42, "08:00");
    first.renotifyMs = 0;
    AlertEvent second = firing("online-rate-today", "U1", "warning", 40, "11:00");
    second.renotifyMs = 0;
    try (var h =
        readWhole(
            List.of(first, resolved(first, 60, "09:00"), second, resolved(second, 60, "16:00")),
            at("16:00"))) {
      assertEquals(
          List.of(
              "2024-10-15T08:00 lead.U1 firing online-rate-today step 0 ackable",
              "2024-10-15T09:00 lead.U1 resolved online-rate-today step 0",
              "2024-10-15T11:00 lead.U1 firing online-rate-today step 0 ackable",
              "2024-10-15T15:00 vice.1 escalation online-rate-today step 1 ackable",
              "2024-10-15T16:00 lead.U1 resolved online-rate-today step 1",
              "2024-10-15T16:00 vice.1 resolved online-rate-today step 1"),
          notices(h));
    }
  }
}
