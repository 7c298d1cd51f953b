package vn.ioc.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class NewestReportTest {
  static KeyedOneInputStreamOperatorTestHarness<String, ProgressReport, ProgressReport> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new NewestReport()), r -> r.itemId, Types.STRING);
  }

  static ProgressReport report(String item, String reportId, String reportedAt, String status) {
    ProgressReport r = new ProgressReport();
    r.itemId = item;
    r.reportId = reportId;
    r.reportedAt = OffsetDateTime.parse(reportedAt).toInstant().toEpochMilli();
    r.status = status;
    return r;
  }

  static List<String> passed(
      KeyedOneInputStreamOperatorTestHarness<String, ProgressReport, ProgressReport> h) {
    return h.extractOutputValues().stream().map(r -> r.itemId + " " + r.reportId).toList();
  }

  @Test
  void onlyANewerReportPassesOlderOnesAndRedeliveriesChangeNothing() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(report("A", "a-2", "2024-03-20T16:00:00+07:00", "IN_PROGRESS"), 0);
      h.processElement(report("A", "a-1", "2024-03-13T16:00:00+07:00", "NOT_STARTED"), 0); // older
      h.processElement(report("A", "a-2", "2024-03-20T16:00:00+07:00", "IN_PROGRESS"), 0); // again
      h.processElement(report("B", "b-1", "2024-03-13T16:00:00+07:00", "IN_PROGRESS"), 0);
      h.processElement(report("A", "a-3", "2024-03-27T09:00:00Z", "COMPLETED"), 0);
      assertEquals(List.of("A a-2", "B b-1", "A a-3"), passed(h));
    }
  }

  @Test
  void aTieOnReportedAtGoesToTheLargerReportIdInEitherOrder() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(report("A", "a-b", "2024-03-20T16:00:00+07:00", "IN_PROGRESS"), 0);
      h.processElement(report("A", "a-a", "2024-03-20T16:00:00+07:00", "COMPLETED"), 0);
      h.processElement(report("A", "a-c", "2024-03-20T09:00:00Z", "COMPLETED"), 0); // same instant
      assertEquals(List.of("A a-b", "A a-c"), passed(h));
    }
  }

  @Test
  void theNewestReportSurvivesARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      h.processElement(report("A", "a-2", "2024-03-20T16:00:00+07:00", "IN_PROGRESS"), 0);
      snapshot = h.snapshot(1, 0);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(report("A", "a-1", "2024-03-13T16:00:00+07:00", "IN_PROGRESS"), 0);
      restored.processElement(report("A", "a-3", "2024-03-27T16:00:00+07:00", "IN_PROGRESS"), 0);
      assertEquals(List.of("A a-3"), passed(restored));
    }
  }

  @Test
  void aReportIsAFlinkPojoSoItNeverFallsBackToKryo() {
    assertEquals(
        org.apache.flink.api.java.typeutils.PojoTypeInfo.class,
        org.apache.flink.api.common.typeinfo.TypeInformation.of(ProgressReport.class).getClass());
  }
}
