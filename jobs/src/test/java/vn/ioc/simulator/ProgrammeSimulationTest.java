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
import vn.ioc.reference.ReferenceData;
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
        0.01,
        null);
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

  @Test
  void movedToTheDemosStartTheProgrammeStandsAsOnItsReferenceDateInTodaysProvince()
      throws Exception {
    ReferenceData reference = ReferenceData.load(ProjectFiles.reference());
    // history's first week after it: Monday 1 April 2024; the start's week: Monday 2 November
    // 2026, 135 weeks (945 days) on
    ProgrammeSimulation.Settings moved =
        new ProgrammeSimulation.Settings(
            PROGRAMME,
            42,
            LocalDate.parse("2026-11-03").atStartOfDay(HCM).toInstant(),
            LocalDate.parse("2026-11-03").atStartOfDay(HCM).toInstant(),
            HCM,
            calendar,
            null,
            0.05,
            0.01,
            reference);
    List<Emission> all = ProgrammeSimulation.all(moved);
    List<String> history = Files.readAllLines(PROGRAMME.resolve("reports.jsonl"));
    assertEquals(history.size(), all.size(), "the history, and no week after it yet");
    Map<String, ProgressReport> original = new TreeMap<>();
    for (String line : history) original.put(decode(line).reportId, decode(line));

    Map<String, ProgressReport> newest = new TreeMap<>();
    for (Emission e : all) {
      ProgressReport r = decode(e.line());
      ProgressReport was = original.get(r.reportId);
      LocalDate day = Instant.ofEpochMilli(r.reportedAt).atZone(HCM).toLocalDate();
      LocalDate wasDay = Instant.ofEpochMilli(was.reportedAt).atZone(HCM).toLocalDate();
      // the same weekday 135 weeks on, or the next working day when that is a day off
      assertEquals(calendar.onOrAfterWorkingDay(wasDay.plusDays(945)), day, r.reportId);
      assertEquals(
          Instant.ofEpochMilli(was.reportedAt).atZone(HCM).toLocalTime(),
          Instant.ofEpochMilli(r.reportedAt).atZone(HCM).toLocalTime());
      assertTrue(calendar.isWorkingDay(LocalDate.ofEpochDay(r.deadline)), r.reportId);
      assertEquals(
          calendar.onOrAfterWorkingDay(LocalDate.ofEpochDay(was.deadline + 945)).toEpochDay(),
          r.deadline);
      assertTrue(
          reference.unitsOn(day).stream().anyMatch(u -> u.code().equals(r.ownerUnit)),
          r.reportId + ": " + r.ownerUnit + " not a unit on " + day);
      if (r.completedAt != ProgressReport.NONE) assertEquals(was.completedAt + 945, r.completedAt);
      newest.merge(r.itemId, r, (a, b) -> b.reportedAt >= a.reportedAt ? b : a);
    }
    // a Wednesday that moved onto Quốc khánh (2 September 2026) is reported on the Thursday
    ProgressReport national = decode(all.get(indexOf(all, "/2024-01-31")).line());
    assertEquals(
        "2026-09-03T16:05+07:00",
        Instant.ofEpochMilli(national.reportedAt).atZone(HCM).toOffsetDateTime().toString());
    // the department merged into Sở Khoa học và Công nghệ on 1 March 2025 owns its items now
    ProgressReport paperless = newest.get("DA06-MH-02");
    assertEquals("000.00.15.H40", paperless.ownerUnit);
    assertEquals("Phó Giám đốc Sở Khoa học và Công nghệ", paperless.responsible);
    assertEquals("2027-06-03", LocalDate.ofEpochDay(paperless.deadline).toString());
    // a deadline on Sunday 30 June 2024 moves to Sunday 31 January 2027: it ends on the Monday
    assertEquals("2027-02-01", LocalDate.ofEpochDay(newest.get("DA06-MH-01").deadline).toString());

    // as of the moved reference date (Sunday 1 November 2026) the seed's figures
    Map<String, Integer> models = new TreeMap<>();
    int overdue = 0;
    int stale = 0;
    long today = LocalDate.parse("2026-11-01").toEpochDay();
    for (ProgressReport r : newest.values()) {
      if (r.kind.equals("MODEL")) models.merge(r.status, 1, Integer::sum);
      if (r.status.equals("COMPLETED")) continue;
      if (today > r.deadline) overdue++;
      if (today - Instant.ofEpochMilli(r.reportedAt).atZone(HCM).toLocalDate().toEpochDay() > 7)
        stale++;
    }
    assertEquals(Map.of("COMPLETED", 6, "IN_PROGRESS", 20, "NOT_STARTED", 12), models);
    assertEquals(4, overdue);
    assertEquals(6, stale);
  }

  private static int indexOf(List<Emission> all, String reportIdEnd) {
    for (int i = 0; i < all.size(); i++) if (all.get(i).line().contains(reportIdEnd)) return i;
    throw new AssertionError("no report " + reportIdEnd);
  }
}
