package vn.ioc.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.tools.ProjectFiles;

class ItemStatusTest {
  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
  static WorkingDays calendar;

  @BeforeAll
  static void load() throws Exception {
    calendar = WorkingDays.load(ProjectFiles.root().resolve("deploy/calendar"));
  }

  private static ProgressReport report(
      String status, double pct, String plannedStart, String deadline, String reportedAt) {
    ProgressReport r = new ProgressReport();
    r.reportId = "r";
    r.itemId = "DA06-NV-1.1";
    r.kind = "TASK";
    r.status = status;
    r.progressPct = pct;
    r.plannedStart = plannedStart == null ? ProgressReport.NONE : day(plannedStart);
    r.deadline = day(deadline);
    r.reportedAt = OffsetDateTime.parse(reportedAt).toInstant().toEpochMilli();
    return r;
  }

  private static long day(String d) {
    return LocalDate.parse(d).toEpochDay();
  }

  private static ItemStatus on(ProgressReport r, String today) {
    return ItemStatus.of(r, LocalDate.parse(today), calendar, 7, HCM);
  }

  @Test
  void anItemBehindItsPlannedPace() {
    ProgressReport r =
        report("IN_PROGRESS", 40, "2024-01-15", "2024-06-30", "2024-03-29T16:30:00+07:00");
    ItemStatus s = on(r, "2024-03-31");
    // 76 of the 167 planned days have passed
    assertEquals(100.0 * 76 / 167, s.expectedPct(), 1e-12);
    assertEquals(40 - 100.0 * 76 / 167, s.paceGapPct(), 1e-12);
    assertEquals(0, s.overdueDays());
    assertEquals(2, s.daysSinceReport());
    assertFalse(s.stale());
    // 40 % in 76 days: the remaining 60 % take 114 days, only 91 are left
    assertTrue(s.atRisk());
    assertFalse(
        on(
                report("IN_PROGRESS", 50, "2024-01-15", "2024-06-30", "2024-03-29T16:30:00+07:00"),
                "2024-03-31")
            .atRisk(),
        "50 % in 76 days: 76 more needed, 91 left");
  }

  @Test
  void atRiskAtItsBoundary() {
    // 50 % after 10 days: exactly 10 more days needed
    ProgressReport r =
        report("IN_PROGRESS", 50, "2024-03-01", "2024-03-21", "2024-03-11T10:00:00+07:00");
    assertFalse(on(r, "2024-03-11").atRisk(), "finishing on the deadline is not at risk");
    r.deadline = day("2024-03-20");
    assertTrue(on(r, "2024-03-11").atRisk(), "one day short");
    assertFalse(on(r, "2024-03-01").atRisk(), "on its planned start day: no pace yet");
    assertEquals(0.0, on(r, "2024-02-20").expectedPct(), "before the planned start");
    assertTrue(
        on(
                report("IN_PROGRESS", 0, "2024-03-01", "2024-12-31", "2024-03-11T10:00:00+07:00"),
                "2024-03-11")
            .atRisk(),
        "no progress at all after the planned start");
  }

  @Test
  void overdueWorkingDaysSkipTet() {
    // due Monday 5 February 2024, still in progress on Monday 19 February
    ProgressReport r =
        report("IN_PROGRESS", 80, "2024-01-02", "2024-02-05", "2024-02-19T09:00:00+07:00");
    ItemStatus s = on(r, "2024-02-19");
    assertEquals(14, s.overdueDays());
    assertEquals(5, s.overdueWorkingDays(), "6, 7, 15, 16 and 19 February");
    assertFalse(s.atRisk(), "overdue is its own indicator");
    assertEquals(100.0, s.expectedPct());
    assertEquals(-20.0, s.paceGapPct());
  }

  @Test
  void overdueWorkingDaysCountAMakeUpSaturday() {
    ProgressReport r =
        report("NOT_STARTED", Double.NaN, null, "2024-05-01", "2024-04-24T09:00:00+07:00");
    ItemStatus s = on(r, "2024-05-06");
    assertEquals(5, s.overdueDays());
    assertEquals(4, s.overdueWorkingDays(), "2, 3, 4 (a Saturday worked) and 6 May");
    assertEquals(0.0, s.progressPct(), "not started: 0");
    assertTrue(Double.isNaN(s.expectedPct()), "no planned start, no planned pace");
    assertTrue(Double.isNaN(s.paceGapPct()));
    assertEquals(12, s.daysSinceReport());
    assertTrue(s.stale());
  }

  @Test
  void completedLateCountsFromTheCompletionDateAndNeverGoesStaleOrOverdue() {
    ProgressReport r =
        report("COMPLETED", 100, "2024-01-02", "2024-03-08", "2024-03-20T16:00:00+07:00");
    r.completedAt = day("2024-03-20");
    ItemStatus s = on(r, "2024-06-30");
    assertEquals(12, s.completedLateDays());
    assertEquals(0, s.overdueDays());
    assertFalse(s.stale());
    assertFalse(s.atRisk());
    assertEquals(100.0, s.progressPct());
    // without completedAt: the local date of the report, here 1 April (18:00 UTC on 31 March)
    ProgressReport late =
        report("COMPLETED", Double.NaN, null, "2024-03-31", "2024-03-31T18:00:00Z");
    assertEquals(1, on(late, "2024-04-02").completedLateDays());
    ProgressReport onTime =
        report("COMPLETED", Double.NaN, null, "2024-03-31", "2024-03-31T16:00:00Z");
    assertEquals(0, on(onTime, "2024-04-02").completedLateDays(), "23:00 local, on the day");
  }

  @Test
  void staleAfterTheCadenceAndRiskWithoutAPlan() {
    ProgressReport r = report("IN_PROGRESS", 30, null, "2024-12-31", "2024-02-28T16:00:00+07:00");
    assertEquals(32, on(r, "2024-03-31").daysSinceReport());
    assertTrue(on(r, "2024-03-31").stale());
    assertFalse(
        ItemStatus.of(r, LocalDate.of(2024, 3, 31), calendar, 45, HCM).stale(), "a 45-day cadence");
    assertFalse(on(r, "2024-12-20").atRisk(), "started, no plan: no pace to judge");
    ProgressReport idle = report("NOT_STARTED", 0, null, "2024-04-30", "2024-03-29T16:00:00+07:00");
    assertTrue(on(idle, "2024-03-31").atRisk(), "not started, 30 days left");
    assertFalse(on(idle, "2024-03-30").atRisk(), "31 days left");
  }
}
