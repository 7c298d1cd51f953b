package vn.ioc.feed;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * The event times a feed accepts: not before {@code earliestMs}, and not later than the record's
 * arrival (its Kafka timestamp) plus {@code futureToleranceMs}. Checked in the source's
 * deserializer, before the watermark generator sees the record, so a mistyped year can never move a
 * watermark.
 *
 * <p>The arrival is the record's timestamp in the log: with the feeds' topics on {@code
 * message.timestamp.type=LogAppendTime} ({@code deploy/ioc topics}) it is the broker's clock when
 * the record arrived, not the sender's, and a recompute reads the same timestamp again, so it
 * decides alike. A record without a timestamp (none since Kafka 0.10) is checked against {@code
 * earliestMs} only.
 */
public record TimeBounds(long earliestMs, long futureToleranceMs) implements Serializable {
  /** A record's timestamp when the log has none ({@code ConsumerRecord.NO_TIMESTAMP}). */
  private static final long NO_TIMESTAMP = -1L;

  public static TimeBounds of(Instant earliest, Duration futureTolerance) {
    if (futureTolerance.isNegative())
      throw new IllegalArgumentException("the future tolerance must not be negative");
    return new TimeBounds(earliest.toEpochMilli(), futureTolerance.toMillis());
  }

  /** Refuses {@code eventTime}, read from {@code field}, when it is out of bounds. */
  public void check(long eventTime, String field, long arrival) throws ContractViolation {
    if (eventTime < earliestMs) {
      throw new ContractViolation(
          ContractText.TOO_OLD,
          field
              + " "
              + Instant.ofEpochMilli(eventTime)
              + " is before the earliest accepted time "
              + Instant.ofEpochMilli(earliestMs));
    }
    if (arrival != NO_TIMESTAMP && eventTime - arrival > futureToleranceMs) {
      throw new ContractViolation(
          ContractText.FUTURE_PERIOD,
          field
              + " "
              + Instant.ofEpochMilli(eventTime)
              + " is "
              + ahead(eventTime - arrival)
              + " after the record arrived ("
              + Instant.ofEpochMilli(arrival)
              + "); at most "
              + Duration.ofMillis(futureToleranceMs).toMinutes()
              + " min ahead is accepted: is the sender's clock or year wrong?");
    }
  }

  /** "3 h 5 min", "2 days", "238 years": how far ahead, at a glance. */
  static String ahead(long ms) {
    long minutes = ms / 60_000;
    if (minutes < 60) return minutes + " min";
    long hours = minutes / 60;
    if (hours < 48) return hours + " h " + minutes % 60 + " min";
    long days = hours / 24;
    if (days < 730) return days + " days";
    return days / 365 + " years";
  }

  /**
   * The event times the feeds accept (settings {@code earliest}, from its local midnight, and
   * {@code future-tolerance}).
   */
  public static TimeBounds of(vn.ioc.config.IocConfig config) {
    return of(
        config
            .get(vn.ioc.config.IocConfig.EARLIEST)
            .atStartOfDay(config.get(vn.ioc.config.IocConfig.TIMEZONE))
            .toInstant(),
        config.get(vn.ioc.config.IocConfig.FUTURE_TOLERANCE));
  }
}
