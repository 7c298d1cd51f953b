package vn.ioc.kafka;

import java.io.Serializable;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import vn.ioc.config.IocConfig;

/**
 * Kafka sources and sinks as every job builds them: security settings from the configuration,
 * bounded ("from the earliest retained offset to the offsets that exist at start") or live (from
 * the earliest retained offset, unless restored state says where it was; offsets are committed on
 * checkpoints for monitoring).
 */
public final class KafkaTopics {
  private KafkaTopics() {}

  public static <T> FinishingKafkaSource<T> source(
      IocConfig config,
      String job,
      String topic,
      KafkaRecordDeserializationSchema<T> deserializer,
      boolean bounded) {
    Properties props = config.kafkaClientProperties();
    var builder =
        KafkaSource.<T>builder()
            .setBootstrapServers(config.get(IocConfig.KAFKA_BOOTSTRAP))
            .setProperties(props)
            .setTopics(topic)
            .setGroupId(config.get(IocConfig.CONSUMER_GROUP_PREFIX) + "-" + job)
            .setDeserializer(deserializer)
            // read only committed transactional writes (e.g. records replayed by an exactly-once
            // sink)
            .setProperty("isolation.level", "read_committed");
    if (bounded) {
      builder
          .setStartingOffsets(OffsetsInitializer.earliest())
          .setBounded(OffsetsInitializer.latest());
      // a recompute must not move the live job's committed offsets
      builder.setProperty("commit.offsets.on.checkpoint", "false");
    } else {
      builder
          // Without restored state a live run reads everything retained: starting from the
          // committed offsets would rewrite windows that hold counts with partial sums. Restored
          // state carries its own offsets; the committed ones only show the group's lag.
          .setStartingOffsets(OffsetsInitializer.earliest())
          .setProperty("partition.discovery.interval.ms", "60000");
    }
    return new FinishingKafkaSource<>(builder.build());
  }

  /** Turns an element into a Kafka key and value, and may choose its partition. */
  public interface RecordWriter<T> extends Serializable {
    byte[] key(T element);

    byte[] value(T element);

    /** The element's partition; null (the default): the producer's, by the key's hash. */
    default Integer partition(T element) {
      return null;
    }
  }

  /**
   * The records a sink writes: key and value from {@code writer}, and no timestamp of their own, so
   * the producer stamps each with the wall clock when it sends it (and a topic with {@code
   * LogAppendTime}, the broker when it appends it). Never the element's event time, which Flink
   * hands in as {@code timestamp}: Kafka deletes a segment once its newest record timestamp is
   * older than the retention, so a simulated or replayed past (2024 in the demo) would go at once.
   */
  static <T> KafkaRecordSerializationSchema<T> records(String topic, RecordWriter<T> writer) {
    return (element, context, timestamp) ->
        new ProducerRecord<>(
            topic, writer.partition(element), null, writer.key(element), writer.value(element));
  }

  public static <T> KafkaSink<T> sink(
      IocConfig config,
      String job,
      String topic,
      RecordWriter<T> writer,
      DeliveryGuarantee guarantee) {
    Properties props = config.kafkaClientProperties();
    props.setProperty("compression.type", "lz4");
    props.setProperty("linger.ms", "20");
    // below the broker's transaction.max.timeout.ms (15 min by default)
    props.setProperty("transaction.timeout.ms", "600000");
    var builder =
        KafkaSink.<T>builder()
            .setBootstrapServers(config.get(IocConfig.KAFKA_BOOTSTRAP))
            .setKafkaProducerConfig(props)
            .setDeliveryGuarantee(guarantee)
            .setRecordSerializer(records(topic, writer));
    if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
      builder.setTransactionalIdPrefix(
          config.get(IocConfig.CONSUMER_GROUP_PREFIX) + "-" + job + "-" + topic);
    }
    return builder.build();
  }

  /**
   * The number of partitions of a topic. A job reads a topic whose event time drives it with one
   * source reader per partition: a reader with several partitions lets the watermark run ahead of a
   * partition it has not fetched yet (Flink registers a partition's watermark at its first fetch),
   * so that partition's records would come in late; a reader of its own holds the watermark at the
   * start until its partition is read.
   */
  public static int partitionCount(IocConfig config, String topic) {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(config.kafkaClientProperties())) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(60, java.util.concurrent.TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .size();
    } catch (Exception e) {
      throw new IllegalStateException("cannot describe topic " + topic + ": " + e, e);
    }
  }

  /**
   * The topic whose event time drives a job, read with one reader per partition ({@link
   * #partitionCount}); the caller names its uid.
   */
  public static <T> org.apache.flink.streaming.api.datastream.DataStreamSource<T> eventTimeFeed(
      org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env,
      IocConfig config,
      String job,
      String topic,
      KafkaRecordDeserializationSchema<T> deserializer,
      org.apache.flink.api.common.eventtime.WatermarkStrategy<T> watermarks,
      boolean bounded) {
    org.apache.flink.streaming.api.datastream.DataStreamSource<T> feed =
        env.fromSource(source(config, job, topic, deserializer, bounded), watermarks, topic);
    feed.setParallelism(partitionCount(config, topic));
    return feed;
  }

  /**
   * The partitions of a topic, assigned to a consumer (no group) and positioned at their earliest
   * retained offset; empty when the topic does not exist.
   */
  public static List<TopicPartition> assignFromStart(Consumer<?, ?> consumer, String topic) {
    var infos = consumer.partitionsFor(topic);
    if (infos == null || infos.isEmpty()) return List.of();
    var partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return partitions;
  }

  /**
   * A consumer that reads without a group (nothing committed), only committed transactional records
   * (the sinks are exactly-once: aborted attempts were never written).
   */
  public static org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> reader(
      IocConfig config, String clientId) {
    java.util.Properties p = config.kafkaClientProperties();
    p.setProperty(
        org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.setProperty(
        org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.setProperty(
        org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.setProperty(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    p.setProperty(org.apache.kafka.clients.consumer.ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.setProperty(
        org.apache.kafka.clients.consumer.ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    p.remove(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG);
    return new org.apache.kafka.clients.consumer.KafkaConsumer<>(
        p,
        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
  }

  public static boolean reachedEnd(
      org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer,
      java.util.Map<TopicPartition, Long> end) {
    for (java.util.Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) return false;
    }
    return true;
  }
}
