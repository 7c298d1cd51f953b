package vn.ioc.notifier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ioc.clock.EngineNow;
import vn.ioc.dispatch.Notification;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.influx.InfluxSink;

/**
 * Delivery outcomes as points of {@value #MEASUREMENT}: tags {@code channel} (webhook, email) and
 * {@code outcome} (delivered, failed, skipped), two small fixed sets; fields {@code
 * notification_id}, {@code recipient} (the person id, never a contact), {@code attempts}, {@code
 * alerts} and {@code status} (HTTP status or SMTP code, when there was an answer).
 *
 * <p>The points go through a bounded queue to a writer thread (the project's InfluxDB writer, which
 * retries while InfluxDB is down), so a slow InfluxDB does not hold back a delivery; an outage long
 * enough to fill the queue ({@value #QUEUE} records) holds deliveries back until InfluxDB is back
 * (back-pressure, as the jobs do), rather than lose the record of who was told. Only what InfluxDB
 * refuses, or what is still queued when a stop outlasts its wait, is dropped, and counted and
 * logged. Each point gets its own millisecond (a series' points would otherwise overwrite each
 * other within one).
 *
 * <p>A point is stamped with the engine's "now" when the outcome is known ({@link EngineNow}: the
 * wall clock, or a simulated clock's newest tick, so a simulated year's deliveries lie in that year
 * beside its alerts); while a simulated clock has not ticked yet, with the digest's own time.
 */
final class InfluxDeliveryRecords implements NotificationHandler.DeliveryRecords, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxDeliveryRecords.class);
  static final String MEASUREMENT = "notification_deliveries";
  static final int QUEUE = 10_000;
  private static final int BATCH = 500;

  private final BlockingQueue<InfluxPoint> queue = new ArrayBlockingQueue<>(QUEUE);
  private final InfluxSink.PointWriter writer;
  private final NotifierCounters counters;
  private final EngineNow now;
  private final AtomicLong lastTime = new AtomicLong(Long.MIN_VALUE);
  private final Thread thread;
  private volatile boolean closing;

  InfluxDeliveryRecords(InfluxSink.PointWriter writer, NotifierCounters counters, EngineNow now) {
    this.writer = writer;
    this.counters = counters;
    this.now = now;
    this.thread = new Thread(this::run, "delivery-records");
    thread.setDaemon(true);
    thread.start();
  }

  /** The point of one outcome at {@code timeMillis}. */
  static InfluxPoint point(Notification n, ChannelOutcome o, long timeMillis) {
    InfluxPoint p =
        InfluxPoint.of(MEASUREMENT, timeMillis)
            .tag("channel", o.channel())
            .tag("outcome", o.outcome())
            .field("notification_id", n.notificationId)
            .field("recipient", n.recipient)
            .field("attempts", (long) o.attempts())
            .field("alerts", (long) n.alerts.size());
    if (o.status() > 0) p.field("status", (long) o.status());
    return p;
  }

  @Override
  public void record(Notification n, ChannelOutcome o) {
    long engineNow = now.millis().orElse(n.at);
    long t = lastTime.updateAndGet(last -> Math.max(engineNow, last + 1));
    try {
      queue.put(point(n, o, t));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      counters.recordsDropped(1);
    }
  }

  private void run() {
    List<InfluxPoint> batch = new ArrayList<>(BATCH);
    while (!(closing && queue.isEmpty())) {
      try {
        InfluxPoint first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        List<String> refused = writer.write(batch);
        if (!refused.isEmpty()) {
          counters.recordsDropped(refused.size());
          LOG.warn("InfluxDB refused {} delivery records, e.g. {}", refused.size(), refused.get(0));
        }
      } catch (InterruptedException e) {
        counters.recordsDropped(batch.size() + queue.size());
        return;
      } catch (Exception e) {
        // e.g. the database is missing: the records are lost, the notifications are not
        counters.recordsDropped(batch.size());
        LOG.warn("could not write {} delivery records to InfluxDB: {}", batch.size(), e.toString());
      } finally {
        batch.clear();
      }
    }
  }

  /** Writes what is queued, waiting at most {@code waitMillis}, then stops. */
  void close(long waitMillis) {
    closing = true;
    try {
      thread.join(waitMillis);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.close();
  }

  @Override
  public void close() {
    close(10_000);
  }
}
