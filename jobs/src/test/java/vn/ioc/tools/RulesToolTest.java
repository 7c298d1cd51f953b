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
}
