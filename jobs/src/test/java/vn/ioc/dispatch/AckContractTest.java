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
  }
}
