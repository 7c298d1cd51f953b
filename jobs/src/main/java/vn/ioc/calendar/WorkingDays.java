package vn.ioc.calendar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Vietnamese working days: Monday to Friday, minus the official days off, plus the official make-up
 * working days (a Saturday worked in exchange for a bridge day), as announced each year and listed
 * in the calendar files of {@code deploy/calendar/} (every {@code *.csv} there: the shipped
 * national one, and any a site adds for its own). Nothing is computed on top: the files hold the
 * announced result (days in lieu and swaps included).
 *
 * <p>A file has the header {@code date,kind,name,note}; {@code kind} is {@code day-off} or {@code
 * working-day}. A year is covered once any file lists a day of it; for a day of a year no file
 * covers, only weekends are known ({@link #covers}).
 */
public final class WorkingDays implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** What a listed day is. */
  public enum Kind {
    DAY_OFF,
    WORKING_DAY
  }

  /** One listed day. */
  public record Day(LocalDate date, Kind kind, String name) implements java.io.Serializable {}

  private final NavigableMap<LocalDate, Day> days;
  private final TreeSet<Integer> years;

  private WorkingDays(NavigableMap<LocalDate, Day> days) {
    this.days = days;
    this.years = new TreeSet<>();
    for (LocalDate d : days.keySet()) years.add(d.getYear());
  }

  /** Weekends only: no file. */
  public static WorkingDays weekendsOnly() {
    return new WorkingDays(new TreeMap<>());
  }

  public static WorkingDays of(List<Day> listed) {
    TreeMap<LocalDate, Day> days = new TreeMap<>();
    for (Day d : listed) {
      Day before = days.putIfAbsent(d.date(), d);
      if (before != null && before.kind() != d.kind()) {
        throw new IllegalArgumentException(
            d.date() + " is listed both as " + label(before.kind()) + " and " + label(d.kind()));
      }
    }
    return new WorkingDays(days);
  }

  /** Every {@code *.csv} of a folder, in name order. */
  public static WorkingDays load(Path dir) throws IOException {
    List<Day> listed = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
    }
    for (Path f : files) listed.addAll(read(f));
    return of(listed);
  }

  static List<Day> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).replace("\uFEFF", "").startsWith("date,kind,name")) {
      throw new IllegalArgumentException(file + ": the header must be date,kind,name,note");
    }
    List<Day> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String[] f = line.split(",", 4);
      String where = file.getFileName() + " line " + (i + 1);
      if (f.length < 3) throw new IllegalArgumentException(where + ": date,kind,name expected");
      LocalDate date;
      try {
        date = LocalDate.parse(f[0].strip());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(where + ": not a date: " + f[0]);
      }
      Kind kind =
          switch (f[1].strip()) {
            case "day-off" -> Kind.DAY_OFF;
            case "working-day" -> Kind.WORKING_DAY;
            default ->
                throw new IllegalArgumentException(
                    where + ": kind must be day-off or working-day, got " + f[1]);
          };
      boolean weekend = isWeekend(date);
      if (kind == Kind.DAY_OFF && weekend)
        throw new IllegalArgumentException(where + ": " + date + " is a weekend day already");
      if (kind == Kind.WORKING_DAY && !weekend)
        throw new IllegalArgumentException(where + ": " + date + " is a weekday already");
      out.add(new Day(date, kind, f[2].strip()));
    }
    return out;
  }

  public boolean isWorkingDay(LocalDate d) {
    Day listed = days.get(d);
    if (listed != null) return listed.kind() == Kind.WORKING_DAY;
    return !isWeekend(d);
  }

  /** The day itself when it is a working day, else the next working day after it. */
  public LocalDate onOrAfterWorkingDay(LocalDate d) {
    while (!isWorkingDay(d)) d = d.plusDays(1);
    return d;
  }

  /** The official day off on that date, or null. */
  public Day dayOff(LocalDate d) {
    Day listed = days.get(d);
    return listed != null && listed.kind() == Kind.DAY_OFF ? listed : null;
  }

  /** The working days d with {@code after < d <= through}; 0 when {@code through <= after}. */
  public long workingDaysAfter(LocalDate after, LocalDate through) {
    if (!through.isAfter(after)) return 0;
    // whole weeks first (5 weekdays each), then the listed exceptions in the range
    long span = through.toEpochDay() - after.toEpochDay();
    long weekdays = 0;
    LocalDate d = after.plusDays(1);
    long weeks = span / 7;
    weekdays += weeks * 5;
    for (LocalDate x = d.plusDays(weeks * 7); !x.isAfter(through); x = x.plusDays(1)) {
      if (!isWeekend(x)) weekdays++;
    }
    for (Day listed : days.subMap(after, false, through, true).values()) {
      weekdays += listed.kind() == Kind.WORKING_DAY ? 1 : -1;
    }
    return weekdays;
  }

  /** Whether the calendar files cover the date's year (otherwise only weekends are known). */
  public boolean covers(LocalDate d) {
    return years.contains(d.getYear());
  }

  /** The last year the files cover, or null when none. */
  public Integer lastYear() {
    return years.isEmpty() ? null : years.last();
  }

  public Map<LocalDate, Day> listed() {
    return java.util.Collections.unmodifiableMap(days);
  }

  private static boolean isWeekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  private static String label(Kind k) {
    return k == Kind.DAY_OFF ? "day-off" : "working-day";
  }
}
