package vn.ioc.notifier;

import vn.ioc.influx.Backoff;

/**
 * Delivers a digest on one channel with retries: 408, 429, 5xx, SMTP 4xx and no answer at all are
 * tried again after {@code min(max, initial·2^(n-1))} (no jitter: one notifier is one sender), up
 * to {@code maxAttempts} attempts in all; a 2xx (250) delivers; any other answer fails at once.
 *
 * <p>The caller waits: retrying blocks the partition, so digests reach a person in the order the
 * alerting job wrote them. A gateway that stays down holds back every later digest for at most the
 * retry budget (8 attempts from 1 s: about two minutes of waiting, plus the request timeouts). A
 * receiver that says how long to wait ({@code Retry-After}) is waited for that long when it is
 * longer than the backoff, up to {@link #MAX_RETRY_AFTER_MS}.
 */
final class Delivery {
  /** Waits between attempts; false when the service is stopping (the record is then abandoned). */
  interface Pause {
    boolean pause(long millis) throws InterruptedException;
  }

  /** The service is stopping during a retry wait: the record is not finished, not committed. */
  static final class Abandoned extends Exception {
    Abandoned() {
      super("stopping", null, false, false);
    }
  }

  /** The longest wait a receiver's {@code Retry-After} can ask for: it holds up the partition. */
  static final long MAX_RETRY_AFTER_MS = 5 * 60_000;

  private final int maxAttempts;
  private final Backoff backoff;
  private final Pause pause;

  Delivery(int maxAttempts, Backoff backoff, Pause pause) {
    if (maxAttempts < 1) throw new IllegalArgumentException("max-attempts must be at least 1");
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.pause = pause;
  }

  ChannelOutcome deliver(Channel channel, Digest digest) throws InterruptedException, Abandoned {
    for (int attempt = 1; ; attempt++) {
      Channel.Attempt a = channel.send(digest);
      switch (a.result()) {
        case DELIVERED -> {
          return new ChannelOutcome(
              channel.name(), ChannelOutcome.DELIVERED, attempt, a.status(), a.detail());
        }
        case PERMANENT -> {
          return failed(channel, attempt, a, "refused");
        }
        case RETRY -> {
          if (attempt >= maxAttempts) return failed(channel, attempt, a, "still failing");
          long wait = backoff.delayMillis(attempt);
          if (a.retryAfterMillis() > wait)
            wait = Math.min(a.retryAfterMillis(), MAX_RETRY_AFTER_MS);
          if (!pause.pause(wait)) throw new Abandoned();
        }
      }
    }
  }

  private static ChannelOutcome failed(Channel c, int attempts, Channel.Attempt a, String how) {
    return new ChannelOutcome(
        c.name(),
        ChannelOutcome.FAILED,
        attempts,
        a.status(),
        how + " after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ") + a.detail());
  }
}
