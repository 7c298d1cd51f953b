package vn.ioc.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import vn.ioc.clock.ClockDecoder;
import vn.ioc.clock.ClockTick;
import vn.ioc.progress.ProgressDecoder;
import vn.ioc.progress.ProgressJob;
import vn.ioc.progress.ProgressReport;
import vn.ioc.submissions.SubmissionDecoder;
import vn.ioc.submissions.SubmissionReport;
import vn.ioc.submissions.SubmissionsJob;

/** Event times out of bounds are refused in the source, against the record's arrival. */
class TimeBoundsTest {
  static final TimeBounds BOUNDS =
      TimeBounds.of(Instant.parse("1999-12-31T17:00:00Z"), Duration.ofMinutes(15));
  static final long ARRIVAL = Instant.parse("2024-10-15T03:00:00Z").toEpochMilli();

  static ConsumerRecord<byte[], byte[]> record(String json, long timestamp) {
    return new ConsumerRecord<>(
        "ioc.submissions",
        1,
        42,
        timestamp,
        TimestampType.LOG_APPEND_TIME,
        4,
        json.length(),
        "000.00.21.H40".getBytes(StandardCharsets.UTF_8),
        json.getBytes(StandardCharsets.UTF_8),
        new RecordHeaders(),
        Optional.empty());
  }

  static String submission(String periodStart, String periodEnd) {
    return "{\"reportId\":\"r1\",\"unitCode\":\"000.00.21.H40\",\"serviceCode\":\"1.004227\","
        + "\"periodStart\":\""
        + periodStart
        + "\""
        + (periodEnd == null ? "" : ",\"periodEnd\":\"" + periodEnd + "\"")
        + ",\"received\":{\"online\":1,\"direct\":0,\"postal\":0}}";
  }

  static <T> List<Decoded<T>> decode(DecodingDeserializer<T> d, ConsumerRecord<byte[], byte[]> r)
      throws Exception {
    List<Decoded<T>> out = new ArrayList<>();
    d.deserialize(
        r,
        new Collector<>() {
          @Override
          public void collect(Decoded<T> record) {
            out.add(record);
          }

          @Override
          public void close() {}
        });
    return out;
  }

  static Decoded<SubmissionReport> submissionAt(String json, long arrival) throws Exception {
    var d =
        DecodingDeserializer.bounded(
            "submissions", new SubmissionDecoder(), SubmissionsJob.DECODED_TYPE, BOUNDS);
    List<Decoded<SubmissionReport>> out = decode(d, record(json, arrival));
    assertEquals(1, out.size());
    return out.get(0);
  }

  @Test
  void aPeriodEndingUpToTheToleranceAfterArrivalIsAcceptedOneMillisecondMoreIsNot()
      throws Exception {
    // arrival 10:00 local; the period ends 10:15:00.000 local: exactly the tolerance
    assertTrue(
        submissionAt(submission("2024-10-15T09:15:00+07:00", "2024-10-15T10:15:00+07:00"), ARRIVAL)
            .isValid());
    Decoded<SubmissionReport> late =
        submissionAt(
            submission("2024-10-15T09:15:00+07:00", "2024-10-15T10:15:00.001+07:00"), ARRIVAL);
    assertFalse(late.isValid());
    assertEquals("future-period", late.deadLetter.reason);
    assertEquals(
        "periodEnd 2024-10-15T03:15:00.001Z is 15 min after the record arrived"
            + " (2024-10-15T03:00:00Z); at most 15 min ahead is accepted: is the sender's clock or"
            + " year wrong?",
        late.deadLetter.detail);
    assertEquals(1, late.deadLetter.sourcePartition);
    assertEquals(42, late.deadLetter.sourceOffset);
    assertEquals(ARRIVAL, late.deadLetter.sourceTimestamp);
  }

  @Test
  void aMistypedYearIsRefusedWithHowFarAheadItIs() throws Exception {
    Decoded<SubmissionReport> d =
        submissionAt(submission("2262-04-10T09:00:00+07:00", null), ARRIVAL);
    assertEquals("future-period", d.deadLetter.reason);
    assertTrue(
        d.deadLetter.detail.startsWith(
            "periodStart 2262-04-10T02:00:00Z is 237 years after the record arrived"),
        d.deadLetter.detail);
    assertEquals(
        "periodEnd 2024-10-17T03:00:00Z is 2 days after the record arrived (2024-10-15T03:00:00Z);"
            + " at most 15 min ahead is accepted: is the sender's clock or year wrong?",
        submissionAt(submission("2024-10-16T10:00:00+07:00", "2024-10-17T10:00:00+07:00"), ARRIVAL)
            .deadLetter
            .detail);
    assertEquals("3 h 5 min", TimeBounds.ahead(Duration.ofMinutes(185).toMillis()));
  }

  @Test
  void beforeTheEarliestLocalDateIsTooOld() throws Exception {
    Decoded<SubmissionReport> old =
        submissionAt(submission("1999-12-31T23:59:59.999+07:00", null), ARRIVAL);
    assertEquals("too-old", old.deadLetter.reason);
    assertEquals(
        "periodStart 1999-12-31T16:59:59.999Z is before the earliest accepted time"
            + " 1999-12-31T17:00:00Z",
        old.deadLetter.detail);
    assertTrue(submissionAt(submission("2000-01-01T00:00:00+07:00", null), ARRIVAL).isValid());
  }

  @Test
  void withoutARecordTimestampOnlyTheEarliestDateIsChecked() throws Exception {
    assertTrue(
        submissionAt(submission("2262-04-10T09:00:00+07:00", null), ConsumerRecord.NO_TIMESTAMP)
            .isValid());
    assertEquals(
        "too-old",
        submissionAt(submission("1970-01-01T00:00:00Z", null), ConsumerRecord.NO_TIMESTAMP)
            .deadLetter
            .reason);
  }

  @Test
  void theSameBoundsHoldForProgressReportsAndClockTicks() throws Exception {
    var progress =
        DecodingDeserializer.bounded(
            "progress", new ProgressDecoder(), ProgressJob.DECODED_REPORTS, BOUNDS);
    String report =
        "{\"reportId\":\"p1\",\"itemId\":\"DA06-MH-01\",\"kind\":\"MODEL\",\"title\":\"Mô hình\","
            + "\"ownerUnit\":\"000.00.20.H40\",\"responsible\":\"Phó Giám đốc\","
            + "\"status\":\"IN_PROGRESS\",\"deadline\":\"2024-12-31\","
            + "\"reportedAt\":\"9999-10-15T10:00:00+07:00\"}";
    List<Decoded<ProgressReport>> p = decode(progress, record(report, ARRIVAL));
    assertEquals("future-period", p.get(0).deadLetter.reason);
    assertTrue(p.get(0).deadLetter.detail.startsWith("reportedAt 9999-10-15T03:00:00Z is "));

    var clock =
        DecodingDeserializer.bounded(
            "progress",
            new ClockDecoder(),
            org.apache.flink.api.common.typeinfo.TypeInformation.of(
                new org.apache.flink.api.common.typeinfo.TypeHint<Decoded<ClockTick>>() {}),
            BOUNDS);
    List<Decoded<ClockTick>> t =
        decode(clock, record("{\"at\":\"9999-01-01T00:00:00Z\",\"source\":\"x\"}", ARRIVAL));
    assertEquals("future-period", t.get(0).deadLetter.reason);
    List<Decoded<ClockTick>> ok =
        decode(clock, record("{\"at\":\"2024-10-15T10:14:00+07:00\"}", ARRIVAL));
    assertNull(ok.get(0).deadLetter);
  }

  @Test
  void anUnboundedDeserializerChecksNoTime() throws Exception {
    var d =
        new DecodingDeserializer<>(
            "submissions", new SubmissionDecoder(), SubmissionsJob.DECODED_TYPE);
    assertTrue(
        decode(d, record(submission("2262-04-10T09:00:00+07:00", null), ARRIVAL)).get(0).isValid());
  }
}
