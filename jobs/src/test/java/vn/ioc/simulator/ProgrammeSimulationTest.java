package vn.ioc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.clock.ClockDecoder;
import vn.ioc.feed.ContractViolation;
import vn.ioc.progress.ProgressDecoder;
import vn.ioc.progress.ProgressReport;
import vn.ioc.tools.ProjectFiles;

/** The simulator's programme mode: the reference history, then a year of weekly reports. */
class ProgrammeSimulationTest {
  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
  static final Path PROGRAMME = ProjectFiles.root().resolve("deploy/programme/nghe-an-2024");
  static WorkingDays calendar;

  @BeforeAll
  static void load() throws Exception {
    calendar = WorkingDays.load(ProjectFiles.root().resolve("deploy/calendar"));
  }

  static ProgrammeSimulation.Settings settings(String start, String end, Duration tick) {
    return new ProgrammeSimulation.Settings(
        PROGRAMME,
        42,
        LocalDate.parse(start).atStartOfDay(HCM).toInstant(),
        LocalDate.parse(end).atStartOfDay(HCM).toInstant(),
        HCM,
        calendar,
        tick,
        0.05,
        0.01);
  }

  static ProgressReport decode(String line) throws ContractViolation {
    return new ProgressDecoder().decode(line.getBytes(StandardCharsets.UTF_8));
  }

  static long at(String date) {
    return LocalDate.parse(date).atStartOfDay(HCM).toInstant().toEpochMilli();
  }

  @Test
  void theHistoryIsPlayedAsItIsThenEveryItemGoesOnUntilItIsDoneOrItsOwnerStopped()
      throws Exception {
    List<Emission> all = ProgrammeSimulation.all(settings("2024-04-01", "2025-01-01", null));
    assertEquals(all, ProgrammeSimulation.all(settings("2024-04-01", "2025-01-01", null)));
    List<String> history = Files.readAllLines(PROGRAMME.resolve("reports.jsonl"));
    assertEquals(history, all.subList(0, history.size()).stream().map(Emission::line).toList());
    for (int i = 1; i < all.size(); i++)
      assertTrue(all.get(i - 1).compareTo(all.get(i)) <= 0, "in arrival order at " + i);

    Map<String, ProgressReport> newest = new TreeMap<>();
    Map<String, Long> lastHistoryReport = new TreeMap<>();
    Set<String> moved = new TreeSet<>();
    int late = 0;
    int malformed = 0;
    for (Emission e : all.subList(history.size(), all.size())) {
      if (e.kind() == Emission.Kind.MALFORMED) {
        malformed++;
        try {
          decode(e.line());
          throw new AssertionError("a malformed copy decoded: " + e.line());
        } catch (ContractViolation v) {
          assertEquals(e.expectedReason(), v.reason());
        }
        continue;
      }
      ProgressReport r = decode(e.line());
      assertTrue(r.reportedAt >= at("2024-04-01"), e.line());
      LocalDate day = Instant.ofEpochMilli(r.reportedAt).atZone(HCM).toLocalDate();
      assertTrue(calendar.isWorkingDay(day), "reported on a working day: " + e.line());
      if (e.kind() == Emission.Kind.LATE_REPORT) {
        late++;
        long delay = e.arrival() - r.reportedAt;
        assertTrue(
            delay >= Duration.ofHours(24).toMillis() && delay < Duration.ofHours(72).toMillis());
      } else {
        assertEquals(r.reportedAt, e.arrival());
      }
      ProgressReport before = newest.put(r.itemId, r);
      if (before != null) {
        assertTrue(!"COMPLETED".equals(before.status), "a completed item reports no more");
        if (before.deadline != r.deadline) moved.add(r.itemId);
      }
    }
    Set<String> completedInHistory = new TreeSet<>();
    for (String line : history) {
      ProgressReport r = decode(line);
      lastHistoryReport.merge(r.itemId, r.reportedAt, Math::max);
      if (r.status.equals("COMPLETED")) completedInHistory.add(r.itemId);
    }
    // the six owners who stopped in February stay silent
    Set<String> silent = new TreeSet<>(lastHistoryReport.keySet());
    silent.removeAll(newest.keySet());
    Set<String> stopped = new TreeSet<>();
    lastHistoryReport.forEach(
        (item, t) -> {
          if (t < at("2024-03-01") && !completedInHistory.contains(item)) stopped.add(item);
        });
    assertTrue(silent.containsAll(stopped), silent + " holds " + stopped);
    assertEquals(6, stopped.size());

    long completed = newest.values().stream().filter(r -> r.status.equals("COMPLETED")).count();
    long slipped =
        newest.values().stream()
            .filter(r -> r.completedAt == ProgressReport.NONE)
            .filter(
                r -> {
                  long day =
                      Instant.ofEpochMilli(r.reportedAt).atZone(HCM).toLocalDate().toEpochDay();
                  return r.status.equals("COMPLETED")
                      ? day > r.deadline
                      : at("2025-01-01") / 86_400_000L > r.deadline;
                })
            .count();
    // deterministic for the seed: these are the counts of seed 42, pinned
    assertEquals(2197, all.size());
    assertEquals(
        List.of(61L, 6L, 1, 63, 13), List.of(completed, slipped, moved.size(), late, malformed));
  }

  @Test
  void ticksEveryMinuteFromTheStartAndThePastFirst() throws Exception {
    List<Emission> all =
        ProgrammeSimulation.all(settings("2024-10-14", "2024-10-15", Duration.ofMinutes(1)));
    List<Emission> ticks = all.stream().filter(e -> e.kind() == Emission.Kind.TICK).toList();
    assertEquals(1440, ticks.size());
    assertEquals(at("2024-10-14"), ticks.get(0).arrival());
    assertEquals(
        at("2024-10-14"),
        new ClockDecoder().decode(ticks.get(0).line().getBytes(StandardCharsets.UTF_8)).at);
    assertEquals(at("2024-10-15") - 60_000, ticks.get(1439).arrival());
    // everything before the start (the history and the weeks since) comes before the first tick
    int firstTick = all.indexOf(ticks.get(0));
    assertTrue(firstTick > 785, "the past: " + firstTick);
    assertTrue(all.subList(0, firstTick).stream().allMatch(e -> e.arrival() <= at("2024-10-14")));
  }
}
