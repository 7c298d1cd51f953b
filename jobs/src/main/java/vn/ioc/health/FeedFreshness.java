package vn.ioc.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import vn.ioc.config.ClockKind;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.influx.InfluxPoint;

/**
 * One instance per job: how fresh a feed is, {@code feed_health} with {@code scope=province},
 * {@code window=1m} and {@code feed} (the job), one point per minute of engine time:
 *
 * <ul>
 *   <li>{@code data_age_s}: the engine's "now" minus the newest event time the job has processed.
 *       With a simulated clock ({@link ClockKind#TICKS}) it is written on the time line: when the
 *       event time (the feed's and the clock's watermark) reaches a whole minute {@code T}, the
 *       point of {@code T} holds {@code T} minus the newest event time not after {@code T}; the
 *       clock goes on when the feed stops, so the age grows. The time line runs from the first
 *       minute with both a tick and data of the feed to the newest tick. That is a function of the
 *       input: a bounded recompute writes the same minutes with the same figures (reports read
 *       behind the watermark aside). With the wall clock it is sampled in a live run only: the
 *       wall-clock moment of the sample minus the newest event time processed, stamped with the
 *       wall-clock minute; a recompute has no such moment and writes none.
 *   <li>{@code processing_lag_s} and {@code watermark_ms} (live runs only): how far the job's
 *       watermark (its slowest reader that is not idle) is behind the newest event time its readers
 *       have delivered, out-of-orderness allowance included: both are event times, so the figure
 *       means the same with either clock. Stamped with the minute of the engine's "now": the wall
 *       clock, or the newest tick the job has read.
 * </ul>
 *
 * Input: {@link FeedTimes} from the feed's readers ({@link FeedTimesSampler}) and, with a simulated
 * clock, the ticks. Nothing is stamped beyond {@code until}.
 */
public final class FeedFreshness extends AbstractStreamOperator<IndicatorUpdate>
    implements OneInputStreamOperator<FeedTimes, IndicatorUpdate> {
  /** The operator's state (its name in savepoints: never changes). */
  public static final String FEED_FRESHNESS = "feed-freshness";

  static final long MINUTE_MS = 60_000L;

  /** How often each reader samples its newest event time and watermark in a live run. */
  static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);

  private static final long serialVersionUID = 1L;

  /** What is checkpointed. A Flink POJO. */
  public static class Saved {
    /** The newest event time per minute not on the time line yet, keyed by the minute's end. */
    public Map<Long, Long> minutes = new HashMap<>();

    /** The newest event time at or before the last minute written on the time line. */
    public long newestOnLine = Long.MIN_VALUE;

    /** The next minute of the time line; Long.MIN_VALUE before the first. */
    public long nextMinute = Long.MIN_VALUE;

    public long firstTick = Long.MAX_VALUE;
    public long newestTick = Long.MIN_VALUE;
    public long newestEvent = Long.MIN_VALUE;

    public Saved() {}
  }

  private final String province;
  private final String feed;
  private final ClockKind clock;
  private final long until;

  private transient TreeMap<Long, Long> minutes;
  private transient long newestOnLine;
  private transient long nextMinute;
  private transient long firstTick;
  private transient long newestTick;
  private transient long newestEvent;
  private transient Map<Integer, FeedTimes> samples;
  private transient ListState<Saved> saved;

  /**
   * @param feed the job whose feed this is (tag {@code feed})
   * @param until nothing is stamped after it ({@link vn.ioc.clock.ClockStop#NO_UNTIL}: no limit)
   */
  public FeedFreshness(String province, String feed, ClockKind clock, long until) {
    this.province = province;
    this.feed = feed;
    this.clock = clock;
    this.until = until;
  }

  /**
   * The freshness of a job's feed, as every job wires it: the event times of the records the job
   * processed ({@code eventTimes}) sampled by each reader, the clock's tick times ({@code
   * tickTimes}, null without a clock), and this operator (parallelism 1). Null when there is
   * nothing to write: a bounded run on the wall clock. Operator uids start with the job's name.
   */
  public static DataStream<IndicatorUpdate> of(
      DataStream<Long> eventTimes,
      DataStream<Long> tickTimes,
      String job,
      String province,
      ClockKind clock,
      long until,
      boolean live) {
    boolean timeLine = clock == ClockKind.TICKS;
    if (!live && !timeLine) return null;
    DataStream<FeedTimes> times =
        eventTimes
            .transform(
                "feed times",
                TypeInformation.of(FeedTimes.class),
                new FeedTimesSampler(timeLine, live ? SAMPLE_EVERY : null))
            .uid(job + "-feed-times");
    if (tickTimes != null && timeLine)
      times =
          times.union(
              tickTimes
                  .map(FeedTimes::tick)
                  .returns(FeedTimes.class)
                  .uid(job + "-feed-tick-times")
                  .name("tick times for feed freshness"));
    return times
        .transform(
            "feed freshness",
            TypeInformation.of(IndicatorUpdate.class),
            new FeedFreshness(province, job, clock, until))
        .setParallelism(1)
        .uid(job + "-feed-freshness");
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    saved =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>(FEED_FRESHNESS, Types.POJO(Saved.class)));
    minutes = new TreeMap<>();
    newestOnLine = Long.MIN_VALUE;
    nextMinute = Long.MIN_VALUE;
    firstTick = Long.MAX_VALUE;
    newestTick = Long.MIN_VALUE;
    newestEvent = Long.MIN_VALUE;
    samples = new HashMap<>();
    for (Saved s : saved.get()) {
      s.minutes.forEach((end, e) -> minutes.merge(end, e, Math::max));
      newestOnLine = Math.max(newestOnLine, s.newestOnLine);
      nextMinute = Math.max(nextMinute, s.nextMinute);
      firstTick = Math.min(firstTick, s.firstTick);
      newestTick = Math.max(newestTick, s.newestTick);
      newestEvent = Math.max(newestEvent, s.newestEvent);
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    Saved s = new Saved();
    s.minutes = new HashMap<>(minutes);
    s.newestOnLine = newestOnLine;
    s.nextMinute = nextMinute;
    s.firstTick = firstTick;
    s.newestTick = newestTick;
    s.newestEvent = newestEvent;
    saved.update(List.of(s));
  }

  @Override
  public void processElement(StreamRecord<FeedTimes> record) {
    FeedTimes t = record.getValue();
    if (t.isTick()) {
      firstTick = Math.min(firstTick, t.tickAt);
      newestTick = Math.max(newestTick, t.tickAt);
      return;
    }
    for (Map.Entry<Long, Long> m : t.minutes.entrySet()) {
      minutes.merge(m.getKey(), m.getValue(), Math::max);
      newestEvent = Math.max(newestEvent, m.getValue());
    }
    if (!t.isSample()) return;
    newestEvent = Math.max(newestEvent, t.newest);
    samples.put(t.subtask, t);
    writeSample(t.at);
  }

  /** A live sample's point: the processing lag, and with the wall clock the data age. */
  private void writeSample(long wallClock) {
    long now = clock == ClockKind.WALL ? wallClock : newestTick;
    if (now == Long.MIN_VALUE) return; // a simulated clock that has not ticked yet
    long delivered = Long.MIN_VALUE;
    long slowest = Long.MAX_VALUE;
    for (FeedTimes s : samples.values()) {
      delivered = Math.max(delivered, s.newest);
      if (!s.idle) slowest = Math.min(slowest, s.watermark);
    }
    long minute = minuteStart(now);
    InfluxPoint p = point(minute);
    if (delivered > Long.MIN_VALUE && slowest < Long.MAX_VALUE) {
      p.doubleFields.put("processing_lag_s", Math.max(0, delivered - slowest) / 1000.0);
      p.longFields.put("watermark_ms", slowest);
    }
    if (clock == ClockKind.WALL && newestEvent > Long.MIN_VALUE)
      p.doubleFields.put("data_age_s", Math.max(0, now - newestEvent) / 1000.0);
    if (p.doubleFields.isEmpty()) return;
    // never ahead of its own minute: readers running ahead of a simulated clock (a past played
    // fast) would otherwise stamp the point of an earlier minute with a later time
    long asOf = Math.min(slowest < Long.MAX_VALUE ? slowest : newestEvent, minute + MINUTE_MS);
    output.collect(new StreamRecord<>(new IndicatorUpdate(p, minute + MINUTE_MS, asOf, false)));
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    // "now" is the newest tick: the time line goes no further (nor, at the end of a bounded run,
    // whose watermark is Long.MAX_VALUE)
    if (clock == ClockKind.TICKS)
      writeTimeLine(Math.min(Math.min(mark.getTimestamp(), newestTick), until));
    super.processWatermark(mark);
  }

  /**
   * The points of the time line's minutes up to {@code limit}, from the first minute with both a
   * tick (before the clock's first tick there is no "now") and an event time of the feed at or
   * before it.
   */
  private void writeTimeLine(long limit) {
    if (nextMinute == Long.MIN_VALUE) {
      if (minutes.isEmpty() || firstTick == Long.MAX_VALUE) return;
      nextMinute = Math.max(minutes.firstKey(), FeedTimesSampler.minuteEnd(firstTick));
    }
    long t = nextMinute;
    for (; t <= limit; t += MINUTE_MS) {
      while (!minutes.isEmpty() && minutes.firstKey() <= t)
        newestOnLine = Math.max(newestOnLine, minutes.pollFirstEntry().getValue());
      InfluxPoint p = point(t);
      p.doubleFields.put("data_age_s", (t - newestOnLine) / 1000.0);
      output.collect(new StreamRecord<>(new IndicatorUpdate(p, t + MINUTE_MS, t, true)));
    }
    nextMinute = t;
  }

  private InfluxPoint point(long minute) {
    return InfluxPoint.of(FeedHealth.MEASUREMENT, minute)
        .tag("scope", "province")
        .tag("province", province)
        .tag("window", "1m")
        .tag("feed", feed);
  }

  static long minuteStart(long t) {
    return Math.floorDiv(t, MINUTE_MS) * MINUTE_MS;
  }
}
