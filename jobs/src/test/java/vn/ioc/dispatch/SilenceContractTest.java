package vn.ioc.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.JsonSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import vn.ioc.alerting.AlertEvent;
import vn.ioc.alerting.AlertLevel;
import vn.ioc.feed.ContractExamples;
import vn.ioc.feed.ContractViolation;
import vn.ioc.submissions.SubmissionContractTest;

/** The contract of {@code ioc.alert-silences}, and what a silence holds. */
class SilenceContractTest {
  static final Path EXAMPLES = SubmissionContractTest.SCHEMAS.resolve("examples/alert-silences");
  static final JsonSchema SILENCE = SubmissionContractTest.schema("alert-silence.schema.json");

  @TestFactory
  Stream<DynamicTest> everyExampleGetsTheExpectedVerdictFromSchemaAndDecoder() throws Exception {
    return ContractExamples.verdicts(EXAMPLES, SILENCE, new SilenceDecoder());
  }

  @Test
  void anEmptyTimeRangeIsRefusedByTheDecoder() {
    String json =
        "{\"id\":\"x\",\"matchers\":{\"unit\":\"u\"},\"startsAt\":\"2024-03-09T12:00:00+07:00\","
            + "\"endsAt\":\"2024-03-09T12:00:00+07:00\",\"createdBy\":\"a\",\"comment\":\"c\"}";
    ContractViolation v =
        assertThrows(
            ContractViolation.class,
            () -> new SilenceDecoder().decode(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals("bad-period", v.reason());
  }

  @Test
  void aSilenceHoldsMatchingAlertsOnlyWithinItsRange() {
    Silence s = new Silence();
    s.matchers = Map.of("rule", "online-rate-today", "unit", "*", "window", "1d");
    s.startsAt = 1000;
    s.endsAt = 2000;
    AlertEvent e = new AlertEvent();
    e.ruleId = "online-rate-today";
    e.unit = "000.00.01.H40";
    e.level = AlertLevel.WARNING;
    e.tags = Map.of("scope", "unit", "unit", "000.00.01.H40", "window", "1d");
    assertFalse(s.holds(e, 999));
    assertTrue(s.holds(e, 1000));
    assertTrue(s.holds(e, 1999));
    assertFalse(s.holds(e, 2000));
    e.tags = Map.of("scope", "unit", "unit", "000.00.01.H40", "window", "1h");
    assertFalse(s.holds(e, 1500));
    e.tags = Map.of("scope", "unit", "unit", "000.00.01.H40", "window", "1d");
    e.ruleId = "on-time-rate-month";
    assertFalse(s.holds(e, 1500));
    // a rule's routing label is matched like a tag
    Silence team = new Silence();
    team.matchers = Map.of("team", "cntt");
    team.startsAt = 1000;
    team.endsAt = 2000;
    assertFalse(team.holds(e, 1500));
    e.labels = Map.of("team", "cntt");
    assertTrue(team.holds(e, 1500));
    // made at 1500 to start at 1000: it holds from 1500
    team.createdAt = 1500;
    assertFalse(team.holds(e, 1499));
    assertTrue(team.holds(e, 1500));
  }

  @Test
  void aSilenceMadeAfterItsStartIsReadWithItsMaking() throws Exception {
    Silence s =
        new SilenceDecoder()
            .decode(Files.readAllBytes(EXAMPLES.resolve("valid/made-after-its-start.json")));
    assertEquals(java.time.Instant.parse("2024-03-09T02:50:00Z").toEpochMilli(), s.startsAt);
    assertEquals(java.time.Instant.parse("2024-03-09T03:05:00Z").toEpochMilli(), s.createdAt);
    assertEquals(s.createdAt, s.effectiveFrom());
    Silence unstamped =
        new SilenceDecoder()
            .decode(Files.readAllBytes(EXAMPLES.resolve("valid/maintenance-of-one-unit.json")));
    assertEquals(Long.MIN_VALUE, unstamped.createdAt);
    assertEquals(unstamped.startsAt, unstamped.effectiveFrom());
  }

  /** What the silences topic's deserializer makes of a record stamped (or not) with created-at. */
  static vn.ioc.feed.Decoded<Silence> read(String key, String value, String stamp)
      throws Exception {
    var r =
        new org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>(
            "ioc.alert-silences",
            0,
            3,
            key.getBytes(StandardCharsets.UTF_8),
            value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    if (stamp != null)
      r.headers().add(vn.ioc.clock.ControlStamp.HEADER, stamp.getBytes(StandardCharsets.UTF_8));
    java.util.List<vn.ioc.feed.Decoded<Silence>> out = new java.util.ArrayList<>();
    new SilenceDeserializer("alerting")
        .deserialize(
            r,
            new org.apache.flink.util.Collector<>() {
              @Override
              public void collect(vn.ioc.feed.Decoded<Silence> d) {
                out.add(d);
              }

              @Override
              public void close() {}
            });
    assertEquals(1, out.size());
    return out.get(0);
  }

  @Test
  void aMessageStampedCreatedAtIsMadeThenUnlessItsBodySaysOtherwise() throws Exception {
    String body =
        "{\"id\": \"s\", \"matchers\": {\"unit\": \"U1\"}, \"startsAt\":"
            + " \"2024-05-02T08:30:00+07:00\", \"endsAt\": \"2024-05-02T10:00:00+07:00\","
            + " \"createdBy\": \"a\", \"comment\": \"b\"%s}";
    long stamp =
        java.time.OffsetDateTime.parse("2024-05-02T08:45:00+07:00").toInstant().toEpochMilli();
    long own =
        java.time.OffsetDateTime.parse("2024-05-02T08:40:00+07:00").toInstant().toEpochMilli();
    assertEquals(stamp, read("s", body.formatted(""), "2024-05-02T08:45:00+07:00").value.createdAt);
    assertEquals(
        own,
        read(
                "s",
                body.formatted(", \"createdAt\": \"2024-05-02T08:40:00+07:00\""),
                "2024-05-02T08:45:00+07:00")
            .value
            .createdAt);
    assertEquals(Long.MIN_VALUE, read("s", body.formatted(""), null).value.createdAt);
    Silence deleted = read("s", null, "2024-05-02T08:45:00+07:00").value;
    assertTrue(deleted.deleted);
    assertEquals(stamp, deleted.createdAt);
    assertEquals(Long.MIN_VALUE, read("s", null, null).value.createdAt);
    var refused = read("s", null, "8:45 sáng");
    assertFalse(refused.isValid());
    assertEquals("bad-stamp", refused.deadLetter.reason);
  }
}
