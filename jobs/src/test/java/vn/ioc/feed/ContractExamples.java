package vn.ioc.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import vn.ioc.submissions.SubmissionContractTest;

/**
 * Runs every example of a contract ({@code schemas/examples/<feed>/{valid,invalid}}) through its
 * JSON Schema and its decoder: both must give the verdict {@code expected.json} states ({@code
 * schemaValid} where only the decoder enforces a rule), so the schema and the job cannot drift.
 */
public final class ContractExamples {
  private ContractExamples() {}

  /**
   * {@code expected.json} of an examples folder, after checking that it lists exactly the files of
   * {@code valid/} and {@code invalid/} (by path relative to the folder, in name order).
   */
  public static JsonNode expected(Path examples) throws Exception {
    JsonNode expected =
        SubmissionContractTest.MAPPER.readTree(examples.resolve("expected.json").toFile());
    Set<String> files = new TreeSet<>();
    for (String dir : List.of("valid", "invalid")) {
      try (Stream<Path> s = Files.list(examples.resolve(dir))) {
        s.forEach(f -> files.add(dir + "/" + f.getFileName()));
      }
    }
    Set<String> listed = new TreeSet<>();
    expected.fieldNames().forEachRemaining(listed::add);
    assertEquals(files, listed, "expected.json lists exactly the example files");
    return expected;
  }

  public static Stream<DynamicTest> verdicts(Path examples, JsonSchema schema, Decoder<?> decoder)
      throws Exception {
    JsonNode expected = expected(examples);
    Set<String> files = new TreeSet<>();
    expected.fieldNames().forEachRemaining(files::add);
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : files) {
      JsonNode e = expected.get(name);
      tests.add(
          dynamicTest(
              name,
              () -> {
                byte[] bytes = Files.readAllBytes(examples.resolve(name));
                boolean valid = e.get("valid").asBoolean();
                boolean schemaValid =
                    e.has("schemaValid") ? e.get("schemaValid").asBoolean() : valid;
                assertEquals(
                    schemaValid,
                    SubmissionContractTest.schemaAccepts(schema, bytes),
                    "schema verdict");
                assertEquals(
                    valid ? null : e.get("reason").asText(),
                    reason(decoder, bytes),
                    "decoder verdict");
              }));
    }
    return tests.stream();
  }

  /** The decoder's refusal reason, or null when it accepts; checks the detail is short. */
  public static String reason(Decoder<?> decoder, byte[] bytes) {
    try {
      decoder.decode(bytes);
      return null;
    } catch (ContractViolation v) {
      assertFalse(v.getMessage().isBlank(), "a violation has a detail");
      assertTrue(v.getMessage().length() <= 300, "a short detail: " + v.getMessage());
      return v.reason();
    }
  }
}
