package vn.ioc.sinks;

import vn.ioc.indicators.IndicatorUpdate;

/**
 * What a job writes to the indicator bus: an indicator update (keyed by its series), or its
 * writer's mark for one partition ({@link WriterMarks}). A Flink POJO.
 */
public class BusMessage {
  /** The update; null for a mark. */
  public IndicatorUpdate update;

  /** The writer of a mark: the job's indicator stream and its parallel instance. */
  public String writer;

  /** A mark's watermark (epoch ms). */
  public long watermark;

  /** The partition a mark goes to. */
  public int partition;

  public BusMessage() {}

  public static BusMessage update(IndicatorUpdate u) {
    BusMessage m = new BusMessage();
    m.update = u;
    return m;
  }

  public static BusMessage mark(String writer, long watermark, int partition) {
    BusMessage m = new BusMessage();
    m.writer = writer;
    m.watermark = watermark;
    m.partition = partition;
    return m;
  }
}
