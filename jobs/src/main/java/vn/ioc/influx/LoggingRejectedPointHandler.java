package vn.ioc.influx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused points and keeps nothing: for tests and local runs. In production use {@link
 * KafkaDeadLetterHandler}, which keeps them for replay. Logs the first {@value #LOGGED_POINTS}
 * points of each writer in full and then only counts, with a total on close.
 */
public class LoggingRejectedPointHandler implements RejectedPointHandler {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LoggingRejectedPointHandler.class);
  static final int LOGGED_POINTS = 100;

  private transient long count;
  private transient int subtask;

  @Override
  public void open(Context context) {
    subtask = context.subtaskIndex();
  }

  @Override
  public void rejected(InfluxPoint point, String error) {
    if (++count <= LOGGED_POINTS) {
      LOG.warn(
          "InfluxDB refused (subtask {}): {} -- {}", subtask, LineProtocol.describe(point), error);
    } else if (count == LOGGED_POINTS + 1) {
      LOG.warn(
          "InfluxDB refused more points (subtask {}); only counting them from now on", subtask);
    }
  }

  @Override
  public void close() {
    if (count > 0)
      LOG.warn(
          "InfluxDB refused {} points in total (subtask {}); they were only logged",
          count,
          subtask);
  }
}
