package vn.ioc.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import vn.ioc.feed.ContractExamples;
import vn.ioc.submissions.SubmissionContractTest;

/**
 * The alert-rule contract: every example in {@code schemas/examples/alert-rules} goes through the
 * JSON Schema and through {@link RuleParser}; both give the verdict of {@code expected.json}, and
 * the parser refuses at the line and with the message written there.
 */
public class RuleContractTest {
  public static final Path EXAMPLES =
      SubmissionContractTest.SCHEMAS.resolve("examples/alert-rules");
  static final JsonSchema RULE = SubmissionContractTest.schema("alert-rule.schema.json");

  static boolean schemaAccepts(String text) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(text); // YAML is a superset of JSON
    } catch (Exception e) {
      return false;
    }
    List<JsonNode> rules = new ArrayList<>();
    if (root.isArray()) root.forEach(rules::add);
    else rules.add(root);
    for (JsonNode r : rules) {
      if (!RULE.validate(r).isEmpty()) return false;
    }
    return true;
  }

  @TestFactory
  Stream<DynamicTest> everyExampleGetsTheExpectedVerdictFromSchemaAndParser() throws Exception {
    JsonNode expected = ContractExamples.expected(EXAMPLES);
    Set<String> files = new TreeSet<>();
    expected.fieldNames().forEachRemaining(files::add);
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : files) {
      JsonNode e = expected.get(name);
      tests.add(
          dynamicTest(
              name,
              () -> {
                String text = Files.readString(EXAMPLES.resolve(name), StandardCharsets.UTF_8);
                boolean valid = e.get("valid").asBoolean();
                boolean schemaValid =
                    e.has("schemaValid") ? e.get("schemaValid").asBoolean() : valid;
                assertEquals(schemaValid, schemaAccepts(text), "schema verdict");
                try {
                  List<AlertRule> rules = RuleParser.parse(text);
                  assertEquals(true, valid, "the parser accepted it");
                  assertEquals(e.has("rules") ? e.get("rules").asInt() : 1, rules.size());
                } catch (RuleViolation v) {
                  assertEquals(false, valid, "the parser refused it: " + v.describe(name));
                  assertEquals(e.get("line").asInt(), v.line(), v.describe(name));
                  if (!e.get("message").isNull())
                    assertEquals(e.get("message").asText(), v.getMessage());
                }
              }));
    }
    return tests.stream();
  }

  @Test
  void aFullRuleReadsToItsValues() throws Exception {
    AlertRule r =
        RuleParser.parse(
                Files.readString(
                    EXAMPLES.resolve("valid/online-rate-today.yaml"), StandardCharsets.UTF_8))
            .get(0);
    assertEquals("online-rate-today", r.id());
    assertEquals("service_rates", r.measurement());
    assertEquals("online_rate_pct", r.field());
    assertEquals(Map.of("scope", "unit", "window", "1d"), r.match());
    assertEquals(AlertRule.Direction.BELOW, r.direction());
    assertEquals(new AlertRule.Level(50, 55), r.warning());
    assertEquals(new AlertRule.Level(30, 35), r.critical());
    assertEquals(new AlertRule.MinVolume("received", 20), r.minVolume());
    assertEquals(Duration.ofMinutes(30), r.pendingFor());
    assertEquals(new AlertRule.NoData(Duration.ofHours(2), false), r.noData());
    assertEquals(
        "{unit}: tỷ lệ hồ sơ trực tuyến {value}% dưới ngưỡng {threshold}% từ {since}",
        r.messages().firing());
    assertEquals(Map.of("team", "so-tttt"), r.labels());
    assertEquals(Duration.ofHours(4), r.renotify());
    assertEquals(
        List.of(
            new AlertRule.Mute(LocalTime.of(17, 30), LocalTime.of(7, 0), "all"),
            new AlertRule.Mute(LocalTime.of(0, 0), LocalTime.of(23, 59), "off")),
        r.mutes());
    assertEquals(
        true,
        r.matches(
            "service_rates",
            "online_rate_pct",
            Map.of("scope", "unit", "window", "1d", "unit", "U1")));
    assertEquals(
        false,
        r.matches("service_rates", "online_rate_pct", Map.of("scope", "unit", "window", "1h")));
    assertEquals(
        false, r.matches("service_rates", "received", Map.of("scope", "unit", "window", "1d")));
  }
}
