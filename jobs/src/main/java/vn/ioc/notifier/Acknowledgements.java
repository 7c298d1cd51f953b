package vn.ioc.notifier;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import vn.ioc.clock.EngineNow;
import vn.ioc.dispatch.Ack;

/**
 * What confirming an acknowledgement link does, apart from HTTP: an episode is acknowledged once.
 * The first confirmation publishes the ack (stamped with the engine's "now", naming the link's
 * episode) and remembers it; any later one, from the same link or another recipient's for the same
 * episode, publishes nothing and learns who acknowledged it and when, whether the alerting job has
 * applied the first yet or not. Confirmations are taken one at a time, so two at once cannot both
 * publish.
 */
final class Acknowledgements {
  /** How long a confirmation waits, at most, for the register to have read the acks back. */
  static final Duration READY_WAIT = Duration.ofSeconds(10);

  enum Result {
    /** Published: this confirmation acknowledged the episode. */
    RECORDED,
    /** The episode was acknowledged before ({@link Outcome#before}): nothing published. */
    ALREADY,
    /** A simulated clock has not ticked: there is no time to stamp the ack with. */
    NO_ENGINE_TIME,
    /** The acks given before are still being read back: try again shortly. */
    NOT_READY
  }

  record Outcome(Result result, AckRegister.Given before) {}

  private final AckPublisher publisher;
  private final AckRegister register;
  private final AlertEpisodes episodes;
  private final EngineNow now;
  private final Clock clock;
  private final Duration readyWait;
  private final Object confirming = new Object();

  /**
   * @param clock the wall clock, for when an ack was recorded (the register forgets by it)
   * @param readyWait how long a confirmation waits for the register to be ready ({@link
   *     #READY_WAIT})
   */
  Acknowledgements(
      AckPublisher publisher,
      AckRegister register,
      AlertEpisodes episodes,
      EngineNow now,
      Clock clock,
      Duration readyWait) {
    this.publisher = publisher;
    this.register = register;
    this.episodes = episodes;
    this.now = now;
    this.clock = clock;
    this.readyWait = readyWait;
  }

  /** What is known of the link's episode, or null. */
  AlertEpisodes.Seen seen(AckLinks.Claim c) {
    return episodes.seen(c.alertId(), c.since());
  }

  /**
   * Who acknowledged the link's episode, or null: the alerting job's word (its ACKNOWLEDGED event)
   * first, else an ack published or read back.
   */
  AckRegister.Given before(AckLinks.Claim c) {
    AlertEpisodes.Seen s = seen(c);
    if (s != null && s.acknowledgedBy() != null)
      return new AckRegister.Given(s.acknowledgedBy(), s.acknowledgedAt());
    return register.given(c.alertId(), c.since());
  }

  /**
   * Acknowledges the link's episode as its recipient, unless someone did already.
   *
   * @throws Exception the ack could not be stored (the broker): nothing is remembered
   */
  Outcome confirm(AckLinks.Claim c, String comment) throws Exception {
    if (!register.awaitReady(readyWait)) return new Outcome(Result.NOT_READY, null);
    synchronized (confirming) {
      AckRegister.Given before = before(c);
      if (before != null) return new Outcome(Result.ALREADY, before);
      OptionalLong at = now.millis();
      if (at.isEmpty()) return new Outcome(Result.NO_ENGINE_TIME, null);
      Ack ack =
          Ack.of(c.alertId(), c.unit(), c.recipient(), at.getAsLong(), comment)
              .forEpisode(c.since());
      publisher.publish(ack);
      register.remember(ack, clock.millis());
      return new Outcome(Result.RECORDED, null);
    }
  }
}
