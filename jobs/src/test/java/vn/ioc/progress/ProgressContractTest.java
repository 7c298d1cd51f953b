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

  /** A valid report with {@code extra} spliced in after its first field. */
  private static byte[] withFields(String extra) {
    return ("{\"reportId\":\"r\","
            + extra
            + ",\"itemId\":\"A\",\"kind\":\"TASK\","
            + "\"title\":\"T\",\"group\":\"G\",\"ownerUnit\":\"U\",\"responsible\":\"P\","
            + "\"status\":\"IN_PROGRESS\",\"deadline\":\"2024-06-30\","
            + "\"reportedAt\":\"2024-03-01T10:00:00+07:00\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theReasonIsTheFirstOfBadJsonAnywhereThenTheFirstFieldErrorInDocumentOrder()
      throws Exception {
    assertEquals(40.0, decoder.decode(withFields("\"progressPct\":40")).progressPct);
    // a wrong type is skipped whole, nested objects and arrays included; the first error counts
    assertEquals(
        "wrong-type", reason(withFields("\"note\":{\"a\":[1,{\"b\":2}]},\"progressPct\":140")));
    assertEquals("out-of-range", reason(withFields("\"progressPct\":140,\"note\":{\"a\":[1]}")));
    assertEquals(
        "bad-date", reason(withFields("\"plannedStart\":\"2024-02-30\",\"reportedAt2\":true")));
    // bad JSON after a field error still wins: a duplicate (even of an unknown field), trailing
    // content, a cut-short message
    assertEquals("bad-json", reason(withFields("\"progressPct\":140,\"x\":1,\"x\":2")));
    byte[] valid = withFields("\"x\":1");
    byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 2);
    trailing[valid.length] = ' ';
    trailing[valid.length + 1] = '1';
    assertEquals("bad-json", reason(trailing));
    assertEquals(
        "bad-json",
        reason(
            java.util.Arrays.copyOf(
                withFields("\"progressPct\":140"), withFields("\"progressPct\":140").length - 1)));
  }
}
