package vn.ioc.submissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.ioc.submissions.Reports.at;
import static vn.ioc.submissions.Reports.instant;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import vn.ioc.calendar.LocalCalendar;
import vn.ioc.deadletter.DeadLetters;

/** The revision ledger alone: first reports, re-deliveries, revisions, conflicts, expiry. */
class RevisionLedgerTest {
  static final Duration HORIZON = Duration.ofDays(3);

  static KeyedOneInputStreamOperatorTestHarness<Integer, SubmissionReport, Contribution> harness()
      throws Exception {
    RevisionLedger ledger =
        new RevisionLedger(
            "submissions",
            "ioc.submissions",
            "40",
            HORIZON,
            new LocalCalendar(ZoneId.of("Asia/Ho_Chi_Minh")));
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(ledger), RevisionLedger::shardOf, Types.INT);
  }

  static List<String> deltas(
      KeyedOneInputStreamOperatorTestHarness<Integer, SubmissionReport, Contribution> h) {
    List<String> out =
        h.extractOutputValues().stream()
            .map(c -> c.unit + "/" + c.service + ":" + c.delta.online + "," + c.delta.direct)
            .collect(Collectors.toList());
    h.getOutput().clear();
    return out;
  }

  static void send(
      KeyedOneInputStreamOperatorTestHarness<Integer, SubmissionReport, Contribution> h,
      SubmissionReport r)
      throws Exception {
    h.processElement(r, r.eventTime());
  }

  @Test
  void revisionsReplaceDuplicatesAreIgnoredConflictsAreRefused() throws Exception {
    var h = harness();
    h.open();
    send(h, instant("r1", 0, "U1", "412", "S1", "2024-04-01T09:00:00", 3, 1));
    send(h, instant("r2", 0, "U1", "412", "S2", "2024-04-01T09:10:00", 1, 0));
    send(h, instant("r1", 0, "U1", "412", "S1", "2024-04-01T09:00:00", 3, 1)); // re-delivered
    send(h, instant("r1", 2, "U1", "412", "S1", "2024-04-01T09:00:00", 1, 4)); // revision 2
    send(h, instant("r1", 1, "U1", "412", "S1", "2024-04-01T09:00:00", 9, 9)); // older revision
    send(h, instant("r2", 1, "U2", "412", "S2", "2024-04-01T09:10:00", 1, 0)); // moves the unit
    assertEquals(List.of("U1/S1:3,1", "U1/S2:1,0", "U1/S1:-2,3"), deltas(h));
    var refused = h.getSideOutput(DeadLetters.TAG);
    assertEquals(1, refused.size());
    assertEquals("revision-conflict", refused.peek().getValue().reason);
    h.close();
  }

  @Test
  void reportsOfAShardShareATimerPerHourOfExpiryAndAreForgottenAtIt() throws Exception {
    var h = harness();
    h.open();
    // ids of one shard, so the timers below are one key's
    List<String> ids =
        java.util.stream.IntStream.range(0, 100_000)
            .mapToObj(i -> "id-" + i)
            .filter(
                id ->
                    RevisionLedger.shardOf(
                            instant(id, 0, "U", null, "S", "2024-04-01T00:00:00", 0, 0))
                        == 7)
            .limit(3)
            .toList();
    send(h, instant(ids.get(0), 0, "U1", null, "S1", "2024-04-01T09:00:30", 1, 0));
    send(h, instant(ids.get(1), 0, "U1", null, "S1", "2024-04-01T09:59:00", 1, 0));
    send(h, instant(ids.get(2), 0, "U1", null, "S1", "2024-04-01T10:00:01", 1, 0));
    assertEquals(3, deltas(h).size());
    // expiry rounded up to the hour: 10:00 + horizon for the first two, 11:00 for the third
    assertEquals(2, h.numEventTimeTimers());

    // until then a re-delivery changes nothing
    h.processWatermark(at("2024-04-01T09:59:59") + HORIZON.toMillis());
    send(h, instant(ids.get(0), 0, "U1", null, "S1", "2024-04-01T09:00:30", 1, 0));
    assertEquals(List.of(), deltas(h));

    // at it both are forgotten (the acceptance gate refuses them upstream from then on)
    h.processWatermark(at("2024-04-01T10:00:00") + HORIZON.toMillis());
    assertEquals(1, h.numEventTimeTimers());
    send(h, instant(ids.get(1), 0, "U1", null, "S1", "2024-04-01T09:59:00", 1, 0));
    send(h, instant(ids.get(2), 0, "U1", null, "S1", "2024-04-01T10:00:01", 1, 0));
    assertEquals(List.of("U1/S1:1,0"), deltas(h));
    h.close();
  }
}
