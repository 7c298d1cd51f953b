package vn.ioc.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Digests per recipient: group wait, group interval, nothing from the future, stable ids. */
class DigestGroupingTest {
  static final long WAIT = 60_000;
  static final long INTERVAL = 300_000;

  static long at(String local) {
    return AlertDispatchTest.at(local);
  }

  static Notification.Notice notice(String alert, NoticeReason reason, String when) {
    Notification.Notice n = new Notification.Notice();
    n.alertId = alert;
    n.reason = reason;
    n.recipient = "lead.U1";
    n.recipientName = "Giám đốc Sở Thử nghiệm";
    n.at = at(when);
    return n;
  }

  static KeyedOneInputStreamOperatorTestHarness<String, Notification.Notice, Notification> harness()
      throws Exception {
    var h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DigestGrouping(WAIT, INTERVAL, "Trung tâm IOC"), n -> n.recipient, Types.STRING);
    h.open();
    return h;
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
                    + d.alerts.stream().map(a -> a.alertId + "/" + a.reason).toList()
                    + " "
                    + d.subject)
        .toList();
  }

  @Test
  void noticesWithinTheWaitAreOneDigestAndTheNextWaitsForTheInterval() throws Exception {
    try (var h = harness()) {
      h.processElement(notice("a", NoticeReason.FIRING, "08:00"), at("08:00"));
      h.processElement(notice("b", NoticeReason.FIRING, "08:00"), at("08:00"));
      h.processElement(notice("c", NoticeReason.RESOLVED, "08:00:30"), at("08:00:30"));
      h.processWatermark(at("08:01"));
      h.processElement(notice("d", NoticeReason.REMINDER, "08:02"), at("08:02"));
      h.processWatermark(at("08:05:59"));
      assertEquals(1, h.extractOutputValues().size());
      h.processWatermark(at("08:06"));
      assertEquals(
          List.of(
              "2024-10-15T08:01 lead.U1 [a/firing, b/firing, c/resolved]"
                  + " Trung tâm IOC: 2 cảnh báo mới, 1 cảnh báo đã hết",
              "2024-10-15T08:06 lead.U1 [d/reminder] Trung tâm IOC: 1 cảnh báo nhắc lại"),
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
              "2024-10-15T08:01 lead.U1 [a/firing] Trung tâm IOC: 1 cảnh báo mới",
              "2024-10-15T09:01 lead.U1 [b/escalation] Trung tâm IOC: 1 cảnh báo chuyển lên"),
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
          List.of("2024-10-15T13:41 lead.U1 [a/resolved] Trung tâm IOC: 1 cảnh báo đã hết"),
          digests(h));
      assertEquals(0, h.numEventTimeTimers());
    }
  }

  @Test
  void theSameDigestHasTheSameIdAndAnotherDigestAnother() {
    List<Notification.Notice> one = List.of(notice("a", NoticeReason.FIRING, "08:00"));
    String id = DigestGrouping.digest("lead.U1", at("08:01"), one, "IOC").notificationId;
    assertEquals(id, DigestGrouping.digest("lead.U1", at("08:01"), one, "IOC").notificationId);
    assertNotEquals(id, DigestGrouping.digest("lead.U1", at("08:02"), one, "IOC").notificationId);
    assertNotEquals(id, DigestGrouping.digest("vice.1", at("08:01"), one, "IOC").notificationId);
  }
}
