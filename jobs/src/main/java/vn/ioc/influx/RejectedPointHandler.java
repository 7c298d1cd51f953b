package vn.ioc.influx;

import java.io.Serializable;

/**
 * Receives the points InfluxDB refused (or that could not be written at all), one call per point,
 * so none is lost silently. Each sink writer (one per parallel subtask) opens its own copy.
 *
 * <p>Called from the writer's thread only: {@link #open}, then any number of {@link #rejected} and
 * {@link #flush} calls, then {@link #close}. {@link #flush} runs on every checkpoint after the
 * points were handed over, so a checkpoint completes only once the handler has them safe; a handler
 * that cannot keep a point must throw (the job fails and replays), never drop it.
 */
public interface RejectedPointHandler extends Serializable {

  /** Who is writing: for the dead letter's {@code job} field and for logs. */
  record Context(String jobName, int subtaskIndex) {}

  default void open(Context context) throws Exception {}

  /**
   * One refused point.
   *
   * @param error the server's error message (or why the point could not be sent at all)
   */
  void rejected(InfluxPoint point, String error) throws Exception;

  /** Makes every point handed over so far durable; throws when that is impossible. */
  default void flush() throws Exception {}

  default void close() throws Exception {}
}
