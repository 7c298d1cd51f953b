package vn.ioc.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.clock.ClockDecoder;
import vn.ioc.feed.ContractViolation;
import vn.ioc.progress.ProgressDecoder;
import vn.ioc.progress.ProgressJson;
import vn.ioc.progress.ProgressReport;
import vn.ioc.reference.ReferenceData;

/**
 * The programme feed ({@code ioc.progress}) and the engine's clock ({@code ioc.clock}) of the
 * simulator's programme mode, deterministic for a seed.
 *
 * <ul>
 *   <li>The reference history ({@code reports.jsonl} of the programme folder) is played as it is,
 *       each report arriving at its {@code reportedAt}.
 *   <li>After it, every item goes on reporting weekly, on its owner's weekday and time (moved to
 *       the next working day when that is a day off): not started until its planned start, then
 *       progress at a pace that would finish at the deadline, times the item's pace (a fifth of the
 *       items slip: 0.6); an overdue item moves on 10 points a week and, once, may have its
 *       deadline moved two months (30 % a week after two weeks overdue); a completed item stops
 *       reporting. Owners who stopped reporting in the history stay silent.
 *   <li>Anomalies: a share of reports arrive one to three days late ({@code LATE_REPORT}); a share
 *       is followed by a broken copy (an impossible deadline, {@code MALFORMED}, dead letter {@code
 *       bad-date}).
 *   <li>Ticks: one every {@code tickEvery} of simulated time from {@code start} ({@code TICK}).
 * </ul>
 *
 * Messages arriving before {@code start} are the programme's past: the simulator sends them first,
 * without waiting, so the progress job starts with every item.
 */
public final class ProgrammeSimulation extends PositionedFeed {

  /**
   * What to simulate.
   *
   * @param end no message arriving at or after it (null: endless)
   * @param tickEvery the clock's tick interval; null for no ticks
   * @param movedWith null: the programme as it is; else the programme moved to the week of {@code
   *     start} ({@link ProgrammeMove}), its ended owner units replaced from this reference data
   */
  public record Settings(
      Path programme,
      long seed,
      Instant start,
      Instant end,
      ZoneId zone,
      WorkingDays calendar,
      Duration tickEvery,
      double late,
      double malformed,
      ReferenceData movedWith) {}

  /** An item as the simulator carries it on after the history. */
  private static final class Item {
    ProgressReport last;
    double pace;
    boolean silent;
    boolean deadlineMoved;
    DayOfWeek weekday;
    LocalTime time;
    LocalDate lastDay; // of its newest report in the history, not moved
  }

  private final Settings s;
  private final PriorityQueue<Emission> queue = new PriorityQueue<>();
  private final Map<String, Item> items = new TreeMap<>();
  private final ProgrammeMove move;
  private LocalDate nextWeek;
  private long nextTick;

  public ProgrammeSimulation(Settings settings, Simulation.Position after) throws IOException {
    super(after);
    this.s = settings;
    ProgressDecoder decoder = new ProgressDecoder();
    List<String> lines =
        Files.readAllLines(settings.programme().resolve("reports.jsonl"), StandardCharsets.UTF_8);
    List<ProgressReport> history = new ArrayList<>();
    long lastReport = Long.MIN_VALUE;
    for (String line : lines) {
      ProgressReport r = decode(decoder, line);
      history.add(r);
      lastReport = Math.max(lastReport, r.reportedAt);
    }
    LocalDate lastDay = Instant.ofEpochMilli(lastReport).atZone(s.zone()).toLocalDate();
    LocalDate firstWeek = lastDay.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    this.move =
        s.movedWith() == null
            ? null
            : new ProgrammeMove(
                firstWeek,
                s.start().atZone(s.zone()).toLocalDate(),
                s.calendar(),
                s.movedWith(),
                s.zone());
    for (int i = 0; i < history.size(); i++) {
      ProgressReport original = history.get(i);
      ProgressReport r = original;
      String line = lines.get(i);
      if (move != null) {
        r = move.apply(original);
        line = new String(ProgressJson.encode(r, s.zone()), StandardCharsets.UTF_8);
      }
      queue.add(new Emission(r.reportedAt, line, Emission.Kind.REPORT, null));
      Item item = items.computeIfAbsent(r.itemId, k -> new Item());
      if (item.last == null || r.reportedAt >= item.last.reportedAt) {
        item.last = r;
        // the owner's weekday and time, as the history has them (a move keeps both)
        var at = Instant.ofEpochMilli(original.reportedAt).atZone(s.zone());
        item.weekday = at.getDayOfWeek();
        item.time = at.toLocalTime();
        item.lastDay = at.toLocalDate();
      }
    }
    for (Item item : items.values()) {
      // an owner silent for the last two weeks of the history has stopped reporting
      item.silent =
          !"COMPLETED".equals(item.last.status) && item.lastDay.isBefore(lastDay.minusDays(14));
      item.pace = random(item.last.itemId, 0).nextDouble() < 0.2 ? 0.6 : 1.0;
    }
    if (move != null) firstWeek = move.day(firstWeek);
    this.nextWeek = firstWeek;
    this.nextTick =
        s.tickEvery() == null
            ? Long.MAX_VALUE
            : ceil(s.start().toEpochMilli(), s.tickEvery().toMillis());
  }

  private static ProgressReport decode(ProgressDecoder decoder, String line) {
    try {
      return decoder.decode(line.getBytes(StandardCharsets.UTF_8));
    } catch (ContractViolation e) {
      throw new IllegalArgumentException("the programme history holds a bad report: " + line, e);
    }
  }

  private static long ceil(long t, long step) {
    return Math.floorDiv(t + step - 1, step) * step;
  }

  /**
   * The next emission by arrival, or null at the end. Week W's reports arrive from W's start on, so
   * whatever is queued before the next week to generate is final, and so is a tick before it.
   */
  @Override
  protected Emission advance() {
    while (true) {
      long weekStart = nextWeek.atStartOfDay(s.zone()).toInstant().toEpochMilli();
      Emission head = queue.peek();
      Emission e = null;
      if (head != null && head.arrival() < weekStart && head.arrival() <= nextTick) {
        e = queue.poll();
      } else if (nextTick < weekStart) {
        e =
            new Emission(
                nextTick,
                ClockDecoder.encode(nextTick, "simulator", s.zone()),
                Emission.Kind.TICK,
                null);
        nextTick += s.tickEvery().toMillis();
      }
      if (e != null) return s.end() != null && e.arrival() >= s.end().toEpochMilli() ? null : e;
      if (s.end() != null && weekStart >= s.end().toEpochMilli()) return null;
      if (queue.isEmpty() && nextTick == Long.MAX_VALUE && !anyReporting()) return null;
      generateWeek(nextWeek);
      nextWeek = nextWeek.plusWeeks(1);
    }
  }

  private boolean anyReporting() {
    for (Item item : items.values())
      if (!item.silent && !"COMPLETED".equals(item.last.status)) return true;
    return false;
  }

  /** The reports of the week starting on {@code monday}, queued by arrival. */
  private void generateWeek(LocalDate monday) {
    for (Item item : items.values()) {
      if (item.silent || "COMPLETED".equals(item.last.status)) continue;
      LocalDate day =
          s.calendar().onOrAfterWorkingDay(monday.with(TemporalAdjusters.nextOrSame(item.weekday)));
      SplittableRandom rnd = random(item.last.itemId, monday.toEpochDay());
      ProgressReport r = nextReport(item, day, rnd);
      item.last = r;
      long arrival = r.reportedAt;
      Emission.Kind kind = Emission.Kind.REPORT;
      if (rnd.nextDouble() < s.late()) {
        arrival += Duration.ofHours(24 + rnd.nextInt(48)).toMillis();
        kind = Emission.Kind.LATE_REPORT;
      }
      String line = new String(ProgressJson.encode(r, s.zone()), StandardCharsets.UTF_8);
      queue.add(new Emission(arrival, line, kind, null));
      if (rnd.nextDouble() < s.malformed()) {
        String broken =
            line.replace(
                "\"deadline\":\"" + LocalDate.ofEpochDay(r.deadline) + "\"",
                "\"deadline\":\"" + LocalDate.ofEpochDay(r.deadline).getYear() + "-02-30\"");
        queue.add(
            new Emission(
                arrival + 60_000, broken, Emission.Kind.MALFORMED, ProgressDecoder.BAD_DATE));
      }
    }
  }

  private ProgressReport nextReport(Item item, LocalDate day, SplittableRandom rnd) {
    ProgressReport before = item.last;
    ProgressReport r = new ProgressReport();
    r.reportId = "sim/" + before.itemId + "/" + day;
    r.itemId = before.itemId;
    r.kind = before.kind;
    r.title = before.title;
    r.group = before.group;
    r.ownerUnit = before.ownerUnit;
    r.responsible = before.responsible;
    r.plannedStart = before.plannedStart;
    r.deadline = before.deadline;
    r.reportedAt =
        day.atTime(item.time)
            .plusMinutes(rnd.nextInt(30))
            .atZone(s.zone())
            .toInstant()
            .toEpochMilli();
    long today = day.toEpochDay();
    double pct = Double.isNaN(before.progressPct) ? 0 : before.progressPct;
    if ("NOT_STARTED".equals(before.status)
        && before.plannedStart != ProgressReport.NONE
        && today < before.plannedStart) {
      r.status = "NOT_STARTED";
      r.progressPct = 0;
      return r;
    }
    if (today > r.deadline
        && !item.deadlineMoved
        && today - r.deadline > 14
        && rnd.nextDouble() < 0.3) {
      // the owner asked for two more months, to a working day
      r.deadline =
          s.calendar().onOrAfterWorkingDay(LocalDate.ofEpochDay(r.deadline + 61)).toEpochDay();
      item.deadlineMoved = true;
      r.note = "Đề nghị gia hạn đến " + LocalDate.ofEpochDay(r.deadline);
    }
    double step;
    if (today > r.deadline) step = 10 * item.pace;
    else {
      double weeksLeft = Math.max(1, (r.deadline - today) / 7.0);
      step = Math.max(2, (100 - pct) / weeksLeft) * item.pace;
    }
    pct = Math.min(100, Math.round((pct + step) * 10) / 10.0);
    if (pct >= 100) {
      r.status = "COMPLETED";
      r.progressPct = 100;
    } else {
      r.status = "IN_PROGRESS";
      r.progressPct = pct;
    }
    return r;
  }

  private SplittableRandom random(String itemId, long salt) {
    return new SplittableRandom(s.seed() * 31 + itemId.hashCode() * 1_000_003L + salt);
  }

  /** Every emission of a bounded simulation (for tests). */
  public static List<Emission> all(Settings settings) throws IOException {
    List<Emission> out = new ArrayList<>();
    new ProgrammeSimulation(settings, null).forEachRemaining(out::add);
    return out;
  }
}
