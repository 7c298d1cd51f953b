package vn.ioc.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Says why a run is quiet: the run blocks in sending while the broker is away, and this watch tells
 * when Kafka has acknowledged nothing for {@link #SILENCE_NOTICE} while messages wait for it, and
 * again when it acknowledges once more.
 */
final class SilenceWatch {
  /** How long Kafka may leave every sent message unacknowledged before the run says it waits. */
  static final Duration SILENCE_NOTICE = Duration.ofSeconds(10);

  private final Acknowledgements acknowledged;
  private final String kafka;
  private final long deliveryTimeout;
  // since when Kafka has answered nothing while messages wait for it
  private final AtomicLong waitingSince = new AtomicLong(System.nanoTime());
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;

  /**
   * Watches {@code acknowledged} for Kafka at {@code kafka}, which gives up on a message after
   * {@code deliveryTimeout} milliseconds; started at once.
   */
  SilenceWatch(Acknowledgements acknowledged, String kafka, long deliveryTimeout) {
    this.acknowledged = acknowledged;
    this.kafka = kafka;
    this.deliveryTimeout = deliveryTimeout;
    thread = new Thread(this::watch, "simulator-kafka-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** Before a message is sent: with nothing else waiting, the wait for Kafka starts now. */
  void sending() {
    if (acknowledged.waiting() == 0) waitingSince.set(System.nanoTime());
  }

  /** Kafka answered about a message: acknowledged or refused it. */
  void answered() {
    waitingSince.set(System.nanoTime());
  }

  void close() {
    closed.set(true);
    thread.interrupt();
  }

  private void watch() {
    boolean told = false;
    while (!closed.get()) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      int unacknowledged = acknowledged.waiting();
      long waiting = unacknowledged > 0 ? System.nanoTime() - waitingSince.get() : 0;
      if (!told && waiting > SILENCE_NOTICE.toNanos()) {
        System.err.printf(
            Locale.ROOT,
            "simulate: Kafka at %s has acknowledged nothing for %d s; %d messages wait"
                + " for it, and the run carries on once it is back (it gives up after"
                + " %s)%n",
            kafka,
            TimeUnit.NANOSECONDS.toSeconds(waiting),
            unacknowledged,
            minutesOrSeconds(deliveryTimeout));
        told = true;
      } else if (told && waiting < SILENCE_NOTICE.toNanos()) {
        System.err.println("simulate: Kafka at " + kafka + " acknowledges again");
        told = false;
      }
    }
  }

  /** {@code 10 min}, {@code 90 s}. */
  static String minutesOrSeconds(long millis) {
    return millis % 60_000 == 0 ? millis / 60_000 + " min" : millis / 1000 + " s";
  }
}
