package vn.ioc.health;

import java.util.HashMap;
import java.util.Map;
import vn.ioc.calendar.LocalCalendar;
import vn.ioc.calendar.WindowLevel;
import vn.ioc.deadletter.DeadLetter;

/**
 * A change to the feed health of one unit in one local hour of arrival (the Kafka timestamp of the
 * messages): what the tally and the dead letters send to {@link FeedHealth}, summed there. A Flink
 * POJO.
 */
public class FeedHealthDelta {
  /** The unit (the message's key when the message could not be read). */
  public String unit;

  public long hourStart;
  public long records;
  public long unknownUnit;
  public long unknownService;

  /** The latest period end among the records (epoch ms), or Long.MIN_VALUE. */
  public long latestPeriodEnd = Long.MIN_VALUE;

  /**
   * The latest arrival among the records (epoch ms), for the report delay; Long.MIN_VALUE if none.
   */
  public long latestArrival = Long.MIN_VALUE;

  /** The longest delay between a period's end and its arrival (ms) among the records. */
  public long maxReportDelay = Long.MIN_VALUE;

  public Map<String, Long> deadLetters = new HashMap<>();

  public FeedHealthDelta() {}

  FeedHealthDelta(String unit, long hourStart) {
    this.unit = unit;
    this.hourStart = hourStart;
  }

  /**
   * One dead letter, in the hour its message arrived (its Kafka timestamp; when that is unknown,
   * the hour it was refused) and under its sender (the message's key).
   */
  public static FeedHealthDelta of(DeadLetter d, LocalCalendar calendar) {
    long arrival = d.sourceTimestamp >= 0 ? d.sourceTimestamp : d.refusedAt;
    String unit = FeedTally.unitOfKey(d.sourceKey);
    FeedHealthDelta delta = new FeedHealthDelta(unit, calendar.start(WindowLevel.HOUR, arrival));
    delta.deadLetters.put(d.reason, 1L);
    return delta;
  }

  void add(FeedHealthDelta o) {
    records += o.records;
    unknownUnit += o.unknownUnit;
    unknownService += o.unknownService;
    latestPeriodEnd = Math.max(latestPeriodEnd, o.latestPeriodEnd);
    latestArrival = Math.max(latestArrival, o.latestArrival);
    maxReportDelay = Math.max(maxReportDelay, o.maxReportDelay);
    o.deadLetters.forEach((reason, n) -> deadLetters.merge(reason, n, Long::sum));
  }
}
