package vn.ioc.influx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask's writer: buffers points and hands them to {@link InfluxBatchWriter} when the buffer
 * is full (inside {@link #write}, so a slow or absent InfluxDB blocks the task: Flink's
 * back-pressure) and on {@link #flush} (every checkpoint and the end of input), so a checkpoint
 * completes only once InfluxDB has everything written before its barrier.
 *
 * <p>Nothing is kept in Flink state: what is buffered after the last checkpoint is lost on a
 * failure and written again by the replay, and since a point's identity is its series and
 * timestamp, writing it twice stores it once.
 */
final class InfluxSinkWriter implements SinkWriter<InfluxPoint> {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);

  private final InfluxSinkSettings settings;
  private final InfluxTransport transport;
  private final InfluxBatchWriter batchWriter;
  private final RejectedPointHandler rejectedHandler;
  private final RejectedPointHandler.Context context;
  private final boolean copyOnWrite;
  private final Counter written;
  private final Counter retries;
  private final Counter rejected;
  private final Counter recordsSend;
  private List<InfluxPoint> buffer;

  /** For the gauge, read by the metric reporter's thread. */
  private volatile int buffered;

  private ProcessingTimeService timers;
  private long maxBatchDelayMs;
  private boolean flushScheduled;

  /**
   * @param copyOnWrite true when Flink reuses objects: a buffered point must be a copy
   */
  InfluxSinkWriter(
      InfluxSinkSettings settings,
      InfluxTransport transport,
      Backoff.Sleeper sleeper,
      RejectedPointHandler rejectedHandler,
      RejectedPointHandler.Context context,
      MetricGroup metrics,
      boolean copyOnWrite)
      throws IOException {
    this.settings = settings;
    this.transport = transport;
    this.rejectedHandler = rejectedHandler;
    this.context = context;
    this.copyOnWrite = copyOnWrite;
    this.written = metrics.counter("influxPointsWritten");
    this.retries = metrics.counter("influxWriteRetries");
    this.rejected = metrics.counter("influxRejectedPoints");
    this.recordsSend =
        metrics instanceof SinkWriterMetricGroup s ? s.getNumRecordsSendCounter() : null;
    metrics.gauge("influxBufferedPoints", () -> buffered);
    this.batchWriter =
        new InfluxBatchWriter(
            transport,
            settings.batchSize(),
            new Backoff(settings.initialBackoff(), settings.maxBackoff(), Math::random),
            sleeper,
            written,
            retries);
    this.buffer = new ArrayList<>(settings.batchSize());
    try {
      rejectedHandler.open(context);
    } catch (Exception e) {
      throw new IOException(
          "could not open the handler for points InfluxDB refuses ("
              + rejectedHandler.getClass().getName()
              + ")",
          e);
    }
    LOG.info(
        "InfluxDB sink subtask {} writes to {} with {}",
        context.subtaskIndex(),
        transport.describe(),
        settings);
  }

  /**
   * Writes a partial batch at the latest {@code maxBatchDelay} after its first point, so a live
   * run's indicators reach InfluxDB within that delay, not only when a batch fills or a checkpoint
   * comes. Timers run in the task's thread, between records.
   */
  InfluxSinkWriter flushingAfter(ProcessingTimeService timers, java.time.Duration maxBatchDelay) {
    this.timers = timers;
    this.maxBatchDelayMs = maxBatchDelay.toMillis();
    return this;
  }

  @Override
  // Flink's timer service fails the task when a timer's callback throws
  @SuppressWarnings("FutureReturnValueIgnored")
  public void write(InfluxPoint point, Context ignored) throws IOException, InterruptedException {
    buffer.add(copyOnWrite ? new InfluxPoint(point) : point);
    buffered = buffer.size();
    if (buffer.size() >= settings.batchSize()) {
      writeBuffer();
    } else if (timers != null && !flushScheduled) {
      flushScheduled = true;
      timers.registerTimer(
          timers.getCurrentProcessingTime() + maxBatchDelayMs,
          t -> {
            flushScheduled = false;
            writeBuffer();
          });
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    writeBuffer();
    try {
      rejectedHandler.flush();
    } catch (IOException | InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("the handler for points InfluxDB refused could not keep them", e);
    }
  }

  private void writeBuffer() throws IOException, InterruptedException {
    if (buffer.isEmpty()) return;
    long before = written.getCount();
    List<InfluxBatchWriter.Rejection> refused = batchWriter.writeAll(buffer);
    int total = buffer.size();
    buffer = new ArrayList<>(settings.batchSize());
    buffered = 0;
    if (recordsSend != null) recordsSend.inc(written.getCount() - before);
    if (!refused.isEmpty()) handOver(refused, total);
  }

  /** One log line per batch, not per point; every point goes to the handler. */
  private void handOver(List<InfluxBatchWriter.Rejection> refused, int total) throws IOException {
    rejected.inc(refused.size());
    Map<String, Integer> byError = new LinkedHashMap<>();
    for (InfluxBatchWriter.Rejection r : refused)
      byError.merge(InfluxBatchWriter.abbreviate(r.error()), 1, Integer::sum);
    StringBuilder errors = new StringBuilder();
    byError.forEach(
        (error, n) ->
            errors.append(errors.length() == 0 ? "" : "; ").append(n).append(" x ").append(error));
    LOG.warn(
        "InfluxDB refused {} of {} points (subtask {}), handed to {}: {}; first: {}",
        refused.size(),
        total,
        context.subtaskIndex(),
        rejectedHandler.getClass().getSimpleName(),
        errors,
        InfluxBatchWriter.abbreviate(LineProtocol.describe(refused.get(0).point())));
    for (InfluxBatchWriter.Rejection r : refused) {
      try {
        rejectedHandler.rejected(r.point(), r.error());
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException("the handler for points InfluxDB refused failed", e);
      }
    }
  }

  @Override
  public void close() throws Exception {
    // No flush here: Flink flushes before a clean close; on failure the replay rewrites the buffer.
    try {
      rejectedHandler.close();
    } finally {
      transport.close();
    }
  }

  long pointsWritten() {
    return written.getCount();
  }

  long writeRetries() {
    return retries.getCount();
  }

  long rejectedPoints() {
    return rejected.getCount();
  }

  int bufferedPoints() {
    return buffered;
  }
}
