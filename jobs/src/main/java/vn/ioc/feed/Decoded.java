package vn.ioc.feed;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import vn.ioc.deadletter.DeadLetter;

/**
 * What the Kafka source hands on for one message: either a contract-valid {@code value} or a {@code
 * deadLetter}, with the message's source partition (the acceptance gate tracks lateness per
 * partition). A Flink POJO.
 */
public class Decoded<T> {
  public T value;
  public DeadLetter deadLetter;
  public int partition;
  public long offset;

  /**
   * When the message arrived (epoch ms), for feed health: its Kafka timestamp, which a feed tally,
   * where one counts the feed, replaces with the arrival in engine time ({@code health.FeedTally}).
   */
  public long timestamp;

  /** The message's Kafka key as text, or null: who sent it, even when it cannot be read. */
  public String key;

  public Decoded() {}

  public static <T> Decoded<T> valid(T value, int partition, long offset) {
    Decoded<T> d = new Decoded<>();
    d.value = value;
    d.partition = partition;
    d.offset = offset;
    return d;
  }

  /** This record with the arrival time and key of its message. */
  public Decoded<T> from(long timestamp, String key) {
    this.timestamp = timestamp;
    this.key = key;
    return this;
  }

  public static <T> Decoded<T> refused(DeadLetter deadLetter) {
    Decoded<T> d = new Decoded<>();
    d.deadLetter = deadLetter;
    d.partition = deadLetter.sourcePartition;
    d.offset = deadLetter.sourceOffset;
    d.timestamp = deadLetter.sourceTimestamp;
    d.key = deadLetter.sourceKey;
    return d;
  }

  public boolean isValid() {
    return value != null;
  }

  /**
   * Watermarks made per Kafka partition in the source from the event time of valid records (a
   * refused one carries none), allowing {@code outOfOrderness}; with {@code idleTimeout} (live runs
   * only: in a bounded one it would make results depend on speed) an idle partition stops holding
   * them back.
   */
  public static <T extends EventTimed> WatermarkStrategy<Decoded<T>> watermarks(
      Duration outOfOrderness, Duration idleTimeout) {
    WatermarkStrategy<Decoded<T>> w =
        WatermarkStrategy.<Decoded<T>>forBoundedOutOfOrderness(outOfOrderness)
            .withTimestampAssigner((d, ts) -> d.isValid() ? d.value.eventTime() : Long.MIN_VALUE);
    return idleTimeout == null ? w : w.withIdleness(idleTimeout);
  }
}
