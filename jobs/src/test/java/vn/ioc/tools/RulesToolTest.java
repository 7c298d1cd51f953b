package vn.ioc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesToolTest {
  @Test
  void reportsEveryFileWithTheLineOfItsRefusal() throws Exception {
    Path ex = vn.ioc.alerting.RuleContractTest.EXAMPLES;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean ok =
        RulesTool.check(
            List.of(
                ex.resolve("valid/two-rules.yaml"),
                ex.resolve("invalid/reset-on-wrong-side.yaml"),
                ex.resolve("valid/two-rules.yaml")),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals(false, ok);
    assertEquals(
        List.of(
            ex.resolve("valid/two-rules.yaml") + ": 2 rules, valid",
            ex.resolve("invalid/reset-on-wrong-side.yaml")
                + ":8:10: the reset must be at or above the threshold (50.0): it is where the alert"
                + " recovers (at /warning/reset)",
            ex.resolve("valid/two-rules.yaml")
                + ": rule items-at-risk is also defined in "
                + ex.resolve("valid/two-rules.yaml"),
            ex.resolve("valid/two-rules.yaml")
                + ": rule owner-stale is also defined in "
                + ex.resolve("valid/two-rules.yaml"),
            ex.resolve("valid/two-rules.yaml") + ": 2 rules, valid"),
        bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void aRuleThatWatchesNoIndicatorIsRefusedWhereItSaysSo() throws Exception {
    String rule =
        """
        id: online-rate
        indicator: {measurement: service_rates, field: online_rate_pct}
        match: {scope: unit, window: 1d}
        direction: below
        warning: {threshold: 50}
        minVolume: {field: received, atLeast: 10}
        """;
    Path dir = java.nio.file.Files.createTempDirectory("rules-");
    List<String> mistakes =
        List.of("servce_rates", "online_rate_pc", "windw: 1d", "window: 1w", "field: recieved");
    List<String> originals =
        List.of("service_rates", "online_rate_pct", "window: 1d", "window: 1d", "field: received");
    List<Path> files = new java.util.ArrayList<>();
    files.add(java.nio.file.Files.writeString(dir.resolve("0-right.yaml"), rule));
    for (int i = 0; i < mistakes.size(); i++)
      files.add(
          java.nio.file.Files.writeString(
              dir.resolve((i + 1) + ".yaml"), rule.replace(originals.get(i), mistakes.get(i))));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertEquals(
        false, RulesTool.check(files, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    assertEquals(
        List.of(
            files.get(0) + ": 1 rule, valid",
            files.get(1)
                + ":2:26: no indicator servce_rates (did you mean service_rates? the indicators are"
                + " service_rates, feed_health, item_status, progress_summary) (at"
                + " /indicator/measurement)",
            files.get(2)
                + ":2:48: service_rates has no field online_rate_pc (did you mean online_rate_pct?)"
                + " (at /indicator/field)",
            files.get(3)
                + ":3:29: service_rates has no tag windw (did you mean window? its tags are"
                + " commune, district, province, scope, service, unit, window) (at /match/windw)",
            files.get(4)
                + ":3:30: window of service_rates is one of 1m, 1h, 1d, 1mo, not 1w (at"
                + " /match/window)",
            files.get(5)
                + ":6:20: service_rates has no field recieved (did you mean received?) (at"
                + " /minVolume/field)"),
        bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void theProvincesRulesWatchIndicatorsOfTheCatalogue() throws Exception {
    List<Path> files =
        vn.ioc.alerting.RuleFiles.ruleFiles(ProjectFiles.root().resolve("deploy/rules"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean ok = RulesTool.check(files, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals(true, ok, bytes.toString(StandardCharsets.UTF_8));
    assertEquals(2, files.size());
  }
}
