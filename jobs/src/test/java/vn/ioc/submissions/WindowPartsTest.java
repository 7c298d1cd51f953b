package vn.ioc.submissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.ioc.calendar.LocalCalendar;
import vn.ioc.calendar.WindowLevel;

/** The rollup's parts that need no Flink: window arithmetic, forwarding, writes and the cap. */
class WindowPartsTest {
  static final LocalCalendar CAL = new LocalCalendar(ZoneId.of("Asia/Ho_Chi_Minh"));
  static final long HOUR_MS = 3_600_000;

  static long at(String local) {
    return OffsetDateTime.parse(local + "+07:00").toInstant().toEpochMilli();
  }

  @Test
  void aTimerAtALocalMidnightIsForTheDayThatEndsAndTheWindowsWhoseHorizonEndsThen() {
    WindowCalendar live = new WindowCalendar(CAL, 2 * HOUR_MS, true);
    List<Long> work = new ArrayList<>();
    live.dueAt(at("2024-10-15T00:00:00"), Scope.UNIT, work);
    List<String> due = new ArrayList<>();
    for (long id : work)
      due.add(
          WindowLevel.ofOrdinal(WindowCalendar.levelOf(id))
              + "@"
              + OffsetDateTime.ofInstant(
                  java.time.Instant.ofEpochMilli(WindowCalendar.startOf(id)),
                  ZoneId.of("Asia/Ho_Chi_Minh")));
    // closing now: the 23:59 minute, the 23:00 hour, the day of the 14th; dropped now (their end
    // plus two hours): the 21:59 minute and the 21:00 hour, then the 21:00 hour's sixty minutes
    assertEquals(
        List.of(
            "MINUTE@2024-10-14T23:59+07:00",
            "HOUR@2024-10-14T23:00+07:00",
            "DAY@2024-10-14T00:00+07:00",
            "MINUTE@2024-10-14T21:59+07:00",
            "HOUR@2024-10-14T21:00+07:00"),
        due.subList(0, 5));
    assertEquals(5 + 60, due.size());
    assertEquals("MINUTE@2024-10-14T21:00+07:00", due.get(5));

    WindowCalendar bounded = new WindowCalendar(CAL, 2 * HOUR_MS, false);
    List<Long> cleanupOnly = new ArrayList<>();
    bounded.dueAt(at("2024-10-15T00:00:00"), Scope.UNIT_SERVICE, cleanupOnly);
    assertEquals(
        List.of(WindowCalendar.bucketId(WindowLevel.HOUR.ordinal(), at("2024-10-14T21:00:00"))),
        cleanupOnly,
        "a bounded run settles at cleanup only; unit×service has no minutes");
  }

  @Test
  void aMinutesStateGoesWithItsHoursAndOtherWindowsAtTheirEnd() {
    WindowCalendar w = new WindowCalendar(CAL, 0, true);
    long minute = at("2024-10-14T08:17:00");
    assertEquals(
        at("2024-10-14T09:00:00"),
        w.dropTime(WindowLevel.MINUTE, minute, w.end(WindowLevel.MINUTE, minute)));
    long day = at("2024-10-14T00:00:00");
    assertEquals(
        at("2024-10-15T00:00:00"), w.dropTime(WindowLevel.DAY, day, w.end(WindowLevel.DAY, day)));
  }

  @Test
  void aUnitHandsItsChangeToItsDistrictAndTheProvinceAServiceToItsUnit() {
    SeriesTags unit = tags(Scope.UNIT, "412", "000.00.44.H40", null);
    Counts delta = new Counts(3, 1, 0, 2, 1, 0);
    List<Contribution> up = ScopeForwarding.upward(unit, 1, 1000, delta, 2000, true);
    assertEquals(2, up.size());
    assertEquals(Scope.DISTRICT, up.get(0).scope);
    assertEquals("412", up.get(0).district);
    assertEquals(null, up.get(0).unit);
    assertEquals(Scope.PROVINCE, up.get(1).scope);
    assertEquals(null, up.get(1).district);
    assertEquals(delta, up.get(1).delta);
    assertTrue(up.get(1).decreased);
    delta.online = 99;
    assertEquals(3, up.get(0).delta.online, "each carries its own copy");

    assertEquals(
        List.of(Scope.PROVINCE),
        ScopeForwarding.upward(tags(Scope.UNIT, null, "u", null), 1, 0, delta, 0, false).stream()
            .map(c -> c.scope)
            .toList(),
        "a unit of no district goes to the province only");
    Contribution toUnit =
        ScopeForwarding.upward(
                tags(Scope.UNIT_SERVICE, "412", "u", "1.004227"), 1, 0, delta, 0, false)
            .get(0);
    assertEquals(Scope.UNIT, toUnit.scope);
    assertEquals("u", toUnit.unit);
    assertEquals(null, toUnit.service);
    assertEquals(
        List.of(),
        ScopeForwarding.upward(tags(Scope.PROVINCE, null, null, null), 1, 0, delta, 0, false));
  }

  @Test
  void aBoundedRunWritesAChangedWindowOnceAtItsCleanup() {
    WindowWrites bounded = new WindowWrites(false, 10_000, 7);
    WindowBucket b = new WindowBucket();
    b.changed = true;
    assertFalse(bounded.due(b, true, false, 0), "closed but not yet cleaned up");
    assertTrue(bounded.due(b, true, true, 0));
    bounded.write(tags(Scope.UNIT, "412", "u", null), WindowLevel.DAY.ordinal(), 0, 1, b, true, 5);
    assertFalse(bounded.due(b, true, true, 0), "written: unchanged since");

    WindowWrites live = new WindowWrites(true, 10_000, 7);
    WindowBucket open = new WindowBucket();
    open.changed = true;
    assertTrue(live.due(open, false, false, 0), "a first early write");
    live.write(
        tags(Scope.UNIT, "412", "u", null), WindowLevel.DAY.ordinal(), 0, 1, open, false, 1_000);
    open.changed = true;
    assertFalse(live.due(open, false, false, 10_999), "within the early-write interval");
    assertTrue(live.due(open, false, false, 11_000));
    assertTrue(live.due(new WindowBucket(), true, false, 0), "its final value when it closes");
  }

  @Test
  void eachInstanceHoldsItsShareOfTheSeriesAndTakesAnEvenShareAfterARescale() {
    SeriesBudget b = new SeriesBudget(5);
    assertEquals(3, b.share(2));
    assertTrue(b.open(2));
    assertTrue(b.open(2));
    assertTrue(b.open(2));
    assertFalse(b.open(2));
    b.release();
    assertTrue(b.open(2));
    assertEquals(3, b.inUse());
    SeriesBudget after = new SeriesBudget(5);
    after.restore(List.of(3, 2), 1);
    assertEquals(5, after.inUse(), "two instances' counts onto one");
    after.restore(List.of(3, 2), 2);
    assertEquals(2, after.inUse(), "the same parallelism: an even share, rounded down");
  }

  private static SeriesTags tags(Scope scope, String district, String unit, String service) {
    SeriesTags t = new SeriesTags();
    t.scope = scope;
    t.province = "40";
    t.district = district;
    t.unit = unit;
    t.service = service;
    return t;
  }
}
