package vn.ioc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ioc.cli.ToolArgs;
import vn.ioc.config.IocConfig;
import vn.ioc.tools.ProjectFiles;

class SimulatorToolTest {
  @TempDir Path dir;

  private static SimulatorTool.Options options(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    // the spaced form: an option the tool does not know fails instead of becoming a config flag
    all.addAll(List.of("--reference", ProjectFiles.reference().toString()));
    all.addAll(
        List.of(
            "--calendar", ProjectFiles.root().resolve(SimulatorTool.DEFAULT_CALENDAR).toString()));
    all.add("--status-every=0");
    ToolArgs a = SimulatorTool.arguments(all.toArray(new String[0]));
    return SimulatorTool.options(a, IocConfig.load(Map.of(), Map.of()));
  }

  private static List<String> lines(Path p) throws Exception {
    return Files.readAllLines(p, StandardCharsets.UTF_8);
  }

  @Test
  void theFileHoldsTheSimulationLineByLine() throws Exception {
    Path out = dir.resolve("two-days.jsonl");
    SimulatorTool.Options o = options("--duration=2d", "--seed=5", "--out=" + out);
    assertEquals(0, SimulatorTool.run(o, IocConfig.load(Map.of(), Map.of())));
    List<String> expected = Simulation.all(o.settings()).stream().map(Emission::line).toList();
    assertEquals(expected, lines(out));
    assertTrue(expected.size() > 2000, "two working days: " + expected.size());
  }

  @Test
  void aRunWithAPositionIsExtendedByTheNextWithoutLossOrRepeat() throws Exception {
    Path position = dir.resolve("simulator.position");
    Path first = dir.resolve("first.jsonl");
    Path second = dir.resolve("second.jsonl");
    Path whole = dir.resolve("whole.jsonl");
    IocConfig config = IocConfig.load(Map.of(), Map.of());
    SimulatorTool.run(options("--duration=2d", "--out=" + first, "--position=" + position), config);
    SimulatorTool.run(
        options("--duration=4d", "--out=" + second, "--position=" + position), config);
    SimulatorTool.run(options("--duration=4d", "--out=" + whole), config);
    List<String> joined = new ArrayList<>(lines(first));
    joined.addAll(lines(second));
    assertTrue(lines(first).size() > 1000 && lines(second).size() > 1000);
    assertEquals(lines(whole), joined);
  }

  @Test
  void aPositionOfAnotherSimulationIsRefused() throws Exception {
    Path position = dir.resolve("simulator.position");
    IocConfig config = IocConfig.load(Map.of(), Map.of());
    SimulatorTool.run(
        options("--duration=1d", "--out=" + dir.resolve("a"), "--position=" + position), config);
    SimulatorTool.Options other =
        options("--seed=9", "--duration=2d", "--out=" + dir.resolve("b"), "--position=" + position);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SimulatorTool.run(other, config));
    assertTrue(e.getMessage().contains("seed=42"), e.getMessage());
    // --fresh starts over and takes the position over
    SimulatorTool.Options fresh =
        options(
            "--seed=9",
            "--duration=2d",
            "--out=" + dir.resolve("c"),
            "--position=" + position,
            "--fresh");
    assertEquals(0, SimulatorTool.run(fresh, config));
    assertEquals(
        Simulation.all(fresh.settings()).stream().map(Emission::line).toList(),
        lines(dir.resolve("c")));
  }

  @Test
  void optionsAreChecked() throws Exception {
    assertEquals(Duration.ofDays(7), SimulatorTool.parseDuration("7d"));
    assertEquals(Duration.ofHours(36), SimulatorTool.parseDuration("36h"));
    assertEquals(Duration.ofMinutes(90), SimulatorTool.parseDuration("PT90M"));
    assertThrows(IllegalArgumentException.class, () -> SimulatorTool.parseDuration("7w"));
    assertEquals(
        "Text cannot be parsed to a Duration",
        assertThrows(IllegalArgumentException.class, () -> SimulatorTool.parseDuration("P7W"))
            .getMessage());
    assertEquals(
        "Text '2024-13-01' could not be parsed: Invalid value for MonthOfYear (valid values 1 -"
            + " 12): 13",
        assertThrows(IllegalArgumentException.class, () -> options("--start=2024-13-01"))
            .getMessage());
    SimulatorTool.Options endless = options("--duration=forever");
    assertEquals(null, endless.settings().end(), "as fast as possible up to the present, then on");
    assertEquals(0, endless.speed());
    assertEquals(null, endless.present(), "the wall clock's present");
    assertEquals(
        "2026-12-08T02:30:00Z",
        options("--present=2026-12-08T09:30").present().toString(),
        "a local date-time");
    assertEquals(2027, options("--duration=1d").settings().calendar().lastYear(), "the calendar");
    SimulatorTool.Options live = options("--speed=1440");
    assertEquals(null, live.settings().end(), "a clocked run is endless by default");
    assertEquals(1440, live.speed());
    assertEquals(
        "2024-10-14T08:00:00Z",
        SimulatorTool.parseInstant(
                "2024-10-14T15:00+07:00",
                IocConfig.load(Map.of(), Map.of()).get(IocConfig.TIMEZONE))
            .toString());
  }

  @Test
  void theBundledSampleDayIsTheSimulatedOne() throws Exception {
    SimulatorTool.Options o = options("--start=2024-10-15", "--duration=1d");
    assertEquals(
        Simulation.all(o.settings()).stream().map(Emission::line).toList(),
        lines(ProjectFiles.sampleDay()),
        "deploy/sample/sample-day.jsonl is stale: regenerate it with"
            + " `deploy/ioc simulate --start 2024-10-15 --duration 1d --out deploy/sample/sample-day.jsonl`");
  }
}
