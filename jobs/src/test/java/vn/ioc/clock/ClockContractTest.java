package vn.ioc.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.networknt.schema.JsonSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import vn.ioc.feed.ContractExamples;
import vn.ioc.submissions.SubmissionContractTest;

/** The contract of {@code ioc.clock}: schema and decoder agree on every example. */
class ClockContractTest {
  static final Path EXAMPLES = SubmissionContractTest.SCHEMAS.resolve("examples/clock");
  static final JsonSchema CLOCK = SubmissionContractTest.schema("clock.schema.json");

  final ClockDecoder decoder = new ClockDecoder();

  @TestFactory
  Stream<DynamicTest> everyExampleGetsTheExpectedVerdictFromSchemaAndDecoder() throws Exception {
    return ContractExamples.verdicts(EXAMPLES, CLOCK, decoder);
  }

  @Test
  void whatTheLauncherWritesDecodesToTheSameInstant() throws Exception {
    long at = OffsetDateTime.parse("2024-03-31T23:59:00+07:00").toInstant().toEpochMilli();
    String message = ClockDecoder.encode(at, "launcher", java.time.ZoneId.of("Asia/Ho_Chi_Minh"));
    assertEquals("{\"at\":\"2024-03-31T23:59:00.000+07:00\",\"source\":\"launcher\"}", message);
    ClockTick t = decoder.decode(message.getBytes(StandardCharsets.UTF_8));
    assertEquals(at, t.at);
    assertEquals("launcher", t.source);
  }
}
