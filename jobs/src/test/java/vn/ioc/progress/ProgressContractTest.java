package vn.ioc.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.JsonSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import vn.ioc.feed.ContractExamples;
import vn.ioc.submissions.SubmissionContractTest;

/**
 * The contract of {@code ioc.progress}: every example in {@code schemas/examples/progress} goes
 * through the JSON Schema and through {@link ProgressDecoder}, and both must give the verdict
 * {@code expected.json} states (the schema's own verdict where it differs: rules only the decoder
 * enforces), so the published schema and the job cannot drift.
 */
class ProgressContractTest {
  static final Path EXAMPLES = SubmissionContractTest.SCHEMAS.resolve("examples/progress");
  static final JsonSchema PROGRESS = SubmissionContractTest.schema("progress.schema.json");

  final ProgressDecoder decoder = new ProgressDecoder();

  @TestFactory
  Stream<DynamicTest> everyExampleGetsTheExpectedVerdictFromSchemaAndDecoder() throws Exception {
    return ContractExamples.verdicts(EXAMPLES, PROGRESS, decoder);
  }

  private String reason(byte[] bytes) {
    return ContractExamples.reason(decoder, bytes);
  }

  @Test
  void aFullReportDecodesToItsValues() throws Exception {
    ProgressReport r =
        decoder.decode(Files.readAllBytes(EXAMPLES.resolve("valid/task-in-progress.json")));
    assertEquals("da06/2024-03-29/DA06-NV-3.2", r.reportId);
    assertEquals("DA06-NV-3.2", r.itemId);
    assertEquals("TASK", r.kind);
    assertEquals("Nhóm 3: Phục vụ phát triển kinh tế - xã hội", r.group);
    assertEquals("000.00.03.H40", r.ownerUnit);
    assertEquals("Phó Giám đốc Sở Tài chính", r.responsible);
    assertEquals("IN_PROGRESS", r.status);
    assertEquals(40.0, r.progressPct);
    assertEquals(LocalDate.of(2024, 1, 15).toEpochDay(), r.plannedStart);
    assertEquals(LocalDate.of(2024, 6, 30).toEpochDay(), r.deadline);
    assertEquals(ProgressReport.NONE, r.completedAt);
    assertEquals(
        OffsetDateTime.parse("2024-03-29T16:30:00+07:00").toInstant().toEpochMilli(),
        r.eventTime());
    assertEquals("Đã triển khai tại 12/21 đơn vị cấp huyện", r.note);
  }

  @Test
  void absentOptionalsTakeTheirDefaults() throws Exception {
    ProgressReport r =
        decoder.decode(
            Files.readAllBytes(EXAMPLES.resolve("valid/nulls-for-optional-fields.json")));
    assertTrue(Double.isNaN(r.progressPct));
    assertEquals(ProgressReport.NONE, r.plannedStart);
    assertEquals(ProgressReport.NONE, r.completedAt);
    assertEquals(null, r.note);
    ProgressReport model =
        decoder.decode(Files.readAllBytes(EXAMPLES.resolve("valid/model-without-group.json")));
    assertEquals("MODEL", model.kind);
    assertEquals(null, model.group);
    ProgressReport escaped =
        decoder.decode(Files.readAllBytes(EXAMPLES.resolve("valid/vietnamese-escaped.json")));
    assertEquals("Giám đốc Sở", escaped.responsible);
    assertEquals(
        37.5,
        decoder.decode(Files.readAllBytes(EXAMPLES.resolve("valid/decimal-progress.json")))
            .progressPct);
    byte[] tooLarge = new byte[262_145];
    java.util.Arrays.fill(tooLarge, (byte) ' ');
    assertEquals("too-large", reason(tooLarge));
    assertEquals("bad-json", reason("".getBytes(StandardCharsets.UTF_8)));
  }
}
