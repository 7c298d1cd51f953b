package vn.ioc.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a topic on a thread of its own, without a consumer group (nothing is committed): from a
 * {@link Start} in each partition, then every record after it, until closed, each handed to a
 * handler on that thread. While the topic cannot be read (Kafka away, the topic not created yet) it
 * says so and tries again every 5 seconds. It has <em>caught up</em> once it has read everything
 * the topic held when it began: what it keeps in memory then reflects the topic.
 */
public final class TopicFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
  private static final Duration RETRY = Duration.ofSeconds(5);

  /** Where to begin reading each partition. */
  public interface Start {
    void seek(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions);
  }

  /** The last record of each partition (the newest value of a topic of states). */
  public static Start lastRecord() {
    return (consumer, partitions) -> {
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      for (TopicPartition p : partitions) consumer.seek(p, Math.max(0, end.get(p) - 1));
    };
  }

  /** The first record stamped at or after {@code epochMillis} (its Kafka timestamp). */
  public static Start stampedFrom(long epochMillis) {
    return (consumer, partitions) -> {
      Map<TopicPartition, Long> times = new HashMap<>();
      for (TopicPartition p : partitions) times.put(p, Math.max(0, epochMillis));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      for (TopicPartition p : partitions) {
        OffsetAndTimestamp o = found.get(p);
        consumer.seek(p, o == null ? end.get(p) : o.offset());
      }
    };
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Start start;
  private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
  private final String unreadable;
  private final Runnable onCaughtUp;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;

  /**
   * @param name the thread's name, and the follower's in log lines
   * @param unreadable what it means while the topic cannot be read, for the log
   * @param onCaughtUp called once, on the follower's thread, when it has caught up
   */
  public TopicFollower(
      KafkaConsumer<byte[], byte[]> consumer,
      String topic,
      Start start,
      Consumer<ConsumerRecord<byte[], byte[]>> handler,
      String name,
      String unreadable,
      Runnable onCaughtUp) {
    this.consumer = consumer;
    this.topic = topic;
    this.start = start;
    this.handler = handler;
    this.unreadable = unreadable;
    this.onCaughtUp = onCaughtUp;
    this.thread = new Thread(this::follow, name);
    thread.setDaemon(true);
  }

  public TopicFollower start() {
    thread.start();
    return this;
  }

  /** Waits until it has caught up; false if it has not within {@code timeout}. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void follow() {
    try {
      List<TopicPartition> partitions = List.of();
      while (partitions.isEmpty() && !closed.get()) {
        List<PartitionInfo> infos;
        try {
          infos = consumer.partitionsFor(topic);
        } catch (TimeoutException e) {
          infos = null; // Kafka away: try again
        }
        if (infos == null || infos.isEmpty()) {
          LOG.warn("{} cannot be read (yet): {}", topic, unreadable);
          Thread.sleep(RETRY.toMillis());
          continue;
        }
        partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      }
      if (closed.get()) return;
      consumer.assign(partitions);
      start.seek(consumer, partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (!closed.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500)))
          handler.accept(r);
        if (caughtUp.getCount() > 0 && KafkaTopics.reachedEnd(consumer, end)) {
          caughtUp.countDown();
          onCaughtUp.run();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (WakeupException e) {
      if (!closed.get()) LOG.warn("{} stopped: {}", thread.getName(), e.toString());
    } catch (RuntimeException e) {
      LOG.warn("{} stopped: {}", thread.getName(), e.toString());
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
