package vn.ioc.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ioc.tools.ProjectFiles;

class WorkingDaysTest {
  private static WorkingDays vn;

  @BeforeAll
  static void load() throws Exception {
    vn = WorkingDays.load(ProjectFiles.root().resolve("deploy/calendar"));
  }

  private static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  @Test
  void tet2024IsFiveWorkingDaysOff() {
    for (String off :
        new String[] {"2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14"})
      assertFalse(vn.isWorkingDay(d(off)), off);
    assertTrue(vn.isWorkingDay(d("2024-02-07")));
    assertTrue(vn.isWorkingDay(d("2024-02-15")));
    assertEquals("Tết Nguyên đán Giáp Thìn", vn.dayOff(d("2024-02-12")).name());
    // from Wednesday 7 Feb (exclusive) to Friday 16 Feb: 15 and 16 only
    assertEquals(2, vn.workingDaysAfter(d("2024-02-07"), d("2024-02-16")));
    // the whole of February 2024: 21 weekdays, 5 of them Tết
    assertEquals(16, vn.workingDaysAfter(d("2024-01-31"), d("2024-02-29")));
  }

  @Test
  void aMakeUpSaturdayIsAWorkingDayAndItsBridgeDayIsNot() {
    assertTrue(vn.isWorkingDay(d("2024-05-04")), "Saturday 4 May 2024 is worked");
    assertFalse(vn.isWorkingDay(d("2024-04-29")), "for Monday 29 April");
    assertFalse(vn.isWorkingDay(d("2024-05-05")), "Sunday stays off");
    // Friday 26 April (exclusive) to Tuesday 7 May 2024: 2, 3, 4 (Sat), 6, 7 May
    assertEquals(5, vn.workingDaysAfter(d("2024-04-26"), d("2024-05-07")));
    assertTrue(vn.isWorkingDay(d("2025-04-26")));
    assertTrue(vn.isWorkingDay(d("2026-01-10")));
    assertFalse(vn.isWorkingDay(d("2026-01-02")));
  }

  @Test
  void countingMatchesDayByDayOverThreeYears() {
    LocalDate from = d("2023-12-25");
    for (LocalDate through = from;
        through.isBefore(d("2027-01-10"));
        through = through.plusDays(11)) {
      long byDay = 0;
      for (LocalDate x = from.plusDays(1); !x.isAfter(through); x = x.plusDays(1))
        if (vn.isWorkingDay(x)) byDay++;
      assertEquals(byDay, vn.workingDaysAfter(from, through), "through " + through);
    }
    assertEquals(0, vn.workingDaysAfter(d("2024-03-01"), d("2024-03-01")));
    assertEquals(0, vn.workingDaysAfter(d("2024-03-05"), d("2024-03-01")));
  }

  @Test
  void pastTheLastListedYearOnlyWeekendsAreKnown() {
    assertEquals(2027, vn.lastYear());
    assertTrue(vn.covers(d("2027-12-31")));
    assertFalse(vn.covers(d("2028-01-03")));
    assertTrue(vn.isWorkingDay(d("2028-01-03")), "2028 is not listed yet: a Monday");
    assertFalse(WorkingDays.weekendsOnly().covers(d("2024-02-08")));
    assertTrue(WorkingDays.weekendsOnly().isWorkingDay(d("2024-02-08")));
  }

  /**
   * Tết Đinh Mùi falls on Saturday 6 February 2027 in Vietnam's lunar calendar (reckoned at UTC+7;
   * China's, at UTC+8, starts the year a day later): the 2027 rows are provisional, the statutory
   * days off until the official schedule is announced.
   */
  @Test
  void tet2027IsProvisionalFromTheStatutoryDays() {
    for (String off :
        new String[] {"2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"})
      assertFalse(vn.isWorkingDay(d(off)), off);
    assertTrue(vn.isWorkingDay(d("2027-02-04")));
    assertTrue(vn.isWorkingDay(d("2027-02-12")));
    assertFalse(vn.isWorkingDay(d("2027-04-16")), "Giỗ Tổ Hùng Vương");
    // 261 weekdays in 2027, 11 of them listed days off
    assertEquals(250, vn.workingDaysAfter(d("2026-12-31"), d("2027-12-31")));
  }

  /**
   * The calendar must reach 60 days past today: a job counting working days past its last year
   * knows only weekends, so this test fails in time for the next year's days off to be added.
   */
  @Test
  void theCalendarReachesSixtyDaysPastToday() {
    LocalDate end = LocalDate.of(vn.lastYear(), 12, 31);
    LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh"));
    assertTrue(
        today.plusDays(60).isBefore(end) || today.plusDays(60).isEqual(end),
        "deploy/calendar ends on "
            + end
            + ": add the days off of "
            + (vn.lastYear() + 1)
            + " (provisional until announced) before "
            + end.minusDays(60));
  }

  @Test
  void aSiteAddsItsOwnFileAndContradictionsAreRefused(@TempDir Path dir) throws Exception {
    Files.copy(
        ProjectFiles.root().resolve("deploy/calendar/vn-days-off.csv"),
        dir.resolve("vn-days-off.csv"));
    Files.writeString(
        dir.resolve("site.csv"), "date,kind,name,note\n2024-10-15,day-off,Ngày của tỉnh,\n");
    WorkingDays site = WorkingDays.load(dir);
    assertFalse(site.isWorkingDay(d("2024-10-15")));
    Files.writeString(dir.resolve("site.csv"), "date,kind,name,note\n2024-05-04,day-off,Sai,\n");
    assertThrows(IllegalArgumentException.class, () -> WorkingDays.load(dir));
    Files.writeString(
        dir.resolve("site.csv"), "date,kind,name,note\n2024-05-05,day-off,Chủ nhật,\n");
    IllegalArgumentException weekend =
        assertThrows(IllegalArgumentException.class, () -> WorkingDays.load(dir));
    assertTrue(weekend.getMessage().contains("site.csv line 2"), weekend.getMessage());
  }
}
