package vn.ioc.notifier;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import vn.ioc.dispatch.Ack;
import vn.ioc.dispatch.AckDecoder;
import vn.ioc.feed.ContractViolation;

/**
 * The acknowledgements of firing episodes the ack server knows were given: those it published, and
 * those on {@code ioc.alert-acks} read back from the oldest time a valid link can have been sent on
 * (so the memory survives a restart). The first ack of an episode is the one kept: it is the one
 * the alerting job applies. Acks that name no episode (written before acks named one, or by a tool)
 * are left out; the job's ACKNOWLEDGED events ({@link AlertEpisodes}) cover them.
 *
 * <p>Bounded: an ack is forgotten {@code keep} after it was recorded (by then every link sent
 * before it has expired, and none is sent after it), and beyond {@code capacity} the oldest goes
 * first. It is <em>ready</em> once it has read the topic back; until then the server does not
 * publish, so a restart never lets a second ack of the same episode through.
 */
final class AckRegister {
  /** Who acknowledged, and when (engine time; {@link AlertEpisodes#UNKNOWN} when not known). */
  record Given(String by, long at) {}

  private record Recorded(Given given, long recordedAt) {}

  private final AckDecoder decoder = new AckDecoder();
  private final long keepMs;
  private final int capacity;
  private final Map<AlertEpisodes.Episode, Recorded> acks = new LinkedHashMap<>();
  private final CountDownLatch ready = new CountDownLatch(1);

  AckRegister(Duration keep, int capacity) {
    this.keepMs = keep.toMillis();
    this.capacity = capacity;
  }

  /** A register with nothing to read back. */
  static AckRegister readyEmpty(Duration keep, int capacity) {
    AckRegister r = new AckRegister(keep, capacity);
    r.markReady();
    return r;
  }

  /** The first ack of the episode, or null. */
  synchronized Given given(String alertId, long since) {
    Recorded r = acks.get(new AlertEpisodes.Episode(alertId, since));
    return r == null ? null : r.given();
  }

  synchronized int size() {
    return acks.size();
  }

  /** Remembers {@code ack} (of an episode) unless its episode has one already. */
  synchronized void remember(Ack ack, long recordedAt) {
    if (ack.since == Ack.ANY_EPISODE) return;
    acks.putIfAbsent(
        new AlertEpisodes.Episode(ack.alertId, ack.since),
        new Recorded(new Given(ack.by, ack.at), recordedAt));
    Iterator<Recorded> oldest = acks.values().iterator();
    while (oldest.hasNext()) {
      Recorded r = oldest.next();
      if (acks.size() <= capacity && r.recordedAt() >= recordedAt - keepMs) break;
      oldest.remove();
    }
  }

  /** Takes a record of {@code ioc.alert-acks}, stamped {@code recordedAt}. */
  void offer(byte[] value, long recordedAt) {
    if (value == null) return;
    try {
      remember(decoder.decode(value), recordedAt);
    } catch (ContractViolation e) {
      // the job refuses it too: it acknowledged nothing
    }
  }

  void markReady() {
    ready.countDown();
  }

  /** Waits until the topic has been read back; false if not within {@code timeout}. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
