package vn.ioc.tools.export;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The periods an export gives figures for: the windows the jobs write ({@code 1m}, {@code 1h},
 * {@code 1d}, {@code 1mo}) and the quarters, half-years and years of Vietnamese reports, summed
 * from the months.
 */
public enum Period {
  MINUTE("minute", "1m"),
  HOUR("hour", "1h"),
  DAY("day", "1d"),
  MONTH("month", "1mo"),
  QUARTER("quarter", "1mo"),
  HALF_YEAR("half-year", "1mo"),
  YEAR("year", "1mo");

  /** As on the command line. */
  public final String option;

  /** The window of {@code service_rates} it is read from. */
  public final String window;

  Period(String option, String window) {
    this.option = option;
    this.window = window;
  }

  /** The period of an option, or an {@link IllegalArgumentException} naming the options. */
  public static Period of(String option) {
    for (Period p : values()) if (p.option.equals(option)) return p;
    throw new IllegalArgumentException(
        "--period is minute, hour, day, month, quarter, half-year or year, not '" + option + "'");
  }

  /** The local start of the period holding {@code t}. */
  public LocalDateTime start(LocalDateTime t) {
    return switch (this) {
      case MINUTE -> t.truncatedTo(ChronoUnit.MINUTES);
      case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
      case DAY -> t.truncatedTo(ChronoUnit.DAYS);
      case MONTH -> t.toLocalDate().withDayOfMonth(1).atStartOfDay();
      case QUARTER ->
          t.toLocalDate()
              .withDayOfMonth(1)
              .withMonth((t.getMonthValue() - 1) / 3 * 3 + 1)
              .atStartOfDay();
      case HALF_YEAR ->
          t.toLocalDate()
              .withDayOfMonth(1)
              .withMonth(t.getMonthValue() <= 6 ? 1 : 7)
              .atStartOfDay();
      case YEAR -> t.toLocalDate().withDayOfYear(1).atStartOfDay();
    };
  }

  /**
   * The period's name: {@code 2026-12-08 09:30}, {@code 2026-12-08}, {@code 2026-12}, {@code
   * 2026-Q4}, {@code 2026-H2}, {@code 2026}.
   */
  public String label(LocalDateTime start) {
    return switch (this) {
      case MINUTE, HOUR -> start.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
      case DAY -> start.toLocalDate().toString();
      case MONTH -> start.format(DateTimeFormatter.ofPattern("yyyy-MM"));
      case QUARTER -> start.getYear() + "-Q" + ((start.getMonthValue() - 1) / 3 + 1);
      case HALF_YEAR -> start.getYear() + "-H" + (start.getMonthValue() <= 6 ? 1 : 2);
      case YEAR -> Integer.toString(start.getYear());
    };
  }
}
