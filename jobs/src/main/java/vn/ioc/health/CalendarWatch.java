package vn.ioc.health;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.influx.InfluxPoint;

/**
 * Warns when the working-day calendar runs out: when the engine's clock (event times in,
 * parallelism 1) reaches a year the calendar files do not cover, or, from 1 December, a day whose
 * next year they do not cover. Past the calendar's last year, overdue working days count weekends
 * only. The warning is a {@code feed_health} point ({@code scope=calendar}) and a log line, once
 * per missing year and run.
 */
public final class CalendarWatch extends ProcessFunction<Long, IndicatorUpdate> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CalendarWatch.class);

  private final WorkingDays calendar;
  private final ZoneId zone;
  private transient Set<Integer> warned;
  private transient LocalDate lastDay;

  public CalendarWatch(WorkingDays calendar, ZoneId zone) {
    this.calendar = calendar;
    this.zone = zone;
  }

  @Override
  public void open(OpenContext ctx) {
    warned = new HashSet<>();
  }

  @Override
  public void processElement(Long t, Context ctx, Collector<IndicatorUpdate> out) {
    LocalDate day = Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
    if (day.equals(lastDay)) return;
    lastDay = day;
    Integer missing = missingYear(day);
    if (missing == null || !warned.add(missing)) return;
    String warning =
        "the working-day calendar (deploy/calendar/) has no days of "
            + missing
            + ": overdue working days count weekends only until its days off are added";
    LOG.warn("{} (engine clock at {})", warning, day);
    // stamped where the warning began (1 January of a missing year, 1 December before one), so
    // any run over the same input stamps it alike
    LocalDate from =
        missing == day.getYear() ? LocalDate.of(missing, 1, 1) : LocalDate.of(day.getYear(), 12, 1);
    long start = from.atStartOfDay(zone).toInstant().toEpochMilli();
    InfluxPoint p =
        InfluxPoint.of(FeedHealth.MEASUREMENT, start)
            .tag("scope", "calendar")
            .field("calendar_missing_year", (long) missing)
            .field("warning", warning);
    out.collect(new IndicatorUpdate(p, start, t, true));
  }

  /** The year the calendar should cover on {@code day} but does not, or null. */
  Integer missingYear(LocalDate day) {
    if (!calendar.covers(day)) return day.getYear();
    LocalDate nextYear = LocalDate.of(day.getYear() + 1, 1, 1);
    if (day.getMonthValue() == 12 && !calendar.covers(nextYear)) return nextYear.getYear();
    return null;
  }
}
