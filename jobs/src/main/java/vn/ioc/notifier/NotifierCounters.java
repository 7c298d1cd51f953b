package vn.ioc.notifier;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the notifier did, counted, and logged at most once a minute (never a line per notification).
 * The consumer thread and the ack server's threads count; a timer logs.
 */
public final class NotifierCounters {
  private static final Logger LOG = LoggerFactory.getLogger(NotifierCounters.class);

  private final Map<String, AtomicLong> counts = new TreeMap<>();
  private volatile String lastFailure;
  private String loggedState = "";

  private synchronized AtomicLong counter(String name) {
    return counts.computeIfAbsent(name, n -> new AtomicLong());
  }

  void received() {
    counter("received").incrementAndGet();
  }

  /** One channel's outcome; {@code detail} names no contact (it comes from {@link Delivery}). */
  void outcome(ChannelOutcome o) {
    counter(o.channel() + "." + o.outcome()).incrementAndGet();
    if (o.attempts() > 1) counter(o.channel() + ".retries").addAndGet(o.attempts() - 1);
    if (ChannelOutcome.FAILED.equals(o.outcome())) lastFailure = o.channel() + ": " + o.detail();
  }

  void deadLetter(String reason) {
    counter("deadletters." + reason).incrementAndGet();
  }

  void recordsDropped(long n) {
    counter("records.dropped").addAndGet(n);
  }

  void acked() {
    counter("acks.published").incrementAndGet();
  }

  void ackFailed() {
    counter("acks.failed").incrementAndGet();
  }

  /** A confirmation of an episode acknowledged already: nothing published. */
  void ackRepeated() {
    counter("acks.repeated").incrementAndGet();
  }

  void ackRefused() {
    counter("acks.refused").incrementAndGet();
  }

  /** A copy of the counts (for tests and the log line). */
  public synchronized Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Logs the totals when they changed since the last line; the service calls it every minute. */
  void log() {
    Map<String, Long> now = snapshot();
    String state = now.toString();
    synchronized (this) {
      if (state.equals(loggedState)) return;
      loggedState = state;
    }
    String failure = lastFailure;
    LOG.info(
        "notifier totals since start: {}{}",
        state,
        failure == null ? "" : "; last failure " + failure);
  }
}
