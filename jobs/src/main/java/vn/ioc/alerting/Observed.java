package vn.ioc.alerting;

import java.util.HashMap;
import java.util.Map;
import vn.ioc.feed.EventTimed;
import vn.ioc.indicators.IndicatorJson;

/**
 * One indicator update as the alerting job reads it from the bus, or a writer's mark ({@link
 * #writer} set, its watermark as {@link #asOf}). A Flink POJO.
 */
public class Observed implements EventTimed {
  public String measurement;

  /** The series: measurement and tags in key order (the bus key). */
  public String series;

  public Map<String, String> tags = new HashMap<>();

  /** The numeric fields. */
  public Map<String, Double> fields = new HashMap<>();

  /** The text fields (an item's owner unit, responsible, title). */
  public Map<String, String> texts = new HashMap<>();

  /** The start of the window (a {@code 1d} point's local midnight); ABSENT when unknown. */
  public long windowStart = vn.ioc.feed.ContractText.ABSENT;

  /** The latest event time the value includes. */
  public long asOf;

  /** For a writer's mark: the writer; null for an update. */
  public String writer;

  public Observed() {}

  public static Observed of(IndicatorJson.Message m) {
    Observed o = new Observed();
    o.measurement = m.measurement();
    o.series = m.series();
    o.tags = new HashMap<>(m.tags());
    o.fields = new HashMap<>(m.fields());
    o.texts = new HashMap<>(m.texts());
    o.windowStart = m.windowStart();
    o.asOf = m.asOf();
    o.writer = m.writer();
    return o;
  }

  /** Whether this is a writer's mark rather than an update. */
  public boolean mark() {
    return writer != null;
  }

  @Override
  public long eventTime() {
    return asOf;
  }

  @Override
  public String eventTimeField() {
    return "asOf";
  }
}
