package vn.ioc.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.networknt.schema.JsonSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import vn.ioc.feed.ContractExamples;
import vn.ioc.submissions.SubmissionContractTest;

/** The contract of {@code ioc.alert-acks}: schema and decoder agree on every example. */
class AckContractTest {
  static final Path EXAMPLES = SubmissionContractTest.SCHEMAS.resolve("examples/alert-acks");
  static final JsonSchema ACK = SubmissionContractTest.schema("alert-ack.schema.json");

  @TestFactory
  Stream<DynamicTest> everyExampleGetsTheExpectedVerdictFromSchemaAndDecoder() throws Exception {
    return ContractExamples.verdicts(EXAMPLES, ACK, new AckDecoder());
  }

  @Test
  void whatTheNotifierWritesDecodesToTheSameAck() throws Exception {
    long at = OffsetDateTime.parse("2024-03-05T09:12:00+07:00").toInstant().toEpochMilli();
    String json =
        AckDecoder.encode(
            Ack.of("r s", "000.00.01.H40", "lead.01", at, "đã xem"), ZoneId.of("Asia/Ho_Chi_Minh"));
    assertEquals(
        "{\"alertId\":\"r s\",\"unit\":\"000.00.01.H40\",\"by\":\"lead.01\","
            + "\"at\":\"2024-03-05T09:12:00.000+07:00\",\"comment\":\"đã xem\"}",
        json);
    Ack a = new AckDecoder().decode(json.getBytes(StandardCharsets.UTF_8));
    assertEquals("r s", a.alertId);
    assertEquals("000.00.01.H40", a.unit);
    assertEquals("lead.01", a.by);
    assertEquals(at, a.at);
    assertEquals("đã xem", a.comment);
    assertEquals(Ack.ANY_EPISODE, a.since);
  }

  /** A link's ack names its firing episode; the decoder reads it back to the millisecond. */
  @Test
  void anAckOfOneEpisodeSaysWhenItStarted() throws Exception {
    ZoneId hcm = ZoneId.of("Asia/Ho_Chi_Minh");
    long at = OffsetDateTime.parse("2024-03-05T09:12:00+07:00").toInstant().toEpochMilli();
    long since = OffsetDateTime.parse("2024-03-05T08:30:00.25+07:00").toInstant().toEpochMilli();
    String json =
        AckDecoder.encode(Ack.of("r s", "U1", "lead.01", at, null).forEpisode(since), hcm);
    assertEquals(
        "{\"alertId\":\"r s\",\"unit\":\"U1\",\"by\":\"lead.01\","
            + "\"at\":\"2024-03-05T09:12:00.000+07:00\",\"comment\":null,"
            + "\"since\":\"2024-03-05T08:30:00.250+07:00\"}",
        json);
    assertEquals(since, new AckDecoder().decode(json.getBytes(StandardCharsets.UTF_8)).since);
    assertValid(json);
  }

  static void assertValid(String json) throws Exception {
    assertEquals(
        java.util.Set.of(),
        ACK.validate(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)),
        json);
  }
}
