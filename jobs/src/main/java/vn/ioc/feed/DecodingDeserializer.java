package vn.ioc.feed;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetters;

/**
 * Decodes Kafka messages inside the source, so event time is known where watermarks are made (per
 * partition). A message the decoder refuses becomes a {@link Decoded} dead letter, never an
 * exception: the job never fails on input.
 */
public final class DecodingDeserializer<T> implements KafkaRecordDeserializationSchema<Decoded<T>> {
  private static final long serialVersionUID = 1L;

  private final String job;
  private final Decoder<T> decoder;
  private final TypeInformation<Decoded<T>> producedType;

  public DecodingDeserializer(
      String job, Decoder<T> decoder, TypeInformation<Decoded<T>> producedType) {
    this.job = job;
    this.decoder = decoder;
    this.producedType = producedType;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded<T>> out) {
    byte[] payload = record.value();
    try {
      if (payload == null) throw new ContractViolation("bad-json", "empty message (null value)");
      String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
      out.collect(
          Decoded.valid(decoder.decode(payload), record.partition(), record.offset())
              .from(record.timestamp(), key));
    } catch (ContractViolation v) {
      out.collect(Decoded.refused(deadLetter(job, v.reason(), v.getMessage(), record)));
    } catch (RuntimeException e) {
      // A decoder bug must not stop the job: the message is kept as a dead letter with the cause.
      out.collect(Decoded.refused(deadLetter(job, "decoder-error", String.valueOf(e), record)));
    }
  }

  /** A dead letter for {@code record}, carrying its coordinates and (up to a limit) its payload. */
  static DeadLetter deadLetter(
      String job, String reason, String detail, ConsumerRecord<byte[], byte[]> record) {
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    return DeadLetters.of(
        job,
        reason,
        detail,
        record.topic(),
        record.partition(),
        record.offset(),
        record.timestamp(),
        key,
        record.value());
  }

  @Override
  public TypeInformation<Decoded<T>> getProducedType() {
    return producedType;
  }
}
