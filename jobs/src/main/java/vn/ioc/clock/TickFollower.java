package vn.ioc.clock;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ioc.feed.ContractViolation;

/**
 * A simulated clock's "now": follows the clock topic from its last tick on and keeps the newest
 * valid tick's time ({@link EngineNow}, kind {@code ticks}). Ticks that do not decode are skipped
 * (the jobs dead-letter them). Reads without a consumer group, on a thread of its own.
 */
public final class TickFollower implements EngineNow, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TickFollower.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final ClockDecoder decoder = new ClockDecoder();
  private final AtomicLong newest = new AtomicLong(Long.MIN_VALUE);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;

  public TickFollower(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
    this.thread = new Thread(this::follow, "engine-clock-follower");
    thread.setDaemon(true);
  }

  public TickFollower start() {
    thread.start();
    return this;
  }

  @Override
  public OptionalLong millis() {
    long t = newest.get();
    return t == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(t);
  }

  /** Takes a tick's record: the newest time wins (a tick that goes back changes nothing). */
  void offer(byte[] value) {
    try {
      long at = decoder.decode(value).at;
      newest.accumulateAndGet(at, Math::max);
    } catch (ContractViolation e) {
      // refused by the jobs too; it says nothing of the time
    }
  }

  private void follow() {
    try {
      List<TopicPartition> partitions = List.of();
      while (partitions.isEmpty() && !closed.get()) {
        List<org.apache.kafka.common.PartitionInfo> infos;
        try {
          infos = consumer.partitionsFor(topic);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
          infos = null; // Kafka away: try again
        }
        if (infos == null || infos.isEmpty()) {
          LOG.warn("the clock topic {} cannot be read (yet): no engine time until it can", topic);
          Thread.sleep(5_000);
          continue;
        }
        partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      }
      consumer.assign(partitions);
      // the last tick of each partition, then everything after it
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      for (TopicPartition p : partitions) consumer.seek(p, Math.max(0, end.get(p) - 1));
      while (!closed.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500)))
          if (r.value() != null) offer(r.value());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (WakeupException e) {
      if (!closed.get()) LOG.warn("the engine clock follower stopped: {}", e.toString());
    } catch (RuntimeException e) {
      LOG.warn("the engine clock follower stopped: {}", e.toString());
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed.set(true);
    consumer.wakeup();
    thread.join(5_000);
  }
}
