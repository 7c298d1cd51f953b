package vn.ioc.submissions;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.ioc.feed.ContractViolation;

/**
 * The contract of {@code ioc.submissions}: every example message in {@code schemas/examples} goes
 * through the JSON Schema and through {@link SubmissionDecoder}, and both must give the verdict
 * {@code expected.json} states, so the published schema and the job cannot drift.
 */
public class SubmissionContractTest {
  public static final Path SCHEMAS = Path.of(System.getProperty("ioc.schemas.dir", "../schemas"));
  static final Path EXAMPLES = SCHEMAS.resolve("examples/submissions");

  static final Set<String> REASONS =
      Set.of(
          "bad-encoding",
          "bad-json",
          "missing-field",
          "wrong-type",
          "out-of-range",
          "bad-timestamp",
          "bad-period",
          "inconsistent-counts",
          "bad-code",
          "too-large");

  /**
   * Floats as BigDecimal so the validator judges "integer" on the exact value, as the decoder does.
   */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  static final JsonSchema SUBMISSION = schema("submission.schema.json");

  final SubmissionDecoder decoder = new SubmissionDecoder();

  /** Format assertion on: 2020-12 makes "format" an annotation unless the validator is told. */
  public static JsonSchema schema(String file) {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    try {
      return FACTORY.getSchema(MAPPER.readTree(SCHEMAS.resolve(file).toFile()), config);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + SCHEMAS.resolve(file).toAbsolutePath(), e);
    }
  }

  /**
   * The schema's verdict on raw bytes. A schema judges a JSON document, so the bytes must first be
   * a JSON text in UTF-8; a leading byte order mark is ignored, as the decoder does.
   */
  public static boolean schemaAccepts(JsonSchema schema, byte[] bytes) {
    String text;
    try {
      text =
          UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return false;
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    JsonNode document;
    try {
      document = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return false;
    }
    return document != null
        && !document.isMissingNode()
        && schema.validate(exactIntegers(document)).isEmpty();
  }

  /**
   * Gives the validator integral numbers as exact integers. json-schema-validator 1.5.9 compares a
   * BigDecimal against an integer bound through {@code asLong()}, so {@code 1e300} would pass
   * {@code maximum}; as a BigInteger it is judged right. Fractions stay BigDecimal, exact.
   */
  static JsonNode exactIntegers(JsonNode n) {
    if (n.isContainerNode()) {
      if (n.isObject()) {
        ((ObjectNode) n).properties().forEach(e -> e.setValue(exactIntegers(e.getValue())));
      } else {
        for (int i = 0; i < n.size(); i++) {
          ((ArrayNode) n).set(i, exactIntegers(n.get(i)));
        }
      }
      return n;
    }
    if (n.isBigDecimal()) {
      BigDecimal d = n.decimalValue();
      if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
        return BigIntegerNode.valueOf(d.toBigIntegerExact());
      }
    }
    return n;
  }

  /** The decoder's verdict: null when it accepts, else the reason. */
  String decoderReason(byte[] bytes) {
    try {
      assertNotNull(decoder.decode(bytes));
      return null;
    } catch (ContractViolation v) {
      assertNotNull(v.getMessage(), "a violation has a detail");
      assertFalse(v.getMessage().isBlank(), "a violation has a detail");
      assertTrue(
          v.getMessage().length() <= 300,
          () -> "detail too long (never the whole payload): " + v.getMessage());
      return v.reason();
    }
  }

  static Map<String, JsonNode> expectations() throws IOException {
    JsonNode root = MAPPER.readTree(EXAMPLES.resolve("expected.json").toFile());
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), e.getValue());
    }
    return m;
  }

  static Set<String> filesUnder(Path folder) throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile)
          .map(p -> folder.relativize(p).toString().replace('\\', '/'))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  // ---- the examples ------------------------------------------------------------------------

  @Test
  void everyExampleFileIsListedInExpectedJsonAndViceVersa() throws IOException {
    Set<String> files = filesUnder(EXAMPLES);
    files.remove("expected.json");
    Set<String> listed = new TreeSet<>(expectations().keySet());
    assertEquals(
        listed, files, "schemas/examples/submissions and expected.json list different files");
    assertTrue(
        files.stream().filter(f -> f.startsWith("valid/")).count() >= 8,
        "at least 8 valid examples");
    assertTrue(
        files.stream().filter(f -> f.startsWith("invalid/")).count() >= 15,
        "at least 15 invalid examples");
  }

  @Test
  void expectationsAreWellFormed() throws IOException {
    for (Map.Entry<String, JsonNode> e : expectations().entrySet()) {
      String file = e.getKey();
      JsonNode x = e.getValue();
      assertTrue(x.path("valid").isBoolean(), file + ": valid must be a boolean");
      boolean valid = x.get("valid").booleanValue();
      assertEquals(
          file.startsWith("valid/"),
          valid,
          file + ": valid/ holds valid examples, invalid/ invalid ones");
      if (valid) {
        assertFalse(x.has("reason"), file + ": a valid example has no reason");
      } else {
        assertTrue(
            REASONS.contains(x.path("reason").asText()),
            file + ": unknown reason " + x.get("reason"));
      }
      if (x.has("schemaValid")) {
        assertTrue(x.get("schemaValid").isBoolean(), file + ": schemaValid must be a boolean");
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> schemaAndDecoderGiveTheExpectedVerdict() throws IOException {
    return expectations().entrySet().stream()
        .map(
            e ->
                dynamicTest(
                    e.getKey(),
                    () -> {
                      JsonNode x = e.getValue();
                      byte[] bytes = Files.readAllBytes(EXAMPLES.resolve(e.getKey()));
                      boolean valid = x.get("valid").booleanValue();
                      boolean schemaValid = x.path("schemaValid").asBoolean(valid);
                      assertEquals(schemaValid, schemaAccepts(SUBMISSION, bytes), "schema verdict");
                      assertEquals(
                          valid ? null : x.get("reason").asText(),
                          decoderReason(bytes),
                          "decoder verdict");
                    }));
  }

  @Test
  void aPayloadOverTheLimitIsRefusedBeforeParsingThoughTheSchemaCannotTell() throws Exception {
    byte[] base = Files.readAllBytes(EXAMPLES.resolve("valid/full-hourly.json"));
    byte[] atLimit = padded(base, SubmissionDecoder.MAX_PAYLOAD_BYTES);
    byte[] overLimit = padded(base, SubmissionDecoder.MAX_PAYLOAD_BYTES + 1);
    assertEquals(256 * 1024, atLimit.length);
    assertEquals(null, decoderReason(atLimit));
    assertTrue(schemaAccepts(SUBMISSION, overLimit), "the schema does not judge sizes");
    assertEquals("too-large", decoderReason(overLimit));
    // the size is checked first: a huge payload is not even looked at
    byte[] garbage = new byte[SubmissionDecoder.MAX_PAYLOAD_BYTES + 1];
    assertEquals("too-large", decoderReason(garbage));
  }

  /**
   * The example with an unknown "padding" member added so that the whole is exactly {@code size}
   * bytes.
   */
  static byte[] padded(byte[] example, int size) throws IOException {
    ObjectNode n = (ObjectNode) MAPPER.readTree(example);
    n.put("padding", "");
    int overhead = MAPPER.writeValueAsBytes(n).length;
    n.put("padding", "x".repeat(size - overhead));
    byte[] out = MAPPER.writeValueAsBytes(n);
    assertEquals(size, out.length);
    return out;
  }

  // ---- exact decoded values ----------------------------------------------------------------

  static long millis(String rfc3339) {
    return OffsetDateTime.parse(rfc3339).toInstant().toEpochMilli();
  }

  static SubmissionReport report(
      String reportId,
      long revision,
      String unitCode,
      String unitName,
      String districtCode,
      String provinceCode,
      String serviceCode,
      long periodStart,
      Long periodEnd,
      Counts counts) {
    SubmissionReport r = new SubmissionReport();
    r.reportId = reportId;
    r.revision = revision;
    r.unitCode = unitCode;
    r.unitName = unitName;
    r.districtCode = districtCode;
    r.provinceCode = provinceCode;
    r.serviceCode = serviceCode;
    r.periodStart = periodStart;
    r.hasPeriodEnd = periodEnd != null;
    r.periodEnd = periodEnd == null ? periodStart : periodEnd;
    r.counts = counts;
    return r;
  }

  static final String FULL_ID = "dvc-nghean:000.00.21.H40:1.004227:2024-03-01T10";
  static final String MIN_ID = "dvc-nghean:app:H40.21-240301-000123";
  static final String UNIT = "000.00.21.H40";
  static final String SERVICE = "1.004227";
  static final long TEN = millis("2024-03-01T10:00:00+07:00");
  static final long ELEVEN = millis("2024-03-01T11:00:00+07:00");
  static final long APPLICATION = millis("2024-03-01T09:15:42+07:00");

  static SubmissionReport full(Counts counts) {
    return report(
        FULL_ID, 0, UNIT, "UBND thành phố Vinh", "412", "40", SERVICE, TEN, ELEVEN, counts);
  }

  static SubmissionReport minimal(long periodStart) {
    return report(
        MIN_ID,
        0,
        UNIT,
        null,
        null,
        null,
        SERVICE,
        periodStart,
        null,
        new Counts(1, 0, 0, 0, 0, 0));
  }

  /** Every valid example with every field it must decode to. */
  static Map<String, SubmissionReport> decodedValues() {
    Map<String, SubmissionReport> m = new LinkedHashMap<>();
    Counts fullCounts = new Counts(12, 5, 1, 7, 9, 2);
    m.put("minimal-instant.json", minimal(APPLICATION));
    m.put("full-hourly.json", full(fullCounts));
    m.put("compact-single-line.json", full(fullCounts));
    m.put(
        "daily-report.json",
        report(
            "igate-nghean:daily:000.00.22.H40:2.000908:2024-03-01",
            0,
            "000.00.22.H40",
            "UBND thị xã Cửa Lò",
            "413",
            null,
            "2.000908",
            1_709_226_000_000L,
            1_709_312_400_000L,
            new Counts(143, 61, 4, 97, 180, 6)));
    SubmissionReport r = full(new Counts(13, 5, 1, 7, 9, 1));
    r.revision = 2;
    m.put("revision-2.json", r);
    m.put(
        "province-agency-no-district.json",
        report(
            "dvc-nghean:000.00.07.H40:1.001612:2024-03-01T14",
            0,
            "000.00.07.H40",
            "Sở Tư pháp tỉnh Nghệ An",
            null,
            "40",
            "1.001612",
            millis("2024-03-01T14:00:00+07:00"),
            millis("2024-03-01T15:00:00+07:00"),
            new Counts(20, 3, 0, 20, 0, 0)));
    r =
        report(
            "dvc-nghean:000.17920.H40:1.001193:2025-07-01T09",
            0,
            "000.17920.H40",
            "Trung tâm Phục vụ hành chính công phường Vinh Hưng",
            null,
            "40",
            "1.001193",
            millis("2025-07-01T09:00:00+07:00"),
            millis("2025-07-01T10:00:00+07:00"),
            new Counts(12, 5, 0, 9, 14, 1));
    r.communeCode = "17920";
    m.put("commune-centre-after-the-reform.json", r);
    r = minimal(APPLICATION);
    r.counts.online = 2;
    m.put("unknown-extra-fields.json", r);
    m.put(
        "vietnamese-unit-name.json",
        report(
            "dvc-nghean:000.20.29.H40:1.004227:2024-03-01T10",
            0,
            "000.20.29.H40",
            "Ủy ban nhân dân huyện Nghi Lộc — Bộ phận Một cửa",
            "429",
            "40",
            SERVICE,
            TEN,
            ELEVEN,
            fullCounts));
    r = minimal(APPLICATION);
    r.unitName = "Ủy ban nhân dân xã Nghi Phong";
    m.put("vietnamese-unit-name-escaped.json", r);
    m.put("fully-online-equals-online.json", full(new Counts(12, 5, 1, 12, 9, 2)));
    m.put(
        "offset-utc-z-millis.json",
        report(
            FULL_ID,
            0,
            UNIT,
            "UBND thành phố Vinh",
            "412",
            "40",
            SERVICE,
            1_709_262_000_000L,
            1_709_265_600_500L,
            fullCounts));
    m.put(
        "offsets-negative-and-half-hour.json",
        report(
            FULL_ID,
            0,
            UNIT,
            "UBND thành phố Vinh",
            "412",
            "40",
            SERVICE,
            1_709_262_000_000L,
            1_709_265_600_000L,
            fullCounts));
    m.put("lowercase-t-and-z.json", minimal(1_709_259_342_000L));
    m.put(
        "nanosecond-fraction-truncated.json",
        report(
            FULL_ID,
            0,
            UNIT,
            "UBND thành phố Vinh",
            "412",
            "40",
            SERVICE,
            TEN + 123,
            ELEVEN + 999,
            fullCounts));
    m.put("pre-epoch-fraction-truncated.json", minimal(-1L));
    r = full(fullCounts);
    r.revision = 3;
    m.put("revision-as-3.0.json", r);
    m.put("integral-numbers-in-decimal-notation.json", full(new Counts(12, 5, 1, 7, 9, 0)));
    m.put(
        "nulls-for-optional-fields.json",
        report(
            "dvc-nghean:app:H40.21-240301-000124",
            0,
            UNIT,
            null,
            null,
            null,
            SERVICE,
            millis("2024-03-01T09:20:00+07:00"),
            null,
            new Counts(0, 1, 0, 0, 0, 0)));
    m.put(
        "blank-optional-texts.json",
        report(FULL_ID, 0, UNIT, null, null, null, SERVICE, TEN, ELEVEN, fullCounts));
    m.put("utf8-byte-order-mark.json", minimal(APPLICATION));
    m.put("zero-counts.json", full(new Counts()));
    r = full(fullCounts);
    r.unitCode = "Az09._-x";
    m.put("code-alphabet.json", r);
    r = full(new Counts(12, 1_000_000, 1, 7, 9, 2));
    r.revision = Long.MAX_VALUE;
    m.put("largest-values.json", r);
    return m;
  }

  @Test
  void everyValidExampleHasItsDecodedValuesWrittenDown() throws IOException {
    Set<String> valid =
        expectations().keySet().stream()
            .filter(f -> f.startsWith("valid/"))
            .map(f -> f.substring(6))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(valid, new TreeSet<>(decodedValues().keySet()));
  }

  @TestFactory
  Stream<DynamicTest> validExamplesDecodeToExactlyTheseValues() {
    return decodedValues().entrySet().stream()
        .map(
            e ->
                dynamicTest(
                    e.getKey(),
                    () -> {
                      SubmissionReport actual =
                          decoder.decode(
                              Files.readAllBytes(EXAMPLES.resolve("valid").resolve(e.getKey())));
                      SubmissionReport expected = e.getValue();
                      assertEquals(expected, actual);
                      // equals covers every field but say which one differs
                      assertEquals(expected.periodEnd, actual.periodEnd, "periodEnd");
                      assertEquals(expected.hasPeriodEnd, actual.hasPeriodEnd, "hasPeriodEnd");
                      assertEquals(expected.counts, actual.counts, "counts");
                      assertEquals(expected.eventTime(), actual.eventTime(), "eventTime");
                    }));
  }

  // ---- schema and decoder agree beyond the examples ----------------------------------------

  static byte[] minimalWith(String field, String jsonValue) throws IOException {
    String text =
        new String(Files.readAllBytes(EXAMPLES.resolve("valid/minimal-instant.json")), UTF_8);
    String needle =
        switch (field) {
          case "periodStart" -> "\"periodStart\": \"2024-03-01T09:15:42+07:00\"";
          case "online" -> "\"online\": 1,";
          default -> throw new IllegalArgumentException(field);
        };
    assertTrue(text.contains(needle), "template changed: " + field);
    String value = field.equals("online") ? jsonValue + "," : jsonValue;
    return text.replace(needle, "\"" + field + "\": " + value).getBytes(UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-03-01T09:15:42+07:00",
        "2024-03-01T02:15:42Z",
        "2024-03-01t02:15:42z",
        "2024-03-01T02:15:42.5Z",
        "2024-03-01T02:15:42.123456789Z",
        "2024-03-01T02:15:42.1234567890Z",
        "2024-03-01T02:15:42.Z",
        "2024-03-01T02:15:42",
        "2024-03-01T02:15Z",
        "2024-03-01",
        "2024-03-01 02:15:42Z",
        "2024-03-01T02:15:42+0700",
        "2024-03-01T02:15:42+07",
        "2024-03-01T02:15:42+18:00",
        "2024-03-01T02:15:42-18:00",
        "2024-03-01T02:15:42+18:01",
        "2024-03-01T02:15:42+07:60",
        "2024-03-01T02:15:42-00:00",
        "2024-02-29T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2000-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-12-31T23:59:59.999Z",
        "2024-13-01T00:00:00Z",
        "2024-00-01T00:00:00Z",
        "2024-01-00T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T23:60:00Z",
        "2016-12-31T23:59:60Z",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "+2024-03-01T02:15:42Z",
        "20240301T021542Z",
        "2024-03-01T02:15:42ZZ",
        "2024-03-01T02:15:42 Z",
        " 2024-03-01T02:15:42Z",
        "2024-03-01T02:15:42Z ",
        "2024-03-01T02:15:42UTC",
        "2024-03-01T02:15:42+07:00[Asia/Ho_Chi_Minh]",
        "２０２４-03-01T02:15:42Z",
        "2024-03-01T02:15:4２Z",
        ""
      })
  void schemaAndDecoderAgreeOnTimestamps(String timestamp) throws Exception {
    byte[] message = minimalWith("periodStart", MAPPER.writeValueAsString(timestamp));
    boolean schema = schemaAccepts(SUBMISSION, message);
    String reason = decoderReason(message);
    assertEquals(schema, reason == null, "schema says " + schema + ", decoder says " + reason);
    if (reason != null) {
      assertEquals("bad-timestamp", reason);
    } else {
      assertEquals(
          OffsetDateTime.parse(timestamp).toInstant().toEpochMilli(),
          decoder.decode(message).periodStart);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "1",
        "-0",
        "-0.0",
        "-1",
        "1.0",
        "1.5",
        "1e2",
        "1E+2",
        "1e-2",
        "100e-2",
        "0.0000",
        "0e999",
        "12.000000001",
        "1000000",
        "1000001",
        "1e6",
        "1.000001e6",
        "9007199254740991",
        "9007199254740992",
        "9.007199254740991e15",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "1e400",
        "-1e400",
        "1e-400",
        "\"1\"",
        "true",
        "[1]",
        "{}"
      })
  void schemaAndDecoderAgreeOnCounts(String literal) throws Exception {
    byte[] message = minimalWith("online", literal);
    boolean schema = schemaAccepts(SUBMISSION, message);
    String reason = decoderReason(message);
    assertEquals(schema, reason == null, "schema says " + schema + ", decoder says " + reason);
    if (reason == null) {
      assertEquals(new BigDecimal(literal).longValueExact(), decoder.decode(message).counts.online);
    } else {
      assertTrue(reason.equals("wrong-type") || reason.equals("out-of-range"), reason);
    }
  }

  @Test
  void timestampsDecodeAsJavaTimeDoesForRandomInstantsAndOffsets() throws Exception {
    Random random = new Random(42);
    DateTimeFormatter seconds = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    for (int i = 0; i < 20_000; i++) {
      long epochSecond =
          random.nextLong(-62_135_596_800L, 253_402_300_799L - 86_400); // years 1 to 9999
      int nanos = random.nextInt(1_000_000_000);
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
      OffsetDateTime t = Instant.ofEpochSecond(epochSecond, nanos).atOffset(offset);
      if (t.getYear() < 1 || t.getYear() > 9999) {
        continue;
      }
      int digits = random.nextInt(10); // 0 = no fraction
      String fraction = digits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, digits);
      String base = seconds.format(t);
      String text = base.substring(0, 19) + fraction + base.substring(19);
      char[] chars = ("xx" + text + "yy").toCharArray();
      long expected = OffsetDateTime.parse(text).toInstant().toEpochMilli();
      assertEquals(
          expected, vn.ioc.feed.ContractText.parseRfc3339Millis(chars, 2, text.length()), text);
    }
  }

  @Test
  void utf8CheckAgreesWithTheJdksStrictDecoder() {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      // short arrays of mostly lead and continuation bytes (the edge cases), and longer mostly
      // ASCII ones (the 8-bytes-at-a-time path), with the odd NUL
      boolean longer = i % 2 == 0;
      byte[] b = new byte[longer ? random.nextInt(1, 40) : random.nextInt(1, 8)];
      for (int k = 0; k < b.length; k++) {
        boolean ascii = longer ? random.nextInt(40) != 0 : random.nextInt(4) == 0;
        int lowest = random.nextInt(200) == 0 ? 0 : 1;
        b[k] = (byte) (ascii ? random.nextInt(lowest, 0x80) : random.nextInt(0x80, 0x100));
      }
      boolean jdk;
      try {
        UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
        jdk = true;
      } catch (CharacterCodingException e) {
        jdk = false;
      }
      boolean hasNul = false;
      for (byte x : b) {
        hasNul |= x == 0;
      }
      assertEquals(
          jdk && !hasNul,
          vn.ioc.feed.ContractText.firstNonUtf8Byte(b) < 0,
          () -> HexFormat.of().formatHex(b));
    }
    assertEquals(
        1, vn.ioc.feed.ContractText.firstNonUtf8Byte(new byte[] {'{', 0, '}'}), "NUL is refused");
  }

  // ---- the decoder as the job uses it -------------------------------------------------------

  @Test
  void theDecoderSurvivesJavaSerializationAsFlinkShipsIt() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(decoder);
    }
    SubmissionDecoder copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (SubmissionDecoder) in.readObject();
    }
    byte[] message = Files.readAllBytes(EXAMPLES.resolve("valid/full-hourly.json"));
    assertEquals(decoder.decode(message), copy.decode(message));
  }

  @Test
  void aViolationNamesTheFieldAndTheValueButNotThePayload() throws Exception {
    String longCode = "z".repeat(5000);
    byte[] message = minimalWith("online", MAPPER.writeValueAsString(longCode));
    try {
      decoder.decode(message);
      fail("accepted");
    } catch (ContractViolation v) {
      assertEquals("wrong-type", v.reason());
      assertTrue(
          v.getMessage().startsWith("received.online: expected an integer, got the string \"zzz"),
          v.getMessage());
      assertTrue(v.getMessage().contains("(5000 chars)"), v.getMessage());
      assertTrue(v.getMessage().length() < 200, v.getMessage());
      assertEquals(0, v.getStackTrace().length, "expected outcomes carry no stack trace");
    }
  }

  @Test
  void theFirstProblemInDocumentOrderIsReportedButBrokenJsonWinsOverAll() throws Exception {
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"{\"reportId\": 1, \"received\": {\"online\": -1}}", "wrong-type"});
    cases.add(new String[] {"{\"received\": {\"online\": -1}, \"reportId\": 1}", "out-of-range"});
    cases.add(new String[] {"{\"reportId\": 1, \"received\": {\"online\": -1}", "bad-json"});
    cases.add(new String[] {"{\"reportId\": 1, \"received\": {\"online\": -1}} {", "bad-json"});
    cases.add(new String[] {"{}", "missing-field"});
    for (String[] c : cases) {
      assertEquals(c[1], decoderReason(c[0].getBytes(UTF_8)), c[0]);
    }
  }

  // ---- the other published schemas ----------------------------------------------------------

  @TestFactory
  Stream<DynamicTest> indicatorAndDeadLetterSchemasJudgeTheirExamples() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] pair :
        new String[][] {
          {"indicator.schema.json", "indicators"}, {"deadletter.schema.json", "deadletters"}
        }) {
      JsonSchema schema = schema(pair[0]);
      Path folder = SCHEMAS.resolve("examples").resolve(pair[1]);
      Set<String> files = filesUnder(folder);
      assertTrue(
          files.stream().filter(f -> f.startsWith("valid/")).count() >= 2, pair[1] + ": examples");
      for (String f : files) {
        assertTrue(
            f.startsWith("valid/") || f.startsWith("invalid/"),
            pair[1] + "/" + f + ": not in valid/ or invalid/");
        tests.add(
            dynamicTest(
                pair[1] + "/" + f,
                () ->
                    assertEquals(
                        f.startsWith("valid/"),
                        schemaAccepts(schema, Files.readAllBytes(folder.resolve(f))))));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everySchemaIsValidDraft202012() {
    JsonSchema meta =
        FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    return Stream.of(
            "submission.schema.json",
            "progress.schema.json",
            "clock.schema.json",
            "alert-rule.schema.json",
            "indicator.schema.json",
            "deadletter.schema.json")
        .map(
            f ->
                dynamicTest(
                    f,
                    () -> {
                      JsonNode schema = MAPPER.readTree(SCHEMAS.resolve(f).toFile());
                      assertEquals(Set.of(), meta.validate(schema));
                      assertTrue(
                          schema.path("$id").asText().startsWith("urn:vn-ioc:schema:"), "$id");
                    }));
  }
}
