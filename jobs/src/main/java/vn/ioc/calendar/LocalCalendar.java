package vn.ioc.calendar;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Window boundaries aligned to local time: minutes, local hours, local days (from local midnight)
 * and local calendar months, in one configured zone (Asia/Ho_Chi_Minh by default). Pure functions
 * of an instant; shared by every job that windows by the local calendar.
 *
 * <p>Hours follow the local offset, so a zone with a half-hour offset gets local hours. Days and
 * months are computed from the zone's rules, so a zone with daylight saving gets 23- and 25-hour
 * days. The last day and month computed are cached: consecutive records mostly share them.
 */
public final class LocalCalendar implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long MINUTE_MS = 60_000L;
  private static final long HOUR_MS = 3_600_000L;
  private static final long DAY_MS = 86_400_000L;

  private final ZoneId zone;
  private transient ZoneRules rules; // set with steadyFrom and steadyOffsetMs
  private transient long cachedDayStart = 1;
  private transient long cachedDayEnd = 0;
  private transient long cachedMonthStart = 1;
  private transient long cachedMonthEnd = 0;

  /** From this instant on the zone keeps one offset for ever ({@link Long#MAX_VALUE}: never). */
  private transient long steadyFrom = Long.MIN_VALUE;

  private transient long steadyOffsetMs;

  public LocalCalendar(ZoneId zone) {
    this.zone = zone;
  }

  public ZoneId zone() {
    return zone;
  }

  private ZoneRules rules() {
    if (rules == null) {
      rules = zone.getRules();
      // no daylight-saving rule: the offset after the last historical change holds for ever
      List<ZoneOffsetTransition> changes = rules.getTransitions();
      if (!rules.getTransitionRules().isEmpty()) {
        steadyFrom = Long.MAX_VALUE;
      } else if (changes.isEmpty()) {
        steadyFrom = Long.MIN_VALUE + 1;
        steadyOffsetMs = rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L;
      } else {
        ZoneOffsetTransition last = changes.get(changes.size() - 1);
        steadyFrom = last.toEpochSecond() * 1000L;
        steadyOffsetMs = last.getOffsetAfter().getTotalSeconds() * 1000L;
      }
    }
    return rules;
  }

  /** Start (epoch ms) of the window of {@code level} that contains instant {@code t}. */
  public long start(WindowLevel level, long t) {
    return switch (level) {
      case MINUTE -> Math.floorDiv(t, MINUTE_MS) * MINUTE_MS;
      case HOUR -> {
        long off = offsetMillis(t);
        yield Math.floorDiv(t + off, HOUR_MS) * HOUR_MS - off;
      }
      case DAY -> {
        cacheDay(t);
        yield cachedDayStart;
      }
      case MONTH -> {
        cacheMonth(t);
        yield cachedMonthStart;
      }
    };
  }

  /** End (exclusive, epoch ms) of the window of {@code level} that starts at {@code start}. */
  public long end(WindowLevel level, long start) {
    return switch (level) {
      case MINUTE -> start + MINUTE_MS;
      case HOUR -> start + HOUR_MS;
      case DAY -> {
        cacheDay(start);
        yield cachedDayEnd;
      }
      case MONTH -> {
        cacheMonth(start);
        yield cachedMonthEnd;
      }
    };
  }

  /**
   * The finest level whose one window contains the whole period [{@code start}, {@code end}); an
   * instant ({@code end == start}) belongs to its minute. Null when no month contains the period.
   */
  public WindowLevel finestContaining(long start, long end) {
    long last = end > start ? end - 1 : start;
    for (WindowLevel level : WindowLevel.values()) {
      if (start(level, start) == start(level, last)) return level;
    }
    return null;
  }

  private long offsetMillis(long t) {
    ZoneOffset off = rules().getOffset(Instant.ofEpochMilli(t));
    return off.getTotalSeconds() * 1000L;
  }

  private void cacheDay(long t) {
    if (t >= cachedDayStart && t < cachedDayEnd) return;
    rules();
    long dayStart = Math.floorDiv(t + steadyOffsetMs, DAY_MS) * DAY_MS - steadyOffsetMs;
    // days of one length from here on: no zone arithmetic (most of the time)
    if (dayStart >= steadyFrom && t > Long.MIN_VALUE + DAY_MS && t < Long.MAX_VALUE - DAY_MS) {
      cachedDayStart = dayStart;
      cachedDayEnd = dayStart + DAY_MS;
      return;
    }
    LocalDate d = Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
    cachedDayStart = d.atStartOfDay(zone).toInstant().toEpochMilli();
    cachedDayEnd = d.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  private void cacheMonth(long t) {
    if (t >= cachedMonthStart && t < cachedMonthEnd) return;
    LocalDate first = Instant.ofEpochMilli(t).atZone(zone).toLocalDate().withDayOfMonth(1);
    cachedMonthStart = first.atStartOfDay(zone).toInstant().toEpochMilli();
    cachedMonthEnd = first.plusMonths(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
