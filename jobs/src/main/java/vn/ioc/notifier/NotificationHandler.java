package vn.ioc.notifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetters;
import vn.ioc.dispatch.Notification;
import vn.ioc.dispatch.NotificationJson;
import vn.ioc.feed.ContractViolation;
import vn.ioc.reference.Directory;

/**
 * Everything done with one outbox message, from its bytes to its last outcome: decode it, find the
 * recipient, render the digest with its ack links, deliver it on every channel that is on, record
 * each outcome, and dead-letter what cannot be delivered. When {@link #handle} returns, the message
 * is finished and its offset may be committed.
 *
 * <p>Dead letters (job {@value #JOB}) carry the original message, key and offset, so {@code
 * deploy/ioc deadletters --replay} publishes it to {@code ioc.notifications} again once the cause
 * is fixed: {@code unknown-recipient} (a person id people.csv lacks), the decoder's reasons for an
 * unreadable message, and {@code delivery-failed} (one dead letter per message, naming every failed
 * channel with its status: a replay redelivers on every channel, and the idempotency key and
 * Message-ID let the other side drop what it already has). No dead letter names a contact.
 */
final class NotificationHandler {
  static final String JOB = "notifier";
  static final String UNKNOWN_RECIPIENT = "unknown-recipient";
  static final String DELIVERY_FAILED = "delivery-failed";

  /** Publishes a dead letter and returns once it is stored. */
  interface DeadLetterPublisher {
    void publish(DeadLetter d) throws Exception;
  }

  /** Writes delivery outcomes (InfluxDB in the service). Never blocks delivery. */
  interface DeliveryRecords {
    void record(Notification n, ChannelOutcome outcome);
  }

  private final Directory directory;
  private final List<Channel> channels;
  private final Delivery delivery;
  private final AckLinks links;
  private final Duration linkTtl;
  private final DeadLetterPublisher deadLetters;
  private final DeliveryRecords records;
  private final NotifierCounters counters;

  NotificationHandler(
      Directory directory,
      List<Channel> channels,
      Delivery delivery,
      AckLinks links,
      Duration linkTtl,
      DeadLetterPublisher deadLetters,
      DeliveryRecords records,
      NotifierCounters counters) {
    this.directory = directory;
    this.channels = List.copyOf(channels);
    this.delivery = delivery;
    this.links = links;
    this.linkTtl = linkTtl;
    this.deadLetters = deadLetters;
    this.records = records;
    this.counters = counters;
  }

  /**
   * Handles one message; returns the outcome per channel (empty when it was dead-lettered before
   * delivery).
   *
   * @throws Delivery.Abandoned the service stops during a retry wait: not finished, not committed
   * @throws Exception a dead letter could not be stored: not finished, not committed
   */
  List<ChannelOutcome> handle(ConsumerRecord<byte[], byte[]> r) throws Exception {
    counters.received();
    Notification n;
    try {
      n = NotificationJson.decode(r.value());
    } catch (ContractViolation e) {
      deadLetter(r, e.reason(), e.getMessage());
      return List.of();
    }
    Directory.Person person = directory.people().get(n.recipient);
    if (person == null) {
      deadLetter(r, UNKNOWN_RECIPIENT, "person " + n.recipient + " is not in people.csv");
      return List.of();
    }
    Digest digest = digest(n, person, r.timestamp());
    List<ChannelOutcome> outcomes = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Channel c : channels) {
      ChannelOutcome o =
          c.reaches(person) ? delivery.deliver(c, digest) : ChannelOutcome.skipped(c.name());
      outcomes.add(o);
      counters.outcome(o);
      records.record(n, o);
      if (ChannelOutcome.FAILED.equals(o.outcome())) failures.add(o.channel() + ": " + o.detail());
    }
    if (!failures.isEmpty()) deadLetter(r, DELIVERY_FAILED, String.join("; ", failures));
    return outcomes;
  }

  /**
   * The digest for this person. Its links expire {@code ttl} after the digest was written to the
   * outbox (the record's timestamp), or after its engine time when that is later: a replayed or
   * simulated past still gets links a person can use, and a retry or a redelivery of the same
   * record carries byte-identical links and bodies.
   */
  Digest digest(Notification n, Directory.Person person, long writtenAt) {
    long expires = Math.floorDiv(Math.max(n.at, writtenAt), 1000) + linkTtl.toSeconds();
    List<String> urls = new ArrayList<>(n.alerts.size());
    for (Notification.Notice a : n.alerts) {
      urls.add(
          a.ackable
              ? links.link(new AckLinks.Claim(a.alertId, a.unit, person.id(), a.since, expires))
              : null);
    }
    return new Digest(n, person, DigestText.render(n, urls), urls);
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, String detail)
      throws Exception {
    DeadLetter d =
        DeadLetters.of(
            JOB,
            reason,
            detail,
            r.topic(),
            r.partition(),
            r.offset(),
            r.timestamp(),
            r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
            r.value());
    deadLetters.publish(d);
    counters.deadLetter(reason);
  }
}
