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
  public long unknownCommune;

  /** Records naming a district that had ended by their day (left out of the district scope). */
  public long endedDistrict;

  /** The latest period end among the records (epoch ms), or Long.MIN_VALUE. */
  public long latestPeriodEnd = Long.MIN_VALUE;

  /**
   * The latest arrival among the records (epoch ms), for the report delay; Long.MIN_VALUE if none.
   */
  public long latestArrival = Long.MIN_VALUE;

  /** The longest delay between a period's end and its arrival (ms) among the records. */
  public long maxReportDelay = Long.MIN_VALUE;

  public Map<String, Long> deadLetters = new HashMap<>();

  /**
   * A dead letter whose message's arrival is unknown (a refusal made after its report was
   * aggregated): {@link #hourStart} is the hour of its refusal, wall-clock time, until {@link
   * FeedHealth} places it in the hour of the feed's event time.
   */
  public boolean arrivalUnknown;

  public FeedHealthDelta() {}

  FeedHealthDelta(String unit, long hourStart) {
    this.unit = unit;
    this.hourStart = hourStart;
  }

  /**
   * One dead letter, in the hour its message arrived (in engine time: see {@link FeedTally}) and
   * under its sender (the message's key). When the arrival is unknown, {@link #arrivalUnknown}.
   */
  public static FeedHealthDelta of(DeadLetter d, LocalCalendar calendar) {
    boolean known = d.sourceTimestamp >= 0;
    long arrival = known ? d.sourceTimestamp : d.refusedAt;
    String unit = FeedTally.unitOfKey(d.sourceKey);
    FeedHealthDelta delta = new FeedHealthDelta(unit, calendar.start(WindowLevel.HOUR, arrival));
    delta.arrivalUnknown = !known;
    delta.deadLetters.put(d.reason, 1L);
    return delta;
  }

  void add(FeedHealthDelta o) {
    records += o.records;
    unknownUnit += o.unknownUnit;
    unknownService += o.unknownService;
    unknownCommune += o.unknownCommune;
    endedDistrict += o.endedDistrict;
    latestPeriodEnd = Math.max(latestPeriodEnd, o.latestPeriodEnd);
    latestArrival = Math.max(latestArrival, o.latestArrival);
    maxReportDelay = Math.max(maxReportDelay, o.maxReportDelay);
    o.deadLetters.forEach((reason, n) -> deadLetters.merge(reason, n, Long::sum));
  }
}
