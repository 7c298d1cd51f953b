package vn.ioc.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetters;

/**
 * The acceptance horizon: inside, at the edge, beyond, per partition, and right after a restore.
 */
class AcceptanceGateTest {
  static final long H = Duration.ofDays(3).toMillis();
  static final long OOO = Duration.ofMinutes(1).toMillis();
  static final long T0 = 1_711_850_400_000L; // 2024-03-31T02:00Z

  /** A record that is just its event time. */
  public static class Ev implements EventTimed {
    public long t;

    public Ev() {}

    Ev(long t) {
      this.t = t;
    }

    @Override
    public long eventTime() {
      return t;
    }
  }

  static OneInputStreamOperatorTestHarness<Decoded<Ev>, Ev> harness() throws Exception {
    AcceptanceGate<Ev> gate =
        new AcceptanceGate<>(
            "test",
            "ioc.test",
            Duration.ofMillis(H),
            Duration.ofMillis(OOO),
            e -> ("{\"t\":" + e.t + "}").getBytes(StandardCharsets.UTF_8));
    return new OneInputStreamOperatorTestHarness<>(gate);
  }

  static void send(
      OneInputStreamOperatorTestHarness<Decoded<Ev>, Ev> h, int partition, long offset, long t)
      throws Exception {
    h.processElement(new StreamRecord<>(Decoded.valid(new Ev(t), partition, offset), t));
  }

  static List<Long> accepted(OneInputStreamOperatorTestHarness<Decoded<Ev>, Ev> h) {
    List<Long> out = h.extractOutputValues().stream().map(e -> e.t).toList();
    h.getOutput().clear();
    return out;
  }

  static List<Long> lateOffsets(OneInputStreamOperatorTestHarness<Decoded<Ev>, Ev> h) {
    var side = h.getSideOutput(DeadLetters.TAG);
    if (side == null) return List.of();
    List<Long> out =
        side.stream()
            .map(StreamRecord::getValue)
            .filter(d -> d.reason.equals("late"))
            .map(d -> d.sourceOffset)
            .toList();
    side.clear();
    return out;
  }

  @Test
  void acceptsWhileTheEventIsWithinTheHorizonOfItsPartitionsWatermark() throws Exception {
    var h = harness();
    h.open();
    send(h, 0, 0, T0);
    long watermark = T0 - OOO - 1;
    send(h, 0, 1, watermark - H + 1); // just inside
    send(h, 0, 2, watermark - H); // at the edge: refused
    send(h, 1, 0, T0 - 10 * H); // another partition has its own progress: accepted
    assertEquals(List.of(T0, watermark - H + 1, T0 - 10 * H), accepted(h));
    assertEquals(List.of(2L), lateOffsets(h));
    h.close();
  }

  @Test
  void theOperatorWatermarkAlsoCountsSoAnIdlePartitionWakingUpCannotReachDroppedWindows()
      throws Exception {
    var h = harness();
    h.open();
    h.processWatermark(T0);
    send(h, 2, 0, T0 - H - 1);
    assertEquals(List.of(), accepted(h));
    assertEquals(List.of(0L), lateOffsets(h));
    h.close();
  }

  @Test
  void afterARestoreTheHorizonHoldsAlthoughFlinkWatermarksStartAgain() throws Exception {
    var h = harness();
    h.open();
    send(h, 0, 0, T0);
    h.processWatermark(T0 - OOO - 1);
    OperatorSubtaskState checkpoint = h.snapshot(1, 0);
    h.close();

    var restored = harness();
    restored.initializeState(checkpoint);
    restored.open();
    send(restored, 0, 1, T0 - OOO - 1 - H); // beyond, judged by the restored partition progress
    send(
        restored,
        5,
        0,
        T0 - OOO - 1 - H); // a partition never seen: judged by the restored watermark
    send(restored, 5, 1, T0 - OOO - H); // just inside
    assertEquals(List.of(T0 - OOO - H), accepted(restored));
    assertEquals(List.of(1L, 0L), lateOffsets(restored));
    restored.close();
  }

  @Test
  void refusedMessagesGoToTheDeadLettersWithTheirReason() throws Exception {
    var h = harness();
    h.open();
    DeadLetter d = new DeadLetter("bad-json", "x");
    d.sourceOffset = 7;
    h.processElement(new StreamRecord<>(Decoded.refused(d)));
    assertEquals(List.of(), accepted(h));
    assertEquals(
        List.of("bad-json"),
        h.getSideOutput(DeadLetters.TAG).stream().map(r -> r.getValue().reason).toList());
    h.close();
  }
}
