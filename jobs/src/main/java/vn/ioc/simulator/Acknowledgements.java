package vn.ioc.simulator;

import java.util.ArrayDeque;

/**
 * The messages sent to Kafka that it has not acknowledged yet, in the order sent. Kafka
 * acknowledges in order within a partition but not across partitions, so the position a run may be
 * continued from is the newest message acknowledged together with all sent before it.
 */
final class Acknowledgements {
  static final class Sent {
    final Emission emission;
    boolean acknowledged;

    Sent(Emission emission) {
      this.emission = emission;
    }
  }

  private final ArrayDeque<Sent> waiting = new ArrayDeque<>();
  private Emission last;
  private long count;

  synchronized Sent sent(Emission e) {
    Sent s = new Sent(e);
    waiting.addLast(s);
    return s;
  }

  synchronized void acknowledged(Sent s) {
    s.acknowledged = true;
    count++;
    while (!waiting.isEmpty() && waiting.peekFirst().acknowledged)
      last = waiting.pollFirst().emission;
  }

  /** The newest message acknowledged together with every one sent before it, or null. */
  synchronized Emission last() {
    return last;
  }

  synchronized long count() {
    return count;
  }

  synchronized int waiting() {
    return waiting.size();
  }
}
