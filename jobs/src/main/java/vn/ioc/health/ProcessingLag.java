package vn.ioc.health;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import vn.ioc.calendar.LocalCalendar;
import vn.ioc.calendar.WindowLevel;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.influx.InfluxPoint;

/**
 * Live runs only, one instance: the province's processing lag, {@code feed_health} with {@code
 * scope=province}, {@code window=1m}: how far the engine's event time (the watermark of its slowest
 * source instance) is behind the wall clock, stamped with the wall-clock minute. With the units'
 * latest period ends it tells a stalled engine from silent feeds. Nothing to checkpoint: it is a
 * gauge, rebuilt from the next samples.
 */
public final class ProcessingLag extends ProcessFunction<LagSample, IndicatorUpdate> {
  private static final long serialVersionUID = 1L;

  private final String province;
  private final LocalCalendar calendar;
  private transient Map<Integer, LagSample> latest;

  public ProcessingLag(String province, LocalCalendar calendar) {
    this.province = province;
    this.calendar = calendar;
  }

  @Override
  public void open(OpenContext ctx) {
    latest = new HashMap<>();
  }

  @Override
  public void processElement(LagSample sample, Context ctx, Collector<IndicatorUpdate> out) {
    latest.put(sample.subtask, sample);
    long slowest = Long.MAX_VALUE;
    for (LagSample s : latest.values()) slowest = Math.min(slowest, s.watermark);
    long minute = calendar.start(WindowLevel.MINUTE, sample.at);
    InfluxPoint p = InfluxPoint.of(FeedHealth.MEASUREMENT, minute);
    p.tags = new TreeMap<>(Map.of("scope", "province", "province", province, "window", "1m"));
    p.doubleFields.put("processing_lag_s", (sample.at - slowest) / 1000.0);
    p.longFields.put("watermark_ms", slowest);
    out.collect(new IndicatorUpdate(p, minute + 60_000, slowest, false));
  }
}
