package vn.ioc.influx;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes {@link InfluxPoint}s to InfluxDB through its 1.x HTTP API ({@code /write}, and {@code
 * /query} for the deletes of replacing points), at-least-once, and since writes are idempotent
 * (same measurement, tags and timestamp = same point) a replay after a restart overwrites and never
 * double counts.
 *
 * <pre>{@code
 * InfluxSinkSettings settings = InfluxSinkSettings.builder(url, "ioc").credentials(user, password).build();
 * RejectedPointHandler deadLetters = new KafkaDeadLetterHandler(kafkaProperties, "ioc.deadletter", "submissions");
 * points.sinkTo(new InfluxSink(settings, deadLetters)).uid("influx-sink").name("InfluxDB service_rates");
 * }</pre>
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Points are buffered up to {@link InfluxSinkSettings#batchSize()} and written in one
 *       request; a full buffer is written inside {@code write()}, so a slow InfluxDB slows the job
 *       down (back-pressure) instead of filling memory.
 *   <li>Every checkpoint (and the end of input) writes the buffer and waits until InfluxDB has it:
 *       a completed checkpoint means the data before it is in InfluxDB.
 *   <li>While InfluxDB is unreachable, times out or answers 5xx (or 408/429) the request is retried
 *       forever with exponential backoff and jitter (from {@link
 *       InfluxSinkSettings#initialBackoff()} up to {@link InfluxSinkSettings#maxBackoff()});
 *       nothing is evicted or dropped. The checkpoint then waits too, and may time out; the job's
 *       checkpoint timeout and restart strategy decide what happens next (it restarts from the last
 *       checkpoint and the replay rewrites the same points). influxdb-java's batching and retry
 *       buffer are not used: they evict the oldest batch when full.
 *   <li>A 400/422 is never retried as is: InfluxDB may have stored the good lines of the batch
 *       ("partial write"). The batch is bisected to find the refused points exactly; they are
 *       counted ({@code influxRejectedPoints}), summarized in one log line per batch and each one
 *       handed to the {@link RejectedPointHandler} (e.g. {@link KafkaDeadLetterHandler}), which is
 *       flushed with every checkpoint.
 *   <li>401, 403, 404 and other 4xx answers mean the sink is misconfigured (credentials,
 *       privileges, database, URL): the job fails with an {@link InfluxConfigurationException}
 *       naming the cause. No blind retry, no drop.
 *   <li>Tag values, tag keys, field keys and the measurement are sanitized ({@link TagValues}) so a
 *       newline, a backslash or an empty value can neither forge nor lose a point.
 *   <li>A point with {@link InfluxPoint#replace} is deleted (its series at its instant only) before
 *       it is written, in order with the other writes, so fields it no longer has disappear. The
 *       delete is skipped when the point sets every field key of its measurement (nothing can be
 *       left behind), and deletes at one instant are grouped into one statement.
 * </ul>
 *
 * <p>Metrics per subtask: counters {@code influxPointsWritten}, {@code influxWriteRetries}, {@code
 * influxRejectedPoints}, gauge {@code influxBufferedPoints}, and Flink's {@code numRecordsSend}.
 *
 * <h2>InfluxDB 2.x and 3.x (untested here: only 1.6 can be installed on the test machines)</h2>
 *
 * Both serve the 1.x {@code /write} and {@code /query} endpoints this sink uses.
 *
 * <ul>
 *   <li><b>2.x</b>: create the bucket, then a DBRP mapping so that the database name (and, if you
 *       set one, the retention policy name) points at it: {@code influx v1 dbrp create --db ioc
 *       --rp autogen --bucket-id <id> --default}. Settings: url = the 2.x server, database = the
 *       mapped database name, retention policy = the mapped one or null for the default, user = any
 *       non-empty name (e.g. {@code ioc}), password = an API token with write (and, for replacing
 *       points, read) permission on the bucket. InfluxDB 2.x implements InfluxQL's {@code DELETE},
 *       {@code SHOW TAG KEYS} and {@code SHOW FIELD KEYS} on its v1 {@code /query} endpoint, which
 *       replacing points need.
 *   <li><b>3.x</b> (Core/Enterprise/Cloud): database = the 3.x database name (it plays the bucket),
 *       retention policy = null, user = any name, password = the token. InfluxDB 3 cannot delete
 *       individual points: writes work, but a point with {@code replace=true} makes the job fail
 *       with a clear message rather than leave stale fields behind.
 * </ul>
 *
 * <p>Caveat of InfluxDB 1.x: {@code DELETE} works on the whole database, across retention policies;
 * a replacing point also removes that series at that instant from other retention policies of the
 * same database.
 */
public final class InfluxSink implements Sink<InfluxPoint> {
  private static final long serialVersionUID = 1L;

  private final InfluxSinkSettings settings;
  private final RejectedPointHandler rejectedHandler;

  /**
   * @param rejectedHandler receives each point InfluxDB refuses; every parallel writer gets its own
   *     copy (the sink is serialized to each subtask)
   */
  public InfluxSink(InfluxSinkSettings settings, RejectedPointHandler rejectedHandler) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.rejectedHandler = Objects.requireNonNull(rejectedHandler, "rejectedHandler");
  }

  @Override
  public SinkWriter<InfluxPoint> createWriter(WriterInitContext context) throws IOException {
    return new InfluxSinkWriter(
            settings,
            new InfluxClientTransport(settings),
            Thread::sleep,
            rejectedHandler,
            new RejectedPointHandler.Context(
                context.getJobInfo().getJobName(), context.getTaskInfo().getIndexOfThisSubtask()),
            context.metricGroup(),
            context.isObjectReuseEnabled())
        .flushingAfter(context.getProcessingTimeService(), settings.maxBatchDelay());
  }

  public InfluxSinkSettings settings() {
    return settings;
  }

  /**
   * Writes points from a plain Java process (not a Flink job: the notifier's delivery records) with
   * the sink's batching, retries and refusals. A call blocks while InfluxDB is unreachable (until
   * the thread is interrupted) and returns the refused points, each with InfluxDB's reason.
   */
  public static PointWriter pointWriter(InfluxSinkSettings settings) {
    InfluxTransport transport = new InfluxClientTransport(settings);
    InfluxBatchWriter writer =
        new InfluxBatchWriter(
            transport,
            settings.batchSize(),
            new Backoff(settings.initialBackoff(), settings.maxBackoff(), Math::random),
            Thread::sleep,
            new org.apache.flink.metrics.SimpleCounter(),
            new org.apache.flink.metrics.SimpleCounter());
    return new PointWriter() {
      @Override
      public java.util.List<String> write(java.util.List<InfluxPoint> points)
          throws IOException, InterruptedException {
        return writer.writeAll(points).stream().map(r -> r.point() + ": " + r.error()).toList();
      }

      @Override
      public void close() {
        transport.close();
      }
    };
  }

  /** {@link #pointWriter}: points in, refusals out. */
  public interface PointWriter extends AutoCloseable {
    java.util.List<String> write(java.util.List<InfluxPoint> points)
        throws IOException, InterruptedException;

    @Override
    void close();
  }

  @Override
  public String toString() {
    return "InfluxSink{" + settings + "}";
  }
}
