package vn.ioc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolArgsTest {
  @Test
  void separatesToolOptionsPositionalsAndConfigFlags() {
    ToolArgs a =
        ToolArgs.parse(
            new String[] {
              "ioc.submissions",
              "--key-field",
              "unitCode",
              "f.jsonl",
              "--envelope",
              "--kafka.bootstrap=h:1",
              "--wait=5"
            },
            Set.of("key-field"),
            Set.of("envelope", "wait"));
    assertEquals(List.of("ioc.submissions", "f.jsonl"), a.positional);
    assertEquals("unitCode", a.get("key-field", null));
    assertTrue(a.has("envelope"));
    assertEquals(5, a.getInt("wait", 60));
    assertEquals(Map.of("kafka.bootstrap", "h:1"), a.configFlags());
  }

  @Test
  void valueMayBeInlineAndSwitchesDefault() {
    ToolArgs a =
        ToolArgs.parse(
            new String[] {"--reason=late", "--wait"}, Set.of("reason"), Set.of("wait", "replay"));
    assertEquals("late", a.get("reason", null));
    assertEquals(60, a.getInt("wait", 60));
    assertFalse(a.has("replay"));
  }

  @Test
  void refusesUnknownSwitchesAndMissingValues() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ToolArgs.parse(new String[] {"--nope"}, Set.of(), Set.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> ToolArgs.parse(new String[] {"--reason"}, Set.of("reason"), Set.of()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ToolArgs.parse(new String[] {"--show", "x"}, Set.of("show"), Set.of())
                .getInt("show", 0));
  }

  @Test
  void doubleDashEndsOptions() {
    ToolArgs a = ToolArgs.parse(new String[] {"--", "--weird-file"}, Set.of(), Set.of());
    assertEquals(List.of("--weird-file"), a.positional);
  }

  @Test
  void aSettingTakesItsValueEitherWayAndAnUnknownOptionIsNamedWithTheNearest() {
    ToolArgs a =
        ToolArgs.parse(
            new String[] {"--influx.db", "x", "--parallelism=2", "file"},
            java.util.Set.of("show"),
            java.util.Set.of());
    assertEquals(java.util.Map.of("influx.db", "x", "parallelism", "2"), a.configFlags());
    assertEquals(java.util.List.of("file"), a.positional);
    assertEquals(
        "unknown option --shwo: did you mean --show?",
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () ->
                    ToolArgs.parse(
                        new String[] {"--shwo", "3"}, java.util.Set.of("show"), java.util.Set.of()))
            .getMessage());
    assertEquals(
        "unknown option --influx-url: did you mean --influx.url?",
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () ->
                    ToolArgs.parse(
                        new String[] {"--influx-url=http://x"},
                        java.util.Set.of(),
                        java.util.Set.of()))
            .getMessage());
  }
}
